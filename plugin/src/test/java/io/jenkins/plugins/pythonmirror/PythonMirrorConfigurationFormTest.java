package io.jenkins.plugins.pythonmirror;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jenkins.plugins.pythonmirror.policy.PolicyDocument;
import io.jenkins.plugins.pythonmirror.policy.ReleasePolicy;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.objenesis.ObjenesisStd;

/**
 * A submitted configuration form is applied all or nothing. The configuration is a Jenkins descriptor whose
 * constructor needs a running Jenkins, so the instance is made without running constructors, and {@code save()} is
 * the Jenkins call the test counts instead.
 */
class PythonMirrorConfigurationFormTest {

    @TempDir
    static Path dataDir;

    /** The configuration with saving and the Jenkins home replaced by a count and a temporary folder. */
    static class Counted extends PythonMirrorConfiguration {
        int saves;

        @Override
        public synchronized void save() {
            saves++;
        }

        @Override
        Path defaultDataDir() {
            return dataDir;
        }
    }

    Counted config;

    @BeforeEach
    void saved() {
        config = new ObjenesisStd().newInstance(Counted.class);
        config.setUpstreams(List.of(new UpstreamEntry("https://pypi.org/simple/")));
        config.setDataDir("");
        config.setCacheCap("1g");
        config.setPageTtl("10m");
        config.setAnonymousRead(true);
        config.setPrivatePatterns("acme-*");
        config.setAllowlist("");
        config.setSyncSpec("");
        config.setSyncSchedule("H H(0-5) * * *");
        config.setTokenLifetime("24h");
        config.setMinReleaseAge("7d");
        config.setNeverHeld("acme-*");
        config.setAgeOverrides("");
        config.setBlockedReleases("demo==1.0: compromised");
        assertThat(config.problems()).isEmpty();
        config.saves = 0;
    }

    @Test
    void aRejectedFormSavesNothingAndLeavesEveryValueAsItWas() throws Exception {
        List<String> problems = config.applyForm(() -> {
            config.setPageTtl("5m");
            config.setCacheCap("lots");
            config.setAnonymousRead(false);
        });

        assertThat(problems).anySatisfy(p -> assertThat(p).contains("Invalid size 'lots'"));
        assertThat(config.saves).isZero();
        assertThat(config.getCacheCap()).isEqualTo("1g");
        assertThat(config.getPageTtl()).isEqualTo("10m");
        assertThat(config.isAnonymousRead()).isTrue();
        assertThat(config.problems()).isEmpty();
    }

    @Test
    void aBlankUpstreamRowIsRejected() throws Exception {
        List<String> problems = config.applyForm(() ->
                config.setUpstreams(List.of(new UpstreamEntry("https://pypi.org/simple/"), new UpstreamEntry(""))));

        assertThat(problems).isNotEmpty();
        assertThat(config.saves).isZero();
        assertThat(config.getUpstreams()).extracting(UpstreamEntry::getUrl).containsExactly("https://pypi.org/simple/");
    }

    @Test
    void fieldsOutsideTheEngineSettingsAreCheckedToo() throws Exception {
        assertThat(config.applyForm(() -> config.setTokenLifetime("soon"))).isNotEmpty();
        assertThat(config.applyForm(() -> config.setSyncSchedule("every night")))
                .isNotEmpty();
        assertThat(config.applyForm(() -> config.setSyncSpec("requirements: [unclosed")))
                .isNotEmpty();
        assertThat(config.saves).isZero();
        assertThat(config.getTokenLifetime()).isEqualTo("24h");
        assertThat(config.getSyncSchedule()).isEqualTo("H H(0-5) * * *");
        assertThat(config.getSyncSpec()).isEmpty();
    }

    @Test
    void anAcceptedFormIsSavedOnce() throws Exception {
        List<String> problems = config.applyForm(() -> {
            config.setUpstreams(List.of(new UpstreamEntry("https://mirror.example.com/simple/")));
            config.setCacheCap("2g");
            config.setTokenLifetime("2h");
        });

        assertThat(problems).isEmpty();
        assertThat(config.saves).isEqualTo(1);
        assertThat(config.getCacheCap()).isEqualTo("2g");
        assertThat(config.tokenLifetimeOrDefault()).hasHours(2);
    }

    @Test
    void aFormThatFailsToBindChangesNothing() {
        assertThatThrownBy(() -> config.applyForm(() -> {
                    config.setCacheCap("3g");
                    throw new IllegalArgumentException("cannot bind");
                }))
                .hasMessage("cannot bind");
        assertThat(config.getCacheCap()).isEqualTo("1g");
        assertThat(config.saves).isZero();
    }

    @Test
    void outsideAFormEverySetterSaves() {
        config.setPageTtl("3m");
        config.setCacheCap("4g");
        assertThat(config.saves).isEqualTo(2);
    }

    @Test
    void aBadReleasePolicyRejectsTheFormAndKeepsThePolicyInForce() throws Exception {
        List<String> problems = config.applyForm(() -> {
            config.setUpstreams(List.of(new UpstreamEntry("https://pypi.org/simple/")));
            config.setMinReleaseAge("a week");
            config.setBlockedReleases("demo==1.0");
            config.setHoldUnknownAge(true);
        });

        assertThat(problems)
                .contains(
                        "The minimum release age: Invalid duration 'a week': use a number with ms, s, m, h or d, such"
                                + " as 10m",
                        "Blocked release 'demo==1.0' needs a reason after a colon, such as demo==1.0: broken wheel");
        assertThat(config.saves).isZero();
        assertThat(config.getMinReleaseAge()).isEqualTo("7d");
        assertThat(config.getBlockedReleases()).isEqualTo("demo==1.0: compromised");
        assertThat(config.isHoldUnknownAge()).isFalse();
        assertThat(config.convertPolicy().policy()).isPresent();
    }

    @Test
    void anAcceptedPolicyIsSavedOnceAndReachesTheEngineAsOnePolicy() throws Exception {
        List<String> problems = config.applyForm(() -> {
            config.setUpstreams(List.of(new UpstreamEntry("https://pypi.org/simple/")));
            config.setMinReleaseAge("3d");
            config.setHoldUnknownAge(true);
            config.setAgeOverrides("numpy: 14d\nurllib3: 0");
        });

        assertThat(problems).isEmpty();
        assertThat(config.saves).isEqualTo(1);
        ReleasePolicy policy = config.convertPolicy().policy().orElseThrow();
        assertThat(policy.minReleaseAge()).isEqualTo(Duration.ofDays(3));
        assertThat(policy.unknownAge()).isEqualTo(ReleasePolicy.UnknownAge.HOLD);
        assertThat(policy.ageOverrides()).hasSize(2);
        assertThat(policy.blocked()).extracting(b -> b.release()).containsExactly("demo==1.0");
    }

    @Test
    void aPolicyPutThroughTheApiIsWrittenIntoTheFormFieldsAndSavedOnce() {
        ReleasePolicy put = PolicyDocument.parseJson("{\"minReleaseAge\": \"12h\", \"neverHeld\": [\"team-*\"],"
                + " \"blocked\": [{\"release\": \"evil\", \"reason\": \"typosquat\"}]}");
        config.replacePolicy(put);

        assertThat(config.saves).isEqualTo(1);
        assertThat(config.getMinReleaseAge()).isEqualTo("12h");
        assertThat(config.getNeverHeld()).isEqualTo("team-*");
        assertThat(config.getBlockedReleases()).isEqualTo("evil: typosquat");
        assertThat(config.convertPolicy().policy()).contains(put);
    }
}
