package io.jenkins.plugins.pythonmirror.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.jenkins.plugins.pythonmirror.access.Caller;
import io.jenkins.plugins.pythonmirror.access.Role;
import io.jenkins.plugins.pythonmirror.sync.SyncProgress;
import io.jenkins.plugins.pythonmirror.sync.SyncSpec;
import io.jenkins.plugins.pythonmirror.testkit.BuiltDist;
import io.jenkins.plugins.pythonmirror.testkit.Dists;
import io.jenkins.plugins.pythonmirror.testkit.FakePyPI;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The bounded cache: LRU eviction of unpinned files over the cap, across a restart; purge and its access rule. */
class EvictionTest {

    @TempDir
    Path tmp;

    private MirrorFixture mirrors;
    private FakePyPI upstream;
    private BuiltDist pinned;
    private final List<BuiltDist> x = new ArrayList<>();

    @BeforeEach
    void setUp() {
        mirrors = new MirrorFixture(tmp.resolve("data"));
        upstream = FakePyPI.start(FakePyPI.PageFormat.JSON);
        pinned = Dists.wheel("p", "1.0").payloadBytes(20_000).build();
        upstream.addDist("p", pinned);
        for (int i = 1; i <= 3; i++) {
            BuiltDist d = Dists.wheel("x", i + ".0").payloadBytes(20_000).build();
            upstream.addDist("x", d);
            x.add(d);
        }
    }

    @AfterEach
    void tearDown() throws Exception {
        mirrors.close();
        upstream.close();
    }

    private boolean cached(BuiltDist d) {
        String sha = d.sha256();
        return Files.isRegularFile(tmp.resolve("data/files/" + sha.substring(0, 2) + "/" + sha + "/" + d.filename()));
    }

    private void get(MirrorServer server, BuiltDist d) throws Exception {
        URI uri = server.baseUrl().resolve("files/" + d.sha256() + "/" + d.filename());
        assertThat(mirrors.get(uri).statusCode()).isEqualTo(200);
        Thread.sleep(30); // distinct access times
    }

    private static void awaitEvictions(MirrorServer server, long n) throws InterruptedException {
        for (int i = 0; i < 2000 && server.mirror().status().evictions() < n; i++) {
            Thread.sleep(10);
        }
        assertThat(server.mirror().status().evictions()).isEqualTo(n);
    }

    @Test
    void overTheCapTheLeastRecentlyUsedUnpinnedFileGoesEvenAfterARestart() throws Exception {
        long size = pinned.bytes().length; // all four files have about the same size
        long cap = pinned.bytes().length + x.get(0).bytes().length + x.get(1).bytes().length + size / 2;
        MirrorServer server = mirrors.start(b -> b.maxCacheBytes(cap), upstream.simpleUrl());
        SyncSpec spec = SyncSpec.parse("requirements: [p]\nenvironments: [{python: '3.11', platforms: [any]}]\n");
        assertThat(server.mirror().sync(spec, SyncProgress.NONE).ok()).isTrue();
        Thread.sleep(30);

        get(server, x.get(0));
        get(server, x.get(1));
        get(server, x.get(0)); // x1 used again: x2 is now the least recently used unpinned file
        get(server, x.get(2));
        awaitEvictions(server, 1);
        assertThat(cached(pinned)).as("pinned, though the oldest").isTrue();
        assertThat(cached(x.get(1))).isFalse();
        assertThat(cached(x.get(0))).isTrue();
        assertThat(cached(x.get(2))).isTrue();
        assertThat(server.mirror().status().cacheBytes()).isLessThanOrEqualTo(cap);
        assertThat(server.mirror().status().cacheCapBytes()).isEqualTo(cap);
        server.close();

        // Access order survives the restart: x1 was used before x3.
        MirrorServer again = mirrors.start(b -> b.maxCacheBytes(cap), upstream.simpleUrl());
        assertThat(again.mirror().status().pinnedBytes()).isEqualTo(pinned.bytes().length);
        get(again, x.get(1));
        awaitEvictions(again, 1);
        assertThat(cached(x.get(0))).isFalse();
        assertThat(cached(x.get(2))).isTrue();
        assertThat(cached(x.get(1))).isTrue();
        assertThat(cached(pinned)).isTrue();
    }

    @Test
    void purgeDropsUnpinnedFilesAndNeedsAnAdministrator() throws Exception {
        MirrorServer anonymous = mirrors.start(upstream.simpleUrl());
        HttpResponse<byte[]> denied = mirrors.http.send(
                HttpRequest.newBuilder(anonymous.baseUrl().resolve("api/purge"))
                        .POST(HttpRequest.BodyPublishers.noBody())
                        .build(),
                HttpResponse.BodyHandlers.ofByteArray());
        assertThat(denied.statusCode()).isEqualTo(401);
        anonymous.close();

        MirrorServer admin = MirrorServer.newServer(
                        mirrors.settings(upstream.simpleUrl()).build(),
                        "127.0.0.1",
                        0,
                        request -> new Caller("admin", Role.ADMIN))
                .start();
        try {
            admin.mirror()
                    .sync(
                            SyncSpec.parse("requirements: [p]\nenvironments: [{python: '3.11', platforms: [any]}]\n"),
                            SyncProgress.NONE);
            get(admin, x.get(0));
            HttpResponse<byte[]> sync = mirrors.http.send(
                    HttpRequest.newBuilder(admin.baseUrl().resolve("api/sync"))
                            .POST(HttpRequest.BodyPublishers.noBody())
                            .build(),
                    HttpResponse.BodyHandlers.ofByteArray());
            assertThat(sync.statusCode()).as("no spec configured").isEqualTo(409);
            // Purge skips a file still in use; the lease of the last GET may end a moment after the client has
            // the response, so ask again until the file is free.
            String purged = "";
            for (int i = 0; i < 100 && !purged.contains("\"files\" : 1"); i++) {
                HttpResponse<byte[]> purge = mirrors.http.send(
                        HttpRequest.newBuilder(admin.baseUrl().resolve("api/purge"))
                                .POST(HttpRequest.BodyPublishers.noBody())
                                .build(),
                        HttpResponse.BodyHandlers.ofByteArray());
                assertThat(purge.statusCode()).isEqualTo(200);
                purged = new String(purge.body());
                Thread.sleep(purged.contains("\"files\" : 0") ? 20 : 0);
            }
            assertThat(purged).contains("\"files\" : 1");
            assertThat(cached(x.get(0))).isFalse();
            assertThat(cached(pinned)).isTrue();
            assertThat(Files.exists(tmp.resolve("data/pages/p.json")))
                    .as("page of a pinned project")
                    .isTrue();
            assertThat(Files.exists(tmp.resolve("data/pages/x.json"))).isFalse();
        } finally {
            admin.close();
        }
    }
}
