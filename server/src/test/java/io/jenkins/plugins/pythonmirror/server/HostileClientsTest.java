package io.jenkins.plugins.pythonmirror.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.jenkins.plugins.pythonmirror.access.Role;
import io.jenkins.plugins.pythonmirror.testkit.BuiltDist;
import io.jenkins.plugins.pythonmirror.testkit.Dists;
import io.jenkins.plugins.pythonmirror.testkit.FakePyPI;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Clients that send what a well-behaved one would not, over real sockets against the real mirror. */
class HostileClientsTest {

    @TempDir
    Path tmp;

    private MirrorFixture mirrors;
    private FakePyPI upstream;

    @BeforeEach
    void setUp() {
        upstream = FakePyPI.start(FakePyPI.PageFormat.JSON);
        mirrors = new MirrorFixture(tmp.resolve("data"));
    }

    @AfterEach
    void tearDown() throws Exception {
        mirrors.close();
        upstream.close();
    }

    /** Sends the head and the first half of an upload's body on a raw socket; the caller decides how to hang up. */
    private static Socket halfAnUpload(MirrorServer server, UploadRequest upload) throws IOException {
        byte[] body = upload.body();
        Socket socket = new Socket("127.0.0.1", server.port());
        OutputStream out = socket.getOutputStream();
        out.write(("POST /upload/ HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: " + upload.contentType()
                        + "\r\nContent-Length: " + body.length + "\r\nAuthorization: "
                        + UploadRequest.basic(upload.user, upload.password) + "\r\n\r\n")
                .getBytes(StandardCharsets.US_ASCII));
        out.write(Arrays.copyOf(body, body.length / 2));
        out.flush();
        return socket;
    }

    private MirrorServer uploadServer() throws Exception {
        UserStore users = UserStore.open(tmp.resolve("data"));
        users.add("ulla", Role.UPLOADER, "ulla-pw");
        return mirrors.startWithUsers(users, b -> b, upstream.simpleUrl());
    }

    private void nothingStored() throws IOException {
        try (Stream<Path> files = Files.walk(tmp.resolve("data/private"))) {
            assertThat(files.filter(Files::isRegularFile)).as("private store").isEmpty();
        }
        try (Stream<Path> files = Files.list(tmp.resolve("data/tmp"))) {
            assertThat(files).as("temp files").isEmpty();
        }
    }

    @Test
    void anUploadCutOffMidBodyIsA400WithOneLineOfReasonAndOneLogLine() throws Exception {
        MirrorServer server = uploadServer();
        BuiltDist wheel = Dists.wheel("acme-cut", "1.0").payloadBytes(200_000).build();
        UploadRequest upload = UploadRequest.of("acme-cut", "1.0", wheel).as("ulla", "ulla-pw");
        try (LogCapture logs = new LogCapture()) {
            String answer;
            try (Socket socket = halfAnUpload(server, upload)) {
                socket.shutdownOutput(); // the client stops sending but still listens
                try (InputStream in = socket.getInputStream()) {
                    answer = new String(in.readAllBytes(), StandardCharsets.UTF_8);
                }
            }
            assertThat(answer).startsWith("HTTP/1.1 400 ");
            String reason = answer.substring(answer.indexOf("\r\n\r\n") + 4);
            assertThat(reason).startsWith("The upload body ended after ").endsWith("\n");
            assertThat(reason.strip()).doesNotContain("\n");
            assertThat(logs.containing("The upload body ended after")).hasSize(1);
            assertThat(logs.withStackTraces()).isEmpty();
        }
        nothingStored();
    }

    @Test
    void aClientThatHangsUpMidUploadLeavesOneLogLineAndNoStackTrace() throws Exception {
        MirrorServer server = uploadServer();
        BuiltDist wheel = Dists.wheel("acme-gone", "1.0").payloadBytes(200_000).build();
        UploadRequest upload = UploadRequest.of("acme-gone", "1.0", wheel).as("ulla", "ulla-pw");
        try (LogCapture logs = new LogCapture()) {
            try (Socket socket = halfAnUpload(server, upload)) {
                socket.setSoLinger(true, 0); // a reset: nobody listens for the answer
            }
            for (int i = 0;
                    i < 50 && logs.containing("The upload body ended after").isEmpty();
                    i++) {
                Thread.sleep(100);
            }
            Thread.sleep(300); // anything else it would log comes right after
            assertThat(logs.containing("The upload body ended after")).hasSize(1);
            assertThat(logs.withStackTraces()).isEmpty();
            assertThat(logs.containing("Internal error")).isEmpty();
        }
        nothingStored();
        assertThat(mirrors.get(server.baseUrl().resolve("api/status")).statusCode())
                .isEqualTo(200);
    }

    @Test
    void fortyConcurrentClientsNeverTakeMoreHttpThreadsThanTheCap() throws Exception {
        BuiltDist big =
                Dists.wheel("crowded", "1.0").payloadBytes(2 * 1024 * 1024).build();
        upstream.addDist("crowded", big);
        upstream.setFileBytesPerSecond(1024 * 1024); // about two seconds: every client is in flight at once
        try (MirrorServer server = MirrorServer.newServer(
                        mirrors.settings(upstream.simpleUrl()).build(), "127.0.0.1", 0)
                .maxThreads(16)
                .start()) {
            mirrors.get(server.simpleUrl().resolve("crowded/"));
            URI file = server.baseUrl().resolve("files/" + big.sha256() + "/" + big.filename());
            AtomicInteger peak = new AtomicInteger();
            AtomicBoolean running = new AtomicBoolean(true);
            Thread sampler = new Thread(() -> {
                while (running.get()) {
                    long n = Thread.getAllStackTraces().keySet().stream()
                            .filter(t -> t.getName().startsWith("python-mirror-http"))
                            .count();
                    peak.accumulateAndGet((int) n, Math::max);
                    try {
                        Thread.sleep(20);
                    } catch (InterruptedException e) {
                        return;
                    }
                }
            });
            sampler.start();
            ExecutorService clients = Executors.newFixedThreadPool(40);
            try {
                List<Future<byte[]>> bodies = new ArrayList<>();
                for (int i = 0; i < 40; i++) {
                    bodies.add(clients.submit(() -> mirrors.get(file).body()));
                }
                for (Future<byte[]> body : bodies) {
                    assertThat(body.get(60, TimeUnit.SECONDS)).isEqualTo(big.bytes());
                }
            } finally {
                running.set(false);
                sampler.join();
                clients.shutdownNow();
            }
            assertThat(peak.get()).as("HTTP threads at the peak").isBetween(1, 16);
            assertThat(upstream.requestCount("/packages/")).isEqualTo(1);
        }
    }

    @Test
    void aRangeEndingPastLongMaxValueIsTheWholeFileAs206() throws Exception {
        BuiltDist wheel = Dists.wheel("ranged", "1.0").payloadBytes(50_000).build();
        upstream.addDist("ranged", wheel);
        MirrorServer server = mirrors.start(upstream.simpleUrl());
        mirrors.get(server.simpleUrl().resolve("ranged/"));
        URI file = server.baseUrl().resolve("files/" + wheel.sha256() + "/" + wheel.filename());
        assertThat(mirrors.get(file).statusCode()).isEqualTo(200);

        // RFC 9110 §14.1.2: a last-pos at or past the length means "to the end", whatever its size.
        HttpResponse<byte[]> r = mirrors.get(file, "Range", "bytes=0-99999999999999999999");
        assertThat(r.statusCode()).isEqualTo(206);
        int n = wheel.bytes().length;
        assertThat(r.headers().firstValue("Content-Range")).hasValue("bytes 0-" + (n - 1) + "/" + n);
        assertThat(r.body()).isEqualTo(wheel.bytes());

        HttpResponse<byte[]> beyond = mirrors.get(file, "Range", "bytes=99999999999999999999-");
        assertThat(beyond.statusCode()).isEqualTo(416);
        assertThat(beyond.headers().firstValue("Content-Range")).hasValue("bytes */" + n);
    }
}
