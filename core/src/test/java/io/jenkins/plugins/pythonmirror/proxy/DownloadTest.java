package io.jenkins.plugins.pythonmirror.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import io.jenkins.plugins.pythonmirror.config.MirrorSettings;
import io.jenkins.plugins.pythonmirror.config.Upstream;
import io.jenkins.plugins.pythonmirror.status.DownloadFailure;
import io.jenkins.plugins.pythonmirror.store.DataDir;
import io.jenkins.plugins.pythonmirror.store.FileKey;
import io.jenkins.plugins.pythonmirror.store.FileSystemBlobStore;
import io.jenkins.plugins.pythonmirror.testutil.ManualClock;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A {@link Download} against a real HTTP upstream, at the edges of its life. */
class DownloadTest {

    @TempDir
    Path tmp;

    private HttpServer upstream;

    @AfterEach
    void stop() {
        if (upstream != null) {
            upstream.stop(0);
        }
    }

    @Test
    void aReaderThatArrivesBetweenTheRenameAndTheEndGetsTheWholeFile() throws Exception {
        byte[] bytes = new byte[100_000];
        new Random(7).nextBytes(bytes);
        String sha =
                HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        upstream = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        upstream.createContext("/f/", exchange -> {
            exchange.sendResponseHeaders(200, bytes.length);
            exchange.getResponseBody().write(bytes);
            exchange.close();
        });
        upstream.start();
        URI base = URI.create("http://127.0.0.1:" + upstream.getAddress().getPort() + "/");
        MirrorSettings settings = MirrorSettings.builder(tmp.resolve("data"))
                .upstreams(List.of(new Upstream(base.resolve("simple/"), null, null)))
                .build();
        FileSystemBlobStore blobs = new FileSystemBlobStore(DataDir.open(settings.dataDir()));
        Upstreams upstreams = new Upstreams(settings, HttpClient::newBuilder, new ManualClock());
        FileKey key = new FileKey(sha, "demo-1.0-py3-none-any.whl");

        CountDownLatch committed = new CountDownLatch(1);
        CountDownLatch readerOpened = new CountDownLatch(1);
        Download download = new Download(
                key,
                base.resolve("f/demo-1.0-py3-none-any.whl"),
                base.resolve("simple/demo/"),
                (long) bytes.length,
                upstreams,
                blobs,
                false,
                new Download.Listener() {
                    @Override
                    public void committed(Download d, long size) {
                        // The file is renamed into place, the download not yet DONE: hold this moment open.
                        committed.countDown();
                        try {
                            readerOpened.await(5, TimeUnit.SECONDS);
                        } catch (InterruptedException e) {
                            Thread.currentThread().interrupt();
                        }
                    }

                    @Override
                    public void failed(
                            Download d, DownloadFailure reason, String detail, long received, long expected) {}

                    @Override
                    public void finished(Download d) {}
                },
                false);
        Thread worker = new Thread(download);
        worker.start();
        assertThat(committed.await(10, TimeUnit.SECONDS)).isTrue();
        assertThat(blobs.find(key)).isPresent();

        Thread opener = new Thread(() -> {
            try {
                Thread.sleep(200);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            readerOpened.countDown();
        });
        opener.start();
        byte[] read;
        try (InputStream in = download.newReader()) { // the temp file is gone here
            read = in.readAllBytes();
        }
        worker.join(10_000);
        assertThat(read).isEqualTo(bytes);
        assertThat(Files.size(blobs.pathOf(key))).isEqualTo(bytes.length);
    }
}
