package io.jenkins.plugins.pythonmirror.policy;

import static org.assertj.core.api.Assertions.assertThat;

import io.jenkins.plugins.pythonmirror.pep.ProjectName;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The policy as the Jenkins form's text fields: one entry per line, problems as sentences, both ways. */
class PolicyTextTest {

    static final PolicyText.Values FORM = new PolicyText.Values(
            "7d",
            true,
            "acme-*, team-*\n# a comment\nfastlib",
            "numpy: 14d\n\nurllib3: 0",
            "demo==1.0: broken wheel: see https://example.com/issue/12\n# old: x==1\nevil: typosquat");

    @Test
    void convertsTheFields() {
        PolicyText.Result r = PolicyText.convert(FORM);
        assertThat(r.problems()).isEmpty();
        ReleasePolicy p = r.policy().orElseThrow();
        assertThat(p.minReleaseAge()).isEqualTo(Duration.ofDays(7));
        assertThat(p.unknownAge()).isEqualTo(ReleasePolicy.UnknownAge.HOLD);
        assertThat(p.neverHeld()).containsExactly("acme-*", "team-*", "fastlib");
        assertThat(p.ageOverrides()).containsEntry(ProjectName.parse("urllib3"), Duration.ZERO);
        assertThat(p.blocked())
                .extracting(BlockedRelease::reason)
                .containsExactly("broken wheel: see https://example.com/issue/12", "typosquat");
    }

    @Test
    void blankFieldsAreTheEmptyPolicy() {
        PolicyText.Result r = PolicyText.convert(new PolicyText.Values("", false, "", "", ""));
        assertThat(r.policy()).contains(ReleasePolicy.NONE);
        assertThat(PolicyText.convert(new PolicyText.Values(null, false, null, null, null))
                        .policy())
                .contains(ReleasePolicy.NONE);
    }

    @Test
    void everyProblemIsReportedAndNoPolicyIsMade() {
        PolicyText.Result r = PolicyText.convert(
                new PolicyText.Values("a week", false, "", "numpy 14d\nscipy: -1", "demo==1.0\nx=1: y"));
        assertThat(r.policy()).isEmpty();
        assertThat(r.problems())
                .containsExactly(
                        "The minimum release age: Invalid duration 'a week': use a number with ms, s, m, h or d,"
                                + " such as 10m",
                        "Age override 'numpy 14d' must be a project name, a colon and an age, such as numpy: 14d",
                        "The release age of scipy: Invalid duration '-1': use a number with ms, s, m, h or d,"
                                + " such as 10m",
                        "Blocked release 'demo==1.0' needs a reason after a colon, such as demo==1.0: broken wheel",
                        "Blocked release 'x=1': clause '=1': expected an operator (~=, ==, !=, <=, >=, <, >, ===) and"
                                + " a version");
    }

    @Test
    void fieldChecksJudgeOneFieldEach() {
        assertThat(PolicyText.checkMinReleaseAge("12h")).isEmpty();
        assertThat(PolicyText.checkMinReleaseAge("soon")).isPresent();
        assertThat(PolicyText.checkNeverHeld("acme-*")).isEmpty();
        assertThat(PolicyText.checkNeverHeld("acme/*")).isPresent();
        assertThat(PolicyText.checkAgeOverrides("numpy: 1d")).isEmpty();
        assertThat(PolicyText.checkBlockedReleases("demo>=2,<2.1: regression")).isEmpty();
        assertThat(PolicyText.checkBlockedReleases("demo>=2,<2.1")).isPresent();
    }

    @Test
    void aPolicyWrittenBackIntoTheFormReadsTheSame() {
        ReleasePolicy p = PolicyText.convert(FORM).policy().orElseThrow();
        PolicyText.Values back = PolicyText.toValues(p);
        assertThat(back.blockedReleases())
                .isEqualTo("demo==1.0: broken wheel: see https://example.com/issue/12\nevil: typosquat");
        assertThat(PolicyText.convert(back).policy()).contains(p);
        assertThat(PolicyText.toValues(ReleasePolicy.NONE).minReleaseAge()).isEmpty();
    }
}
