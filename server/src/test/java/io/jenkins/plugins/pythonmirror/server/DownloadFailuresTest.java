package io.jenkins.plugins.pythonmirror.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.jenkins.plugins.pythonmirror.testkit.BuiltDist;
import io.jenkins.plugins.pythonmirror.testkit.Dists;
import io.jenkins.plugins.pythonmirror.testkit.FakePyPI;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.logging.LogRecord;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Downloads that fail after they started: a dripping upstream, clients that all leave, and every kind of broken
 * transfer must end, be logged in one line and be counted by reason; the next request starts a fresh download.
 */
class DownloadFailuresTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path tmp;

    private MirrorFixture mirrors;
    private FakePyPI upstream;
    private Path dataDir;
    private LogCapture logs;

    @BeforeEach
    void setUp() {
        upstream = FakePyPI.start(FakePyPI.PageFormat.JSON);
        dataDir = tmp.resolve("data");
        mirrors = new MirrorFixture(dataDir);
        logs = new LogCapture();
    }

    @AfterEach
    void tearDown() throws Exception {
        logs.close();
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

    private JsonNode status(MirrorServer server) throws Exception {
        return JSON.readTree(mirrors.get(server.baseUrl().resolve("api/status")).body())
                .get("status");
    }

    private String metrics(MirrorServer server) throws Exception {
        return new String(mirrors.get(server.baseUrl().resolve("metrics")).body(), StandardCharsets.UTF_8);
    }

    /**
     * The status code of a GET, or -1 when the transfer was aborted (never a clean end). The limit covers the whole
     * body (the client's own timeout ends with the headers); a client still reading at the limit fails the test.
     */
    private int fetch(URI file, Duration limit) throws Exception {
        CompletableFuture<HttpResponse<byte[]>> response = mirrors.http.sendAsync(
                HttpRequest.newBuilder(file).GET().build(), HttpResponse.BodyHandlers.ofByteArray());
        try {
            return response.get(limit.toMillis(), TimeUnit.MILLISECONDS).statusCode();
        } catch (ExecutionException aborted) {
            assertThat(aborted.getCause()).isInstanceOf(IOException.class);
            return -1;
        } catch (TimeoutException e) {
            response.cancel(true);
            throw new AssertionError("the response to " + file + " did not end within " + limit, e);
        }
    }

    private static void await(String what, Duration limit, Check check) throws Exception {
        long end = System.nanoTime() + limit.toNanos();
        while (!check.ok()) {
            if (System.nanoTime() > end) {
                throw new AssertionError("not within " + limit + ": " + what);
            }
            Thread.sleep(100);
        }
    }

    private interface Check {
        boolean ok() throws Exception;
    }

    @Test
    void aDrippingUpstreamIsEndedByTheMinimumProgressRuleAndTheNextRequestStartsAfresh() throws Exception {
        BuiltDist dist = Dists.wheel("drip", "1.0").payloadBytes(200_000).build();
        upstream.addDist("drip", dist);
        // A byte every 50 ms never trips the 5 s read timeout; it would take about three hours.
        upstream.setFileDrip(1, Duration.ofMillis(50));
        MirrorServer server = mirrors.start(b -> b.minDownloadRate(4096, Duration.ofSeconds(1)), upstream.simpleUrl());
        mirrors.get(server.simpleUrl().resolve("drip/"));
        URI file = server.baseUrl().resolve("files/" + dist.sha256() + "/" + dist.filename());

        int status = fetch(file, Duration.ofSeconds(15)); // the drip is ended, not followed for hours
        assertThat(status).as("never a clean 200").isIn(-1, 502);
        assertThat(status(server).at("/failedDownloads/too-slow").asLong()).isEqualTo(1);
        List<LogRecord> lines = logs.containing("Download failed: reason=too-slow");
        assertThat(lines).hasSize(1);
        assertThat(lines.get(0).getMessage())
                .contains("project=drip", "file=" + dist.filename(), "upstream=" + upstream.simpleUrl(), "bytes=");
        assertThat(storedFiles()).isZero();
        await("the failed download's temp file is gone", Duration.ofSeconds(5), () -> tempFiles() == 0);

        upstream.setFileBytesPerSecond(0);
        HttpResponse<byte[]> again = mirrors.get(file);
        assertThat(again.statusCode()).isEqualTo(200);
        assertThat(again.body()).isEqualTo(dist.bytes());
        assertThat(upstream.requestCount("/packages/")).as("a fresh download").isEqualTo(2);
    }

    @Test
    void aDownloadNobodyWaitsForAnyMoreIsEndedAndTheNextRequestStartsAfresh() throws Exception {
        BuiltDist dist =
                Dists.wheel("left", "1.0").payloadBytes(4 * 1024 * 1024).build();
        upstream.addDist("left", dist);
        upstream.setFileBytesPerSecond(128 * 1024); // half a minute for the whole file: well above the minimum rate
        MirrorServer server = mirrors.start(upstream.simpleUrl());
        mirrors.get(server.simpleUrl().resolve("left/"));
        String path = "/files/" + dist.sha256() + "/" + dist.filename();

        try (Socket client = new Socket("127.0.0.1", server.port())) {
            OutputStream out = client.getOutputStream();
            out.write(("GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = client.getInputStream();
            byte[] some = in.readNBytes(64 * 1024);
            assertThat(new String(some, 0, 12, StandardCharsets.US_ASCII)).isEqualTo("HTTP/1.1 200");
            client.setSoLinger(true, 0); // hang up hard, like a killed pip
        }
        await(
                "the download nobody waits for is ended",
                Duration.ofSeconds(15),
                () -> status(server).at("/failedDownloads/abandoned").asLong() == 1);
        assertThat(logs.containing("Download failed: reason=abandoned project=left"))
                .hasSize(1);
        assertThat(storedFiles()).isZero();
        await("the abandoned download's temp file is gone", Duration.ofSeconds(5), () -> tempFiles() == 0);
        assertThat(status(server).at("/upstreams/0/errors").asLong())
                .as("a client leaving is not the upstream's fault")
                .isZero();

        upstream.setFileBytesPerSecond(0);
        HttpResponse<byte[]> again = mirrors.get(server.baseUrl().resolve(path.substring(1)));
        assertThat(again.statusCode()).isEqualTo(200);
        assertThat(again.body()).isEqualTo(dist.bytes());
        assertThat(upstream.requestCount("/packages/")).as("a fresh download").isEqualTo(2);
    }

    @Test
    void everyFailedDownloadIsOneLogLineAndCountedByReasonAndAMismatchMarksTheUpstream() throws Exception {
        BuiltDist dist = Dists.wheel("fragile", "1.0").payloadBytes(300_000).build();
        upstream.addDist("fragile", dist);
        BuiltDist real = Dists.wheel("liar", "1.0").payloadBytes(100_000).build();
        String claimed = "ab".repeat(32);
        upstream.addDist("liar", real).advertisedSha256(claimed);
        MirrorServer server = mirrors.start(b -> b.circuitBreaker(100, Duration.ofSeconds(30)), upstream.simpleUrl());
        mirrors.get(server.simpleUrl().resolve("fragile/"));
        mirrors.get(server.simpleUrl().resolve("liar/"));
        URI file = server.baseUrl().resolve("files/" + dist.sha256() + "/" + dist.filename());

        record Case(FakePyPI.Fault fault, String reason) {}
        for (Case c : List.of(
                new Case(FakePyPI.Fault.CORRUPT_FILES, "sha256-mismatch"),
                new Case(FakePyPI.Fault.TRUNCATE_FILES, "truncated"),
                new Case(FakePyPI.Fault.HTTP_500, "http-status"),
                new Case(FakePyPI.Fault.RESET, "unreachable"))) {
            upstream.setFault(c.fault(), "/packages/");
            int before = logs.containing("Download failed:").size();
            assertThat(fetch(file, Duration.ofSeconds(30))).as(c.fault().name()).isIn(-1, 502);
            List<LogRecord> lines = logs.containing("Download failed:");
            assertThat(lines).as(c.fault() + ": one line per failed download").hasSize(before + 1);
            LogRecord line = lines.get(lines.size() - 1);
            assertThat(line.getMessage())
                    .as(c.fault().name())
                    .contains(
                            "reason=" + c.reason(),
                            "project=fragile",
                            "file=" + dist.filename(),
                            "upstream=" + upstream.simpleUrl(),
                            "bytes=");
            assertThat(line.getThrown()).as("no stack trace").isNull();
        }
        upstream.setFault(FakePyPI.Fault.NONE);
        URI liar = server.baseUrl().resolve("files/" + claimed + "/" + real.filename());
        assertThat(fetch(liar, Duration.ofSeconds(30))).isIn(-1, 502);
        assertThat(logs.containing("reason=sha256-mismatch project=liar").get(0).getMessage())
                .contains("bytes=" + real.bytes().length + "/" + real.bytes().length);

        JsonNode status = status(server);
        assertThat(status.at("/failedDownloads/sha256-mismatch").asLong()).isEqualTo(2);
        assertThat(status.at("/failedDownloads/truncated").asLong()).isEqualTo(1);
        assertThat(status.at("/failedDownloads/http-status").asLong()).isEqualTo(1);
        assertThat(status.at("/failedDownloads/unreachable").asLong()).isEqualTo(1);
        assertThat(status.at("/sha256Mismatches").asLong()).isEqualTo(2);
        JsonNode up = status.at("/upstreams/0");
        assertThat(up.get("sha256Mismatches").asLong())
                .as("the upstream's health mark")
                .isEqualTo(2);
        assertThat(up.get("lastSha256Mismatch").asText()).startsWith(real.filename() + " at ");

        String metrics = metrics(server);
        assertThat(metrics)
                .contains("python_mirror_failed_downloads_total{reason=\"sha256-mismatch\"} 2\n")
                .contains("python_mirror_failed_downloads_total{reason=\"truncated\"} 1\n")
                .contains("python_mirror_failed_downloads_total{reason=\"too-slow\"} 0\n")
                .contains("python_mirror_sha256_mismatches_total 2\n")
                .contains("python_mirror_upstream_sha256_mismatches_total{upstream=\"" + upstream.simpleUrl()
                        + "\"} 2\n");
        assertThat(storedFiles()).isZero();
    }
}
