package io.jenkins.plugins.pythonmirror.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.sun.management.GarbageCollectionNotificationInfo;
import io.jenkins.plugins.pythonmirror.config.MirrorSettings;
import io.jenkins.plugins.pythonmirror.config.Upstream;
import java.io.IOException;
import java.io.InputStream;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;
import javax.management.NotificationEmitter;
import javax.management.openmbean.CompositeData;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A ~55 MB upstream page of 330,000 files, JSON and HTML, fetched, stored and served in both media types and gzip,
 * inside a 256 MB heap: this class runs in its own JVM with {@code -Xmx256m} (the {@code huge-pages-256m} surefire
 * execution of this module); the page is generated as it is sent, never held by the test. Cached answers are the
 * stored rendered bytes: repeating them renders nothing.
 */
class HugePageTest {

    static final int FILES = 330_000;
    private static final String PIP_ACCEPT =
            "application/vnd.pypi.simple.v1+json, application/vnd.pypi.simple.v1+html; q=0.1, text/html; q=0.01";

    @TempDir
    Path tmp;

    private HugePages upstream;
    private MirrorServer server;
    private final HttpClient http = HttpClient.newHttpClient();

    @BeforeAll
    static void aSmallHeap() {
        // The point of this test: it runs with the heap the issue names (its own surefire execution), not the
        // build's default; picked by -Dtest into the default JVM as well, it stands aside there.
        assumeTrue(
                Runtime.getRuntime().maxMemory() <= 256L * 1024 * 1024,
                "runs in the huge-pages-256m execution (-Xmx256m) only");
    }

    @AfterEach
    void tearDown() throws Exception {
        if (server != null) {
            server.close();
        }
        if (upstream != null) {
            upstream.close();
        }
        System.out.printf(
                "heap: max %d MB, highest occupancy a collection found %d MB%n",
                Runtime.getRuntime().maxMemory() >> 20, HEAP_PEAK.get() >> 20);
    }

    /** The highest heap occupancy seen right before a garbage collection: the heap's real peak. */
    private static final AtomicLong HEAP_PEAK = new AtomicLong();

    private static final Set<String> HEAP_POOLS = ManagementFactory.getMemoryPoolMXBeans().stream()
            .filter(p -> p.getType() == MemoryType.HEAP)
            .map(MemoryPoolMXBean::getName)
            .collect(Collectors.toSet());

    @BeforeAll
    static void watchTheHeap() {
        for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
            ((NotificationEmitter) gc)
                    .addNotificationListener(
                            (notification, handback) -> {
                                if (notification
                                        .getType()
                                        .equals(GarbageCollectionNotificationInfo.GARBAGE_COLLECTION_NOTIFICATION)) {
                                    GarbageCollectionNotificationInfo info = GarbageCollectionNotificationInfo.from(
                                            (CompositeData) notification.getUserData());
                                    long used = info.getGcInfo().getMemoryUsageBeforeGc().entrySet().stream()
                                            .filter(e -> HEAP_POOLS.contains(e.getKey()))
                                            .mapToLong(e -> e.getValue().getUsed())
                                            .sum();
                                    HEAP_PEAK.accumulateAndGet(used, Math::max);
                                }
                            },
                            null,
                            null);
        }
    }

    private MirrorServer start(URI index, boolean offline) throws Exception {
        MirrorSettings settings = MirrorSettings.builder(tmp.resolve("data"))
                .upstreams(List.of(new Upstream(index, null, null)))
                .offline(offline)
                .readTimeout(Duration.ofSeconds(120))
                .build();
        return MirrorServer.newServer(settings, "127.0.0.1", 0).start();
    }

    private HttpResponse<InputStream> get(URI uri, String... headers) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(uri).timeout(Duration.ofMinutes(5));
        if (headers.length > 0) {
            b.headers(headers);
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofInputStream());
    }

    /** Counts the files of a served JSON page as it streams in; checks the first one's rewritten link. */
    private static int countJsonFiles(InputStream body) throws IOException {
        int n = 0;
        try (JsonParser p = new JsonFactory().createParser(body)) {
            boolean inFiles = false;
            int depth = 0;
            for (JsonToken t = p.nextToken(); t != null; t = p.nextToken()) {
                if (t == JsonToken.START_OBJECT || t == JsonToken.START_ARRAY) {
                    depth++;
                } else if (t == JsonToken.END_OBJECT || t == JsonToken.END_ARRAY) {
                    depth--;
                    if (t == JsonToken.END_ARRAY && depth == 1) {
                        inFiles = false;
                    }
                } else if (t == JsonToken.FIELD_NAME
                        && depth == 1
                        && p.currentName().equals("files")) {
                    inFiles = true;
                } else if (t == JsonToken.FIELD_NAME
                        && inFiles
                        && depth == 3
                        && p.currentName().equals("url")) {
                    p.nextToken();
                    if (n == 0) {
                        assertThat(p.getText())
                                .isEqualTo("../../files/" + HugePages.sha(0) + "/" + HugePages.filename("huge", 0, 60));
                    }
                    n++;
                }
            }
        }
        return n;
    }

    /** Counts the anchors of a served HTML page as it streams in. */
    private static int countAnchors(InputStream body) throws IOException {
        byte[] needle = "<a href=\"../../files/".getBytes(StandardCharsets.US_ASCII);
        int n = 0;
        int matched = 0;
        byte[] buffer = new byte[64 * 1024];
        try (body) {
            for (int read = body.read(buffer); read != -1; read = body.read(buffer)) {
                for (int i = 0; i < read; i++) {
                    matched = buffer[i] == needle[matched] ? matched + 1 : (buffer[i] == needle[0] ? 1 : 0);
                    if (matched == needle.length) {
                        n++;
                        matched = 0;
                    }
                }
            }
        }
        return n;
    }

    private long renderedFiles() throws IOException {
        try (Stream<Path> s = Files.list(tmp.resolve("data/tmp"))) {
            return s.filter(p -> p.getFileName().toString().startsWith("view-")).count();
        }
    }

    /** Fetches, stores and serves the page in every form; a second round must be answered from stored bytes. */
    private void servesTheHugePageInEveryForm(boolean jsonUpstream) throws Exception {
        upstream = new HugePages(FILES, null);
        URI index = jsonUpstream ? upstream.jsonIndex() : upstream.htmlIndex();
        server = start(index, false);
        URI page = server.simpleUrl().resolve("huge/");

        HttpResponse<InputStream> json = get(page, "Accept", PIP_ACCEPT);
        assertThat(json.statusCode()).isEqualTo(200);
        assertThat(json.headers().firstValue("Content-Type")).hasValue("application/vnd.pypi.simple.v1+json");
        String etag = json.headers().firstValue("ETag").orElseThrow();
        assertThat(countJsonFiles(json.body())).isEqualTo(FILES);

        HttpResponse<InputStream> html = get(page, "Accept", "text/html");
        assertThat(html.statusCode()).isEqualTo(200);
        assertThat(countAnchors(html.body())).isEqualTo(FILES);

        HttpResponse<InputStream> gz = get(page, "Accept", PIP_ACCEPT, "Accept-Encoding", "gzip");
        assertThat(gz.headers().firstValue("Content-Encoding")).hasValue("gzip");
        assertThat(countJsonFiles(new GZIPInputStream(gz.body()))).isEqualTo(FILES);

        HttpResponse<InputStream> htmlGz = get(page, "Accept", "text/html", "Accept-Encoding", "gzip");
        assertThat(countAnchors(new GZIPInputStream(htmlGz.body()))).isEqualTo(FILES);

        assertThat(Files.size(tmp.resolve("data/pages/huge.json"))).as("stored").isGreaterThan(40L * 1024 * 1024);

        // Cached: the same stored bytes again, nothing rendered anew.
        long rendered = renderedFiles();
        for (int round = 0; round < 2; round++) {
            HttpResponse<InputStream> again = get(page, "Accept", PIP_ACCEPT);
            assertThat(again.headers().firstValue("ETag")).hasValue(etag);
            assertThat(countJsonFiles(again.body())).isEqualTo(FILES);
            assertThat(countAnchors(get(page, "Accept", "text/html").body())).isEqualTo(FILES);
        }
        assertThat(renderedFiles()).as("no new rendering for cached answers").isEqualTo(rendered);
        HttpResponse<InputStream> notModified = get(page, "Accept", PIP_ACCEPT, "If-None-Match", etag);
        notModified.body().close();
        assertThat(notModified.statusCode()).isEqualTo(304);

        // A restart reads the stored page back, streamed (offline: nothing from upstream).
        server.close();
        server = start(index, true);
        HttpResponse<InputStream> fromStore = get(server.simpleUrl().resolve("huge/"), "Accept", PIP_ACCEPT);
        assertThat(fromStore.statusCode()).isEqualTo(200);
        assertThat(countJsonFiles(fromStore.body())).isEqualTo(FILES);
    }

    @Test
    void aJsonUpstreamPageOf330000FilesFitsIn256Megabytes() throws Exception {
        servesTheHugePageInEveryForm(true);
    }

    @Test
    void anHtmlUpstreamPageOf330000FilesFitsIn256Megabytes() throws Exception {
        servesTheHugePageInEveryForm(false);
    }
}
