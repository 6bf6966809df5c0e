package io.jenkins.plugins.pythonmirror;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
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
}
