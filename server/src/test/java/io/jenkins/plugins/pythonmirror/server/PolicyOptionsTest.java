package io.jenkins.plugins.pythonmirror.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jenkins.plugins.pythonmirror.pep.ProjectName;
import io.jenkins.plugins.pythonmirror.policy.PolicyStore;
import io.jenkins.plugins.pythonmirror.policy.ReleasePolicy;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code serve --min-release-age 7d [--unknown-age allow|hold] [--policy-file policy.yaml]}: what wins, what fails. */
class PolicyOptionsTest {

    @TempDir
    Path tmp;

    private static EngineOptions parse(String... args) {
        ServeCommand serve = new ServeCommand();
        new CommandLine(serve).parseArgs(args);
        return serve.engine;
    }

    @Test
    void theFlagsAloneMakeThePolicy() {
        ReleasePolicy p =
                parse("--min-release-age", "7d", "--unknown-age", "hold").toPolicy();
        assertThat(p.minReleaseAge()).isEqualTo(Duration.ofDays(7));
        assertThat(p.unknownAge()).isEqualTo(ReleasePolicy.UnknownAge.HOLD);
        assertThat(parse().toPolicy()).isEqualTo(ReleasePolicy.NONE);
        assertThat(parse().policyStore()).isSameAs(PolicyStore.IN_MEMORY);
    }

    @Test
    void theFlagsOverrideThePolicyFileWhichKeepsTheRest() throws Exception {
        Path file = tmp.resolve("policy.yaml");
        Files.writeString(
                file,
                """
                minReleaseAge: 3d
                unknownAge: hold
                ageOverrides: {numpy: 14d}
                blocked:
                  - {release: "demo==1.0", reason: compromised}
                """);
        ReleasePolicy fromFile = parse("--policy-file", file.toString()).toPolicy();
        assertThat(fromFile.minReleaseAge()).isEqualTo(Duration.ofDays(3));

        ReleasePolicy both = parse("--policy-file", file.toString(), "--min-release-age", "7d")
                .toPolicy();
        assertThat(both.minReleaseAge()).isEqualTo(Duration.ofDays(7));
        assertThat(both.unknownAge()).isEqualTo(ReleasePolicy.UnknownAge.HOLD);
        assertThat(both.ageOverrides()).containsEntry(ProjectName.parse("numpy"), Duration.ofDays(14));
        assertThat(both.blocked()).hasSize(1);
        assertThat(parse("--policy-file", file.toString()).policyStore()).isInstanceOf(PolicyFile.class);
    }

    @Test
    void aPolicyFileThatDoesNotExistYetIsTheEmptyPolicy() {
        ReleasePolicy p = parse("--policy-file", tmp.resolve("new.yaml").toString(), "--min-release-age", "1d")
                .toPolicy();
        assertThat(p.minReleaseAge()).isEqualTo(Duration.ofDays(1));
        assertThat(p.blocked()).isEmpty();
    }

    @Test
    void badValuesStopTheStartWithTheReason() throws Exception {
        assertThatThrownBy(() -> parse("--min-release-age", "a week").toPolicy())
                .isInstanceOf(CommandLine.ParameterException.class)
                .hasMessage("Bad --min-release-age: Invalid duration 'a week': use a number with ms, s, m, h or d,"
                        + " such as 10m");
        assertThatThrownBy(() -> parse("--unknown-age", "deny").toPolicy())
                .hasMessage("Bad release policy: Unknown age must be 'allow' or 'hold', not 'deny'");
        Path file = tmp.resolve("bad.yaml");
        Files.writeString(file, "minReleaseAge: 7d\nblocked: [{release: demo}]\n");
        assertThatThrownBy(() -> parse("--policy-file", file.toString()).toPolicy())
                .hasMessage("Bad release policy: " + file
                        + ": blocked[0]: Blocked release 'demo' needs a reason (the one line builds are shown)");
    }
}
