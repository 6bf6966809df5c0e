package io.jenkins.plugins.pythonmirror.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.jenkins.plugins.pythonmirror.sync.SyncProgress;
import io.jenkins.plugins.pythonmirror.sync.SyncReport;
import io.jenkins.plugins.pythonmirror.sync.SyncSpec;
import io.jenkins.plugins.pythonmirror.testkit.Dists;
import io.jenkins.plugins.pythonmirror.testkit.FakePyPI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A sync's threads stay bounded by its limits, however many files and projects the closure has. */
class SyncThreadsTest {

    private static final int PROJECTS = 60;

    @TempDir
    Path tmp;

    private MirrorFixture mirrors;
    private FakePyPI upstream;

    @BeforeEach
    void setUp() {
        mirrors = new MirrorFixture(tmp.resolve("data"));
        upstream = FakePyPI.start(FakePyPI.PageFormat.JSON);
        List<String> deps = new ArrayList<>();
        for (int i = 0; i < PROJECTS; i++) {
            upstream.addDist(
                    "dep" + i,
                    Dists.wheel("dep" + i, "1.0").payloadBytes(32 * 1024).build());
            deps.add("dep" + i);
        }
        upstream.addDist(
                "root",
                Dists.wheel("root", "1.0").requires(deps.toArray(String[]::new)).build());
        // Slow file bodies, so that downloads overlap and queued ones would park threads.
        upstream.setFileDelayPerChunk(Duration.ofMillis(10));
    }

    @AfterEach
    void tearDown() throws Exception {
        mirrors.close();
        upstream.close();
    }

    private static int mirrorThreads() {
        return (int) Thread.getAllStackTraces().keySet().stream()
                .filter(Thread::isAlive)
                .map(Thread::getName)
                .filter(n -> n.startsWith("python-mirror-worker") || n.startsWith("python-mirror-sync"))
                .count();
    }

    @Test
    void aSyncOfManyFilesDoesNotStartAThreadPerFile() throws Exception {
        MirrorServer server = mirrors.start(upstream.simpleUrl());
        int before = mirrorThreads();
        AtomicInteger peak = new AtomicInteger();
        AtomicBoolean done = new AtomicBoolean();
        Thread sampler = new Thread(() -> {
            while (!done.get()) {
                peak.accumulateAndGet(mirrorThreads() - before, Math::max);
                try {
                    Thread.sleep(2);
                } catch (InterruptedException e) {
                    return;
                }
            }
        });
        sampler.start();
        SyncReport report;
        try {
            report = server.mirror()
                    .sync(
                            SyncSpec.parse(
                                    """
                                    requirements: [root]
                                    environments:
                                      - python: "3.12"
                                        platforms: [linux_x86_64]
                                    """),
                            SyncProgress.NONE);
        } finally {
            done.set(true);
            sampler.join();
        }
        assertThat(report.errors()).isEmpty();
        assertThat(report.filesAdded()).isEqualTo(PROJECTS + 1);
        // Downloads (4) and lookups (8) of the sync, plus the engine's own workers for the downloads and pages
        // they run: far below one thread per file or per project.
        assertThat(peak.get()).as("peak of mirror threads during the sync").isLessThanOrEqualTo(40);
    }
}
