package io.jenkins.plugins.pythonmirror.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import io.jenkins.plugins.pythonmirror.config.MirrorSettings;
import io.jenkins.plugins.pythonmirror.config.Upstream;
import io.jenkins.plugins.pythonmirror.status.Counters;
import io.jenkins.plugins.pythonmirror.status.DownloadFailure;
import io.jenkins.plugins.pythonmirror.store.DataDir;
import io.jenkins.plugins.pythonmirror.store.FileKey;
import io.jenkins.plugins.pythonmirror.store.FileSystemBlobStore;
import io.jenkins.plugins.pythonmirror.testutil.ManualClock;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link Downloads}' watchdog: who may end a download that nobody waits for. */
class DownloadsTest {

    @TempDir
    Path tmp;

    private HttpServer upstream;
    private final ExecutorService executor = Executors.newCachedThreadPool();
    private final ScheduledExecutorService watchdog = Executors.newSingleThreadScheduledExecutor();
    private final Counters counters = new Counters();
    private FileSystemBlobStore blobs;
    private Downloads downloads;
    private URI base;
    private final byte[] bytes = new byte[1024 * 1024];
    private FileKey key;

    @BeforeEach
    void setUp() throws Exception {
        new Random(3).nextBytes(bytes);
        key = new FileKey(
                HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes)),
                "slow-1.0-py3-none-any.whl");
        upstream = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        upstream.setExecutor(Executors.newCachedThreadPool());
        upstream.createContext("/f/", exchange -> {
            exchange.sendResponseHeaders(200, bytes.length);
            try (OutputStream out = exchange.getResponseBody()) {
                // about 2.5 s for the whole file: longer than the grace below, far above any minimum rate
                for (int pos = 0; pos < bytes.length; pos += 64 * 1024) {
                    out.write(bytes, pos, 64 * 1024);
                    out.flush();
                    Thread.sleep(150);
                }
            } catch (InterruptedException | IOException e) {
                // the mirror hung up
            }
            exchange.close();
        });
        upstream.start();
        base = URI.create("http://127.0.0.1:" + upstream.getAddress().getPort() + "/");
        MirrorSettings settings = MirrorSettings.builder(tmp.resolve("data"))
                .upstreams(List.of(new Upstream(base.resolve("simple/"), null, null)))
                .build();
        blobs = new FileSystemBlobStore(DataDir.open(settings.dataDir()));
        Upstreams upstreams = new Upstreams(settings, HttpClient::newBuilder, new ManualClock());
        downloads = new Downloads(
                blobs,
                upstreams,
                counters,
                executor,
                watchdog,
                new Download.Rules(5_000, 0, 1_000, 300),
                (k, changed) -> {});
    }

    @AfterEach
    void tearDown() {
        watchdog.shutdownNow();
        executor.shutdownNow();
        upstream.stop(0);
    }

    private void awaitInactive() throws InterruptedException {
        for (int i = 0; i < 100 && downloads.isActive(key); i++) {
            Thread.sleep(100);
        }
        assertThat(downloads.isActive(key)).isFalse();
    }

    private long tempFiles() throws IOException {
        try (Stream<Path> s = Files.list(tmp.resolve("data/tmp"))) {
            return s.count();
        }
    }

    @Test
    void aDownloadNobodyWaitsForIsEndedSoonAfterTheGrace() throws Exception {
        downloads.obtain(key, base.resolve("f/" + key.filename()), base.resolve("simple/slow/"), null, false, false);
        awaitInactive();
        assertThat(counters.failedDownloads(DownloadFailure.ABANDONED)).isEqualTo(1);
        assertThat(blobs.find(key)).isEmpty();
        assertThat(tempFiles()).isZero();
    }

    @Test
    void aDownloadASyncAskedForRunsToItsEndWithNobodyWaiting() throws Exception {
        downloads.obtain(key, base.resolve("f/" + key.filename()), base.resolve("simple/slow/"), null, true, false);
        awaitInactive();
        assertThat(counters.failedDownloads(DownloadFailure.ABANDONED)).isZero();
        assertThat(blobs.find(key)).isPresent();
        assertThat(Files.readAllBytes(blobs.find(key).orElseThrow())).isEqualTo(bytes);
    }

    @Test
    void aClientThatJoinsASyncsDownloadAndLeavesDoesNotEndIt() throws Exception {
        Downloads.Fetch sync = downloads.obtain(
                key, base.resolve("f/" + key.filename()), base.resolve("simple/slow/"), null, true, false);
        Downloads.Fetch client = downloads.obtain(
                key, base.resolve("f/" + key.filename()), base.resolve("simple/slow/"), null, false, false);
        assertThat(((Downloads.Fetch.Running) client).download()).isSameAs(((Downloads.Fetch.Running) sync).download());
        try (var in = ((Downloads.Fetch.Running) client).download().newReader()) {
            assertThat(in.read(new byte[1000])).isPositive();
        }
        awaitInactive();
        assertThat(blobs.find(key)).isPresent();
    }
}
