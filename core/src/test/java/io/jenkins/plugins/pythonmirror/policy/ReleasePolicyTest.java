package io.jenkins.plugins.pythonmirror.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jenkins.plugins.pythonmirror.pep.ProjectName;
import io.jenkins.plugins.pythonmirror.policy.ReleasePolicy.Release;
import io.jenkins.plugins.pythonmirror.policy.ReleasePolicy.UnknownAge;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The pure rules of the release policy, each at the instant a test chooses. */
class ReleasePolicyTest {

    static final ProjectName DEMO = ProjectName.parse("demo");
    static final Instant NOW = Instant.parse("2026-12-05T10:00:00Z");

    static ReleasePolicy age(String minAge, UnknownAge unknown) {
        return new ReleasePolicy(Duration.parse(minAge), unknown, List.of(), Map.of(), List.of());
    }

    static Release upstream(String filename, String uploadTime) {
        return new Release(DEMO, filename, uploadTime, false);
    }

    static String outcome(Decision d) {
        return d.kind() + (d.until() == null ? "" : " " + d.until());
    }

    /** Upload times around the 7-day boundary, in PEP 700's form and others a page may carry. */
    @ParameterizedTest(name = "uploaded {0} → {1}")
    @CsvSource(
            delimiter = '|',
            value = {
                // the boundary: visible at upload + 7d exactly, held one second before
                "2026-11-28T10:00:00Z         | VISIBLE",
                "2026-11-28T10:00:01Z         | HELD 2026-12-05T10:00:01Z",
                "2026-11-28T09:59:59Z         | VISIBLE",
                "2026-11-28T10:00:00.000001Z  | HELD 2026-12-05T10:00:00.000001Z",
                "2026-11-05T10:00:00Z         | VISIBLE",
                "2026-12-05T09:00:00.123456Z  | HELD 2026-12-12T09:00:00.123456Z",
                // an upload time in the future is held (clock skew or a bad page): never served early
                "2026-12-06T00:00:00Z         | HELD 2026-12-13T00:00:00Z",
                // time zones: the instant counts, not the wall clock
                "2026-11-28T12:00:00+02:00    | VISIBLE",
                "2026-11-28T12:00:01+02:00    | HELD 2026-12-05T10:00:01Z",
                "2026-11-28T05:00:01-05:00    | HELD 2026-12-05T10:00:01Z",
                "2026-11-28T10:00:01+0000     | HELD 2026-12-05T10:00:01Z",
                // no zone at all is taken as UTC (Pep700.uploadTime), a space for T too
                "2026-11-28T10:00:01          | HELD 2026-12-05T10:00:01Z",
                "2026-11-28 10:00:01          | HELD 2026-12-05T10:00:01Z",
            })
    void holdsAFileUntilItsUploadTimePlusTheMinimumAge(String uploaded, String expected) {
        Decision d = age("P7D", UnknownAge.ALLOW).decide(upstream("demo-2.0-py3-none-any.whl", uploaded), NOW);
        assertThat(outcome(d)).isEqualTo(expected);
    }

    @Test
    void theReasonNamesTheAgeAndTheInstant() {
        Decision d = age("P7D", UnknownAge.ALLOW).decide(upstream("demo-2.0.tar.gz", "2026-12-05T09:00:00.5Z"), NOW);
        assertThat(d.reason())
                .isEqualTo("held back by the mirror's minimum release age (7d) until 2026-12-12T09:00:00Z");
        assertThat(d.explain("demo-2.0.tar.gz")).startsWith("demo-2.0.tar.gz is held back by");
    }

    @ParameterizedTest(name = "upload time \"{0}\", unknown age {1} → {2}")
    @CsvSource(
            delimiter = '|',
            value = {
                "               | ALLOW | VISIBLE",
                "               | HOLD  | UNKNOWN_AGE",
                "yesterday      | ALLOW | VISIBLE",
                "yesterday      | HOLD  | UNKNOWN_AGE",
                "2026-02-30T00:00:00Z | HOLD | UNKNOWN_AGE",
            })
    void aFileWithoutAReadableUploadTimeFollowsTheUnknownAgeSetting(
            String uploaded, UnknownAge unknown, Decision.Kind expected) {
        Decision d = age("P7D", unknown).decide(upstream("demo-2.0.tar.gz", uploaded), NOW);
        assertThat(d.kind()).isEqualTo(expected);
        if (expected == Decision.Kind.UNKNOWN_AGE) {
            assertThat(d.reason())
                    .isEqualTo("held back by the mirror's minimum release age (7d): the upstream gives no upload time");
        }
    }

    @Test
    void unknownAgeHoldsNothingWhenNoAgeApplies() {
        assertThat(age("PT0S", UnknownAge.HOLD)
                        .decide(upstream("demo-2.0.tar.gz", null), NOW)
                        .isVisible())
                .isTrue();
        assertThat(age("PT0S", UnknownAge.HOLD).isEmpty()).isTrue();
    }

    static final ReleasePolicy WITH_EXCEPTIONS = new ReleasePolicy(
            Duration.ofDays(7),
            UnknownAge.HOLD,
            List.of("acme-*", "fastlib"),
            Map.of(
                    ProjectName.parse("numpy"), Duration.ofDays(14),
                    ProjectName.parse("urllib3"), Duration.ZERO,
                    ProjectName.parse("acme-slow"), Duration.ofDays(3)),
            List.of());

    @ParameterizedTest(name = "{0} uploaded {1} → {2}")
    @CsvSource(
            delimiter = '|',
            value = {
                // never-held patterns match normalized names, and also exempt files of unknown age
                "Acme_Tools | 2026-12-05T09:00:00Z | VISIBLE",
                "acme.tools |                      | VISIBLE",
                "fastlib    | 2026-12-05T09:00:00Z | VISIBLE",
                "fastlib2   | 2026-12-05T09:00:00Z | HELD",
                // a per-project age replaces the minimum, longer or shorter
                "numpy      | 2026-11-25T10:00:00Z | HELD",
                "numpy      | 2026-11-21T10:00:00Z | VISIBLE",
                "urllib3    | 2026-12-05T09:59:00Z | VISIBLE",
                "urllib3    |                      | VISIBLE",
                // an exact override is more specific than a pattern
                "acme-slow  | 2026-12-04T10:00:00Z | HELD",
                "acme-slow  | 2026-12-01T10:00:00Z | VISIBLE",
                "other      | 2026-12-01T10:00:00Z | HELD",
                "other      |                      | UNKNOWN_AGE",
            })
    void neverHeldPatternsAndPerProjectAgesOverrideTheMinimum(String project, String uploaded, Decision.Kind expected) {
        ProjectName name = ProjectName.parse(project);
        Release r = new Release(name, name.filenameForm() + "-1.0-py3-none-any.whl", uploaded, false);
        assertThat(WITH_EXCEPTIONS.decide(r, NOW).kind()).isEqualTo(expected);
    }

    @ParameterizedTest(name = "block {0}: {1} → {2}")
    @CsvSource(
            delimiter = '|',
            value = {
                "demo==1.0             | demo-1.0-py3-none-any.whl      | true",
                "demo==1.0             | demo-1.0.tar.gz                | true",
                "demo==1.0             | demo-1.0.0.tar.gz              | true",
                "demo==1.0             | demo-1.0.1-py3-none-any.whl    | false",
                "demo==1.0             | demo-1.0+local-py3-none-any.whl| true",
                "Demo                  | demo-0.1.tar.gz                | true",
                "Demo                  | demo-foobar.tar.gz             | true",
                "demo >=2.0, <2.1      | demo-2.0.5-py3-none-any.whl    | true",
                "demo >=2.0, <2.1      | demo-2.1.0-py3-none-any.whl    | false",
                "demo >=2.0, <2.1      | demo-1.9-py3-none-any.whl      | false",
                // pre-releases are blocked when the specifier admits them: no opt-in needed to block
                "demo>=2.0             | demo-2.1rc1-py3-none-any.whl   | true",
                "demo==1.0.*           | demo-1.0.post1.tar.gz          | true",
                "demo!=1.0             | demo-1.0.tar.gz                | false",
                // PEP 440 arbitrary equality compares the version as the filename writes it
                "demo===1.01           | demo-1.01.tar.gz               | true",
                "demo===1.01           | demo-1.1.tar.gz                | false",
                // another project's files are never blocked by this entry
                "demo                  | demolition-1.0.tar.gz          | false",
            })
    void blockedReleasesMatchTheFilesVersionAsWritten(String release, String filename, boolean blocked) {
        ReleasePolicy p = new ReleasePolicy(
                Duration.ZERO,
                UnknownAge.ALLOW,
                List.of(),
                Map.of(),
                List.of(BlockedRelease.parse(release, "compromised")));
        ProjectName project = filename.startsWith("demolition") ? ProjectName.parse("demolition") : DEMO;
        Decision d = p.decide(new Release(project, filename, "2020-01-01T00:00:00Z", false), NOW);
        assertThat(d.kind()).isEqualTo(blocked ? Decision.Kind.BLOCKED : Decision.Kind.VISIBLE);
    }

    @Test
    void aBlockedReleaseIsRefusedWhateverItsAgeAndEvenIfNeverHeld() {
        ReleasePolicy p = new ReleasePolicy(
                Duration.ofDays(7),
                UnknownAge.ALLOW,
                List.of("demo"),
                Map.of(),
                List.of(BlockedRelease.parse("demo==1.0", "broken wheel, see https://example.com/i/12")));
        Decision d = p.decide(upstream("demo-1.0-py3-none-any.whl", "2020-01-01T00:00:00Z"), NOW);
        assertThat(d.kind()).isEqualTo(Decision.Kind.BLOCKED);
        assertThat(d.reason())
                .isEqualTo("blocked by the mirror's policy (demo==1.0): broken wheel, see https://example.com/i/12");
    }

    @Test
    void privateFilesAreExemptFromEveryRule() {
        ReleasePolicy p = new ReleasePolicy(
                Duration.ofDays(7),
                UnknownAge.HOLD,
                List.of(),
                Map.of(),
                List.of(BlockedRelease.parse("demo", "not this one")));
        assertThat(p.decide(Release.privateFile(DEMO, "demo-2.0-py3-none-any.whl"), NOW)
                        .isVisible())
                .isTrue();
        assertThat(p.decide(upstream("demo-2.0-py3-none-any.whl", null), NOW).isVisible())
                .isFalse();
    }

    @Test
    void noRulesMeansEveryFileIsVisible() {
        assertThat(ReleasePolicy.NONE.isEmpty()).isTrue();
        assertThat(ReleasePolicy.NONE
                        .decide(upstream("demo-2.0.tar.gz", null), NOW)
                        .isVisible())
                .isTrue();
        assertThat(age("P7D", UnknownAge.ALLOW).isEmpty()).isFalse();
        assertThat(new ReleasePolicy(
                                Duration.ZERO, UnknownAge.ALLOW, List.of(), Map.of(DEMO, Duration.ofDays(1)), List.of())
                        .isEmpty())
                .as("a per-project age alone is a rule")
                .isFalse();
    }

    @Test
    void badRulesAreRefusedWithTheEntryNamed() {
        assertThatThrownBy(() -> age("PT-1S", UnknownAge.ALLOW))
                .isInstanceOf(InvalidPolicyException.class)
                .hasMessage("The minimum release age must not be negative");
        assertThatThrownBy(() -> BlockedRelease.parse("demo=1.0", "x"))
                .hasMessageContaining("Blocked release 'demo=1.0'");
        assertThatThrownBy(() -> BlockedRelease.parse("demo==1.0", " "))
                .hasMessage("Blocked release 'demo==1.0' needs a reason (the one line builds are shown)");
        assertThatThrownBy(() -> BlockedRelease.parse("demo==1.0", "two\nlines"))
                .hasMessage("The reason for blocking 'demo==1.0' must be one line");
        assertThatThrownBy(() ->
                        new ReleasePolicy(Duration.ZERO, UnknownAge.ALLOW, List.of("acme/*"), Map.of(), List.of()))
                .isInstanceOf(InvalidPolicyException.class)
                .hasMessageContaining("acme/*");
        assertThatThrownBy(() -> UnknownAge.parse("maybe"))
                .hasMessage("Unknown age must be 'allow' or 'hold', not 'maybe'");
    }

    @Test
    void policiesWithTheSameRulesAreEqual() {
        ReleasePolicy a = new ReleasePolicy(
                Duration.ofDays(7),
                UnknownAge.ALLOW,
                List.of(" acme-* "),
                Map.of(ProjectName.parse("NumPy"), Duration.ofDays(14)),
                List.of(BlockedRelease.parse("Demo == 1.0", "x")));
        ReleasePolicy b = new ReleasePolicy(
                Duration.ofHours(168),
                UnknownAge.ALLOW,
                List.of("acme-*"),
                Map.of(ProjectName.parse("numpy"), Duration.ofDays(14)),
                List.of(BlockedRelease.parse("demo==1.0", "x")));
        assertThat(a).isEqualTo(b).hasSameHashCodeAs(b);
        assertThat(a.blocked().get(0).release()).isEqualTo("demo==1.0");
    }
}
