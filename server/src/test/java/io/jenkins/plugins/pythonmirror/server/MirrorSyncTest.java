package io.jenkins.plugins.pythonmirror.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jenkins.plugins.pythonmirror.Mirror;
import io.jenkins.plugins.pythonmirror.access.Caller;
import io.jenkins.plugins.pythonmirror.access.Role;
import io.jenkins.plugins.pythonmirror.status.MirrorStatus;
import io.jenkins.plugins.pythonmirror.sync.SyncProgress;
import io.jenkins.plugins.pythonmirror.sync.SyncReport;
import io.jenkins.plugins.pythonmirror.sync.SyncSpec;
import io.jenkins.plugins.pythonmirror.testkit.Dists;
import io.jenkins.plugins.pythonmirror.testkit.FakePyPI;
import io.jenkins.plugins.pythonmirror.testkit.PythonTools;
import java.io.IOException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Mirror sync end to end: the issue's A/B/C/D/E tree, offline installs with real pip, incremental resyncs. */
class MirrorSyncTest {

    @TempDir
    Path tmp;

    private MirrorFixture mirrors;
    private FakePyPI upstream;

    @BeforeEach
    void setUp() {
        mirrors = new MirrorFixture(tmp.resolve("data"));
        upstream = FakePyPI.start(FakePyPI.PageFormat.JSON);
        SyncTree.publish(upstream);
    }

    @AfterEach
    void tearDown() throws Exception {
        mirrors.close();
        upstream.close();
    }

    private Set<String> cachedFiles() throws IOException {
        try (Stream<Path> walk = Files.walk(tmp.resolve("data/files"))) {
            return walk.filter(Files::isRegularFile)
                    .map(p -> p.getFileName().toString())
                    .filter(n -> !n.endsWith(".metadata"))
                    .collect(Collectors.toSet());
        }
    }

    private Set<String> pinned() throws IOException {
        return Files.readAllLines(tmp.resolve("data/state/pins.txt")).stream()
                .filter(l -> !l.startsWith("#"))
                .map(l -> l.substring(l.indexOf(' ') + 1))
                .collect(Collectors.toSet());
    }

    @Test
    void syncSelectsExactlyTheClosureForBothEnvironmentsAndPinsIt() throws Exception {
        MirrorServer server = mirrors.start(upstream.simpleUrl());
        List<String> lines = new ArrayList<>();
        SyncReport report = server.mirror().sync(SyncSpec.parse(SyncTree.SPEC), new SyncProgress() {
            @Override
            public void project(int done, int known, String project, long bytes) {
                lines.add(done + "/" + known + " " + project);
            }
        });

        assertThat(report.errors()).isEmpty();
        assertThat(cachedFiles()).isEqualTo(SyncTree.EXPECTED);
        assertThat(pinned()).isEqualTo(SyncTree.EXPECTED);
        assertThat(report.projects()).isEqualTo(5);
        assertThat(report.filesSelected()).isEqualTo(SyncTree.EXPECTED.size());
        assertThat(report.filesAdded()).isEqualTo(SyncTree.EXPECTED.size());
        assertThat(lines).hasSize(5).first().isEqualTo("1/1 a");
        assertThat(report.skipped())
                .extracting(s -> s.project() + " " + s.version() + ": " + s.reason())
                .contains(
                        "a 3.0: requires-python >=3.13 excludes Python 3.11",
                        "a 2.1: yanked (broken)",
                        "e 2.0: requires-python >=3.13 excludes Python 3.11");
        // Files the spec does not select were never downloaded.
        assertThat(upstream.downloadCount("a-1.0-py3-none-any.whl")).isZero();
        assertThat(upstream.downloadCount("b-2.0-cp312-cp312-macosx_11_0_arm64.whl"))
                .isZero();
        assertThat(upstream.downloadCount("c-1.1-py3-none-any.whl")).isZero();
        MirrorStatus status = server.mirror().status();
        assertThat(status.pinnedBytes()).isEqualTo(status.cacheBytes()).isPositive();
        assertThat(status.lastSync()).containsEntry("filesAdded", SyncTree.EXPECTED.size());
    }

    @Test
    void afterSyncPipInstallsOfflineAndDownloadsForTheOtherEnvironment() throws Exception {
        try (Mirror mirror = Mirror.open(mirrors.settings(upstream.simpleUrl()).build())) {
            assertThat(mirror.sync(SyncSpec.parse(SyncTree.SPEC), SyncProgress.NONE)
                            .ok())
                    .isTrue();
        }
        upstream.stop();
        MirrorServer offline = mirrors.start(b -> b.offline(true).upstreams(List.of()));
        String index = offline.simpleUrl().toString();
        PythonTools python = new PythonTools(tmp.resolve("clients"));

        Path venv = python.venv(tmp.resolve("venv"));
        python.pipInstall(venv, index, "a[extra]").assertSuccess();
        String frozen = python.pip(venv, "freeze").assertSuccess().output();
        assertThat(frozen).contains("a==2.0", "b==2.0", "c==1.0", "d==1.0", "e==1.0");

        Path wheels = tmp.resolve("win");
        python.pipDownload(
                        venv,
                        index,
                        wheels,
                        "--only-binary=:all:",
                        "--platform",
                        "win_amd64",
                        "--python-version",
                        "3.12",
                        "a[extra]")
                .assertSuccess();
        try (Stream<Path> files = Files.list(wheels)) {
            assertThat(files.map(p -> p.getFileName().toString()))
                    .contains("a-2.0-py3-none-any.whl", "b-2.0-cp312-cp312-win_amd64.whl", "d-1.0-py3-none-any.whl");
        }
        assertThat(offline.mirror().status().bytesServed()).isPositive();
    }

    @Test
    void linksListsThePinnedFilesSoPipCanInstallWithFindLinksAlone() throws Exception {
        MirrorServer server = mirrors.start(upstream.simpleUrl());
        assertThat(server.mirror()
                        .sync(SyncSpec.parse(SyncTree.SPEC), SyncProgress.NONE)
                        .ok())
                .isTrue();
        String links = new String(
                mirrors.get(server.baseUrl().resolve("links/")).body(), java.nio.charset.StandardCharsets.UTF_8);
        for (String file : SyncTree.EXPECTED) {
            assertThat(links).contains(">" + file + "<");
        }
        long servedBefore = server.mirror().status().bytesServed();

        PythonTools python = new PythonTools(tmp.resolve("clients"));
        Path venv = python.venv(tmp.resolve("venv"));
        python.pip(venv, "install", "--no-index", "--find-links", server.baseUrl() + "links/", "a[extra]")
                .assertSuccess();
        assertThat(python.pip(venv, "freeze").assertSuccess().output()).contains("a==2.0", "d==1.0");
        assertThat(server.mirror().status().bytesServed()).isGreaterThan(servedBefore);
    }

    @Test
    void aResyncWithNothingChangedSendsOnlyConditionalRequestsAndTheNextReleaseIsFetched() throws Exception {
        SyncSpec spec = SyncSpec.parse(SyncTree.SPEC);
        try (Mirror mirror = Mirror.open(mirrors.settings(upstream.simpleUrl()).build())) {
            mirror.sync(spec, SyncProgress.NONE);
        }
        upstream.resetCounts();
        // A restarted engine: validators come from disk, and the pages are fresh by TTL, yet sync asks anyway.
        try (Mirror mirror = Mirror.open(mirrors.settings(upstream.simpleUrl()).build())) {
            SyncReport again = mirror.sync(spec, SyncProgress.NONE);
            assertThat(again.ok()).isTrue();
            assertThat(again.filesAdded()).isZero();
            assertThat(again.pagesNotModified()).isEqualTo(5);
            assertThat(upstream.requestCount("/packages/"))
                    .as("file or metadata requests")
                    .isZero();
            assertThat(upstream.requestCount()).isEqualTo(5);
            assertThat(upstream.conditionalRequestCount()).isEqualTo(5);
            assertThat(upstream.notModifiedCount()).isEqualTo(5);

            upstream.resetCounts();
            var d12 = Dists.wheel("d", "1.2").build();
            upstream.addDist("d", d12);
            SyncReport next = mirror.sync(spec, SyncProgress.NONE);
            assertThat(next.ok()).isTrue();
            assertThat(next.filesAdded()).isEqualTo(1);
            assertThat(next.pagesNotModified()).isEqualTo(4);
            assertThat(upstream.downloadCount(d12.filename())).isEqualTo(1);
            assertThat(upstream.requestCount("/packages/"))
                    .as("the new wheel and its PEP 658 metadata")
                    .isEqualTo(2);
            assertThat(pinned()).contains(d12.filename()).doesNotContain("d-1.0-py3-none-any.whl");
            // Unpinned, not deleted.
            assertThat(cachedFiles()).contains("d-1.0-py3-none-any.whl", d12.filename());
            assertThat(mirror.lastSync()).isEqualTo(next);
        }
        // The report survives a restart (state/last-sync.json).
        try (Mirror mirror = Mirror.open(mirrors.settings(upstream.simpleUrl()).build())) {
            assertThat(mirror.lastSync().filesAdded()).isEqualTo(1);
            assertThat(mirror.status().lastSync()).containsEntry("ok", true);
        }
    }

    @Test
    void aSecondSyncWhileOneRunsIsRefused() throws Exception {
        MirrorServer server = mirrors.start(upstream.simpleUrl());
        SyncSpec spec = SyncSpec.parse(SyncTree.SPEC);
        CountDownLatch inside = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        Thread first = new Thread(() -> server.mirror().sync(spec, new SyncProgress() {
            @Override
            public void project(int done, int known, String project, long bytes) {
                inside.countDown();
                try {
                    release.await(30, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        }));
        first.start();
        assertThat(inside.await(30, TimeUnit.SECONDS)).isTrue();
        assertThat(server.mirror().isSyncRunning()).isTrue();
        assertThatThrownBy(() -> server.mirror().sync(spec, SyncProgress.NONE)).hasMessageContaining("already running");
        release.countDown();
        first.join(60_000);
        assertThat(server.mirror().lastSync().ok()).isTrue();
    }

    @Test
    void aScheduledSyncRunsAtStartAndApiSyncRunsItAgainForAnAdministrator() throws Exception {
        MirrorServer server = MirrorServer.newServer(
                        mirrors.settings(upstream.simpleUrl()).build(),
                        "127.0.0.1",
                        0,
                        request -> new Caller("admin", Role.ADMIN))
                .start();
        try {
            server.scheduleSync(SyncSpec.parse(SyncTree.SPEC), Duration.ofHours(1), SyncProgress.NONE);
            for (int i = 0; i < 1000 && server.mirror().lastSync() == null; i++) {
                Thread.sleep(20);
            }
            SyncReport atStart = server.mirror().lastSync();
            assertThat(atStart).isNotNull();
            assertThat(atStart.filesAdded()).isEqualTo(SyncTree.EXPECTED.size());

            var response = mirrors.http.send(
                    HttpRequest.newBuilder(server.baseUrl().resolve("api/sync"))
                            .POST(HttpRequest.BodyPublishers.noBody())
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(response.statusCode()).isEqualTo(202);
            for (int i = 0; i < 1000 && server.mirror().lastSync() == atStart; i++) {
                Thread.sleep(20);
            }
            assertThat(server.mirror().lastSync().pagesNotModified()).isEqualTo(5);
            String status = new String(
                    mirrors.get(server.baseUrl().resolve("api/status")).body());
            assertThat(status).contains("\"lastSync\"", "\"pinnedBytes\"", "\"pagesNotModified\" : 5");
        } finally {
            server.close();
        }
    }
}
