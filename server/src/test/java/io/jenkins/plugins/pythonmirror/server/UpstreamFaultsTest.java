package io.jenkins.plugins.pythonmirror.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.jenkins.plugins.pythonmirror.testkit.BuiltDist;
import io.jenkins.plugins.pythonmirror.testkit.Dists;
import io.jenkins.plugins.pythonmirror.testkit.FakePyPI;
import io.jenkins.plugins.pythonmirror.testkit.PythonTools;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Upstream trouble of every kind, produced by a real socket server, against the real mirror. */
class UpstreamFaultsTest {

    @TempDir
    Path tmp;

    private MirrorFixture mirrors;
    private FakePyPI upstream;
    private Path dataDir;

    @BeforeEach
    void setUp() {
        upstream = FakePyPI.start(FakePyPI.PageFormat.JSON);
        dataDir = tmp.resolve("data");
        mirrors = new MirrorFixture(dataDir);
    }

    @AfterEach
    void tearDown() throws Exception {
        mirrors.close();
        upstream.close();
    }

    private long storedFiles() throws IOException {
        try (Stream<Path> s = Files.walk(dataDir.resolve("files"))) {
            return s.filter(Files::isRegularFile)
                    .filter(p -> !p.toString().endsWith(".metadata"))
                    .count();
        }
    }

    private long tempFiles() throws IOException {
        try (Stream<Path> s = Files.list(dataDir.resolve("tmp"))) {
            return s.count();
        }
    }

    /**
     * A failed download reaches the client either as an aborted transfer (the failure came while bytes were
     * streaming) or as an error status (it came before the answer started) — never as a clean 200.
     */
    private void assertNeverServedClean(URI file, String what) throws InterruptedException {
        try {
            HttpResponse<byte[]> response = mirrors.get(file);
            assertThat(response.statusCode())
                    .as(what + ": a failed download is never a 200")
                    .isEqualTo(502);
            assertThat(response.headers().firstValue("Cache-Control").orElse(""))
                    .as(what + ": an error is never marked cacheable")
                    .doesNotContain("immutable");
            assertThat(response.headers().firstValue("ETag")).as(what).isEmpty();
        } catch (IOException aborted) {
            // the connection was cut before the end: no client takes that for a whole file
        }
    }

    @Test
    void aFileWhoseBytesDoNotMatchTheListedSha256IsNeverStoredOrServedClean() throws Exception {
        BuiltDist real = Dists.wheel("liar", "1.0").payloadBytes(300_000).build();
        String claimed = "ab".repeat(32);
        upstream.addDist("liar", real).advertisedSha256(claimed);
        MirrorServer server = mirrors.start(upstream.simpleUrl());
        mirrors.get(server.simpleUrl().resolve("liar/"));
        URI file = server.baseUrl().resolve("files/" + claimed + "/" + real.filename());

        for (int attempt = 0; attempt < 2; attempt++) {
            assertNeverServedClean(file, "attempt " + attempt);
        }
        assertThat(storedFiles()).isZero();
        assertThat(tempFiles()).isZero();
        assertThat(upstream.requestCount("/packages/"))
                .as("not cached as good, so fetched again")
                .isEqualTo(2);

        PythonTools python = new PythonTools(tmp.resolve("clients"));
        python.pipInstall(python.venv(tmp.resolve("venv")), server.simpleUrl().toString(), "liar")
                .assertFailure();
        assertThat(storedFiles()).isZero();
    }

    @Test
    void corruptedAndTruncatedTransfersAreAbortedAndNotStored() throws Exception {
        BuiltDist dist = Dists.wheel("fragile", "1.0").payloadBytes(500_000).build();
        upstream.addDist("fragile", dist);
        MirrorServer server = mirrors.start(upstream.simpleUrl());
        mirrors.get(server.simpleUrl().resolve("fragile/"));
        URI file = server.baseUrl().resolve("files/" + dist.sha256() + "/" + dist.filename());

        for (FakePyPI.Fault fault :
                List.of(FakePyPI.Fault.CORRUPT_FILES, FakePyPI.Fault.TRUNCATE_FILES, FakePyPI.Fault.RESET)) {
            upstream.setFault(fault);
            assertNeverServedClean(file, fault.name());
            assertThat(storedFiles()).as(fault.name()).isZero();
        }
        upstream.setFault(FakePyPI.Fault.NONE);
        HttpResponse<byte[]> ok = mirrors.get(file);
        assertThat(ok.statusCode()).isEqualTo(200);
        assertThat(ok.body()).isEqualTo(dist.bytes());
        assertThat(storedFiles()).isEqualTo(1);
    }

    @Test
    void garbagePagesGiveAClear502WhenNothingIsCachedAndTheCachedPageOtherwise() throws Exception {
        upstream.addDist("stable", Dists.wheel("stable", "1.0").build());
        MirrorServer server = mirrors.start(b -> b.pageTtl(Duration.ZERO), upstream.simpleUrl());
        assertThat(mirrors.get(server.simpleUrl().resolve("stable/")).statusCode())
                .isEqualTo(200);
        upstream.addDist("fresh", Dists.wheel("fresh", "1.0").build());
        upstream.addDist("stable", Dists.wheel("stable", "1.1").build()); // so a revalidation gets a new page

        upstream.setFault(FakePyPI.Fault.GARBAGE_PAGES);
        HttpResponse<byte[]> uncached = mirrors.get(server.simpleUrl().resolve("fresh/"));
        assertThat(uncached.statusCode()).isEqualTo(502);
        assertThat(new String(uncached.body(), StandardCharsets.UTF_8)).contains("unparsable");
        assertThat(dataDir.resolve("pages/fresh.json")).doesNotExist();

        HttpResponse<byte[]> cached = mirrors.get(server.simpleUrl().resolve("stable/"));
        assertThat(cached.statusCode()).isEqualTo(200);
        assertThat(cached.headers().firstValue("X-Python-Mirror-Stale")).hasValue("true");
    }

    @Test
    void serverErrorsAndStallsServeTheLastGoodPage() throws Exception {
        upstream.addDist("steady", Dists.wheel("steady", "1.0").build());
        MirrorServer server = mirrors.start(b -> b.pageTtl(Duration.ZERO), upstream.simpleUrl());
        URI page = server.simpleUrl().resolve("steady/");
        assertThat(mirrors.get(page).statusCode()).isEqualTo(200);

        upstream.setFault(FakePyPI.Fault.HTTP_500);
        assertThat(mirrors.get(page).headers().firstValue("X-Python-Mirror-Stale"))
                .hasValue("true");

        upstream.setFault(FakePyPI.Fault.STALL);
        long start = System.nanoTime();
        HttpResponse<byte[]> stalled = mirrors.get(page);
        assertThat(stalled.statusCode()).isEqualTo(200);
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(15));
        upstream.setFault(FakePyPI.Fault.NONE);
        assertThat(server.mirror().status().staleServes()).isGreaterThanOrEqualTo(2);
    }

    @Test
    void expiredPagesAreRevalidatedConditionallyAnd304DownloadsNothing() throws Exception {
        upstream.addDist("calm", Dists.wheel("calm", "1.0").build());
        MirrorServer server = mirrors.start(b -> b.pageTtl(Duration.ZERO), upstream.simpleUrl());
        URI page = server.simpleUrl().resolve("calm/");
        mirrors.get(page);
        upstream.resetCounts();
        HttpResponse<byte[]> again = mirrors.get(page);
        assertThat(again.statusCode()).isEqualTo(200);
        assertThat(upstream.conditionalRequestCount()).isEqualTo(1);
        assertThat(upstream.notModifiedCount()).isEqualTo(1);
    }

    @Test
    void twentyConcurrentClientsOfOneUncachedFileCauseExactlyOneUpstreamGet() throws Exception {
        BuiltDist big = Dists.wheel("big", "1.0").payloadBytes(4 * 1024 * 1024).build();
        upstream.addDist("big", big);
        upstream.setFileBytesPerSecond(8L * 1024 * 1024); // about half a second: the clients overlap
        MirrorServer server = mirrors.start(upstream.simpleUrl());
        mirrors.get(server.simpleUrl().resolve("big/"));
        URI file = server.baseUrl().resolve("files/" + big.sha256() + "/" + big.filename());

        ExecutorService pool = Executors.newFixedThreadPool(20);
        try {
            List<Callable<byte[]>> clients = new ArrayList<>();
            for (int i = 0; i < 20; i++) {
                clients.add(() -> mirrors.get(file).body());
            }
            List<Future<byte[]>> results = pool.invokeAll(clients);
            for (Future<byte[]> r : results) {
                byte[] body = r.get();
                assertThat(HexFormat.of()
                                .formatHex(MessageDigest.getInstance("SHA-256").digest(body)))
                        .isEqualTo(big.sha256());
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(upstream.requestCount("/packages/")).isEqualTo(1);
        assertThat(server.mirror().status().bytesServed()).isEqualTo(20L * big.bytes().length);
    }

    @Test
    void aFailingFirstUpstreamFailsOverAndItsCircuitOpens() throws Exception {
        FakePyPI broken = FakePyPI.start(FakePyPI.PageFormat.HTML);
        try {
            broken.setFault(FakePyPI.Fault.HTTP_503);
            for (String name : List.of("p1", "p2", "p3", "p4", "p5")) {
                upstream.addDist(name, Dists.wheel(name, "1.0").build());
            }
            MirrorServer server = mirrors.start(broken.simpleUrl(), upstream.simpleUrl());
            for (String name : List.of("p1", "p2", "p3", "p4", "p5")) {
                assertThat(mirrors.get(server.simpleUrl().resolve(name + "/")).statusCode())
                        .isEqualTo(200);
            }
            assertThat(broken.requestCount())
                    .as("the circuit opened after three failures")
                    .isEqualTo(3);
            assertThat(server.mirror().status().upstreams().get(0).circuitOpen())
                    .isTrue();
        } finally {
            broken.close();
        }
    }

    @Test
    void startupSweepsLeftoversOfInterruptedDownloads() throws Exception {
        Files.createDirectories(dataDir.resolve("tmp"));
        Files.writeString(dataDir.resolve("tmp/123-4-half.whl.part"), "half a download");
        mirrors.start(upstream.simpleUrl());
        assertThat(tempFiles()).isZero();
    }

    @Test
    void pathTricksAndBogusHashesAreRefused() throws Exception {
        MirrorServer server = mirrors.start(upstream.simpleUrl());
        for (String path : List.of(
                "files/..%2f..%2fetc/passwd",
                "files/" + "0".repeat(64) + "/..%2F..%2Fpages", "simple/..%5c..%5c/", "files/%2e%2e/x")) {
            int status = mirrors.get(server.baseUrl().resolve(path)).statusCode();
            assertThat(status).as(path).isIn(400, 404);
        }
        assertThat(mirrors.get(server.baseUrl().resolve("files/not-a-hash/x-1.0.tar.gz"))
                        .statusCode())
                .isEqualTo(404);
        assertThat(mirrors.get(server.baseUrl().resolve("files/" + "0".repeat(64) + "/x-1.0.tar.gz"))
                        .statusCode())
                .isEqualTo(404);
        assertThat(mirrors.get(server.baseUrl().resolve("api/status")).statusCode())
                .as("still healthy")
                .isEqualTo(200);
    }
}
