package io.jenkins.plugins.pythonmirror.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.jenkins.plugins.pythonmirror.testkit.DeadPort;
import io.jenkins.plugins.pythonmirror.testkit.FakePyPI;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code python-mirror-server sync}: progress, report and exit codes (0 ok, 1 failed, 2 bad spec). */
class SyncCommandTest {

    @TempDir
    Path tmp;

    private FakePyPI upstream;
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();
    private PrintStream oldOut;
    private PrintStream oldErr;

    @BeforeEach
    void setUp() {
        upstream = FakePyPI.start(FakePyPI.PageFormat.HTML);
        SyncTree.publish(upstream);
        oldOut = System.out;
        oldErr = System.err;
        System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
        System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    @AfterEach
    void tearDown() {
        System.setOut(oldOut);
        System.setErr(oldErr);
        upstream.close();
    }

    private int sync(String upstreamUrl, String spec) throws Exception {
        Path file = tmp.resolve("spec.yaml");
        Files.writeString(file, spec);
        return Main.commandLine()
                .execute(
                        "sync",
                        "--data-dir",
                        tmp.resolve("data").toString(),
                        "--upstream",
                        upstreamUrl,
                        "--connect-timeout",
                        "1s",
                        "--spec",
                        file.toString());
    }

    @Test
    void syncPrintsProgressAndTheReportAndExitsZero() throws Exception {
        assertThat(sync(upstream.simpleUrl().toString(), SyncTree.SPEC)).isZero();
        String printed = out.toString(StandardCharsets.UTF_8);
        assertThat(printed)
                .contains("[1/1] a (")
                .contains("Sync finished: 5 project(s), 8 file(s) selected")
                .contains("skipped a 2.1: yanked (broken)");
        assertThat(Files.readString(tmp.resolve("data/state/last-sync.json"))).contains("\"filesAdded\" : 8");
    }

    @Test
    void anUnknownProjectOrADeadUpstreamExitsOne() throws Exception {
        assertThat(sync(upstream.simpleUrl().toString(), SyncTree.SPEC.replace("a[extra]", "no-such-project")))
                .isEqualTo(1);
        assertThat(out.toString(StandardCharsets.UTF_8)).contains("ERROR no-such-project");
        assertThat(sync("http://127.0.0.1:" + DeadPort.reserve() + "/simple/", SyncTree.SPEC))
                .isEqualTo(1);
        assertThat(out.toString(StandardCharsets.UTF_8)).contains("Sync FAILED");
    }

    @Test
    void aBadSpecExitsTwoWithTheLineAndReason() throws Exception {
        assertThat(sync(upstream.simpleUrl().toString(), SyncTree.SPEC.replace("win_amd64", "win_amd128")))
                .isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("line 7: ").contains("win_amd128");
        assertThat(upstream.requestCount()).isZero();
    }
}
