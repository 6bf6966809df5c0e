package io.jenkins.plugins.pythonmirror.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jenkins.plugins.pythonmirror.config.MirrorSettings;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** The robustness options of {@code serve} reach the engine's settings. */
class ServeOptionsTest {

    @TempDir
    Path tmp;

    private ServeCommand parse(String... args) {
        ServeCommand serve = new ServeCommand();
        new CommandLine(serve).parseArgs(args);
        return serve;
    }

    @Test
    void theMinimumDownloadRateHasASaneDefaultAndCanBeSetOrTurnedOff() {
        MirrorSettings defaults = parse("--data-dir", tmp.toString()).engine.toSettings();
        assertThat(defaults.minDownloadBytes()).isEqualTo(64 * 1024);
        assertThat(defaults.minDownloadWindow()).isEqualTo(Duration.ofSeconds(30));

        MirrorSettings set = parse("--data-dir", tmp.toString(), "--min-download-rate", "16k/10s")
                .engine
                .toSettings();
        assertThat(set.minDownloadBytes()).isEqualTo(16 * 1024);
        assertThat(set.minDownloadWindow()).isEqualTo(Duration.ofSeconds(10));

        assertThat(parse("--data-dir", tmp.toString(), "--min-download-rate", "0")
                        .engine
                        .toSettings()
                        .minDownloadBytes())
                .isZero();
        assertThatThrownBy(() -> parse("--data-dir", tmp.toString(), "--min-download-rate", "fast")
                        .engine
                        .toSettings())
                .isInstanceOf(CommandLine.ParameterException.class)
                .hasMessageContaining("SIZE/DURATION");
    }

    @Test
    void httpThreadsAreCappedByDefaultAndTheCapIsAnOption() {
        assertThat(parse("--data-dir", tmp.toString()).maxThreads).isEqualTo(MirrorServer.DEFAULT_MAX_THREADS);
        assertThat(parse("--max-threads", "64").maxThreads).isEqualTo(64);
    }
}
