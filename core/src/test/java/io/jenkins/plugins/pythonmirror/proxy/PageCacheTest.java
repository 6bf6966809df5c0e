package io.jenkins.plugins.pythonmirror.proxy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.jenkins.plugins.pythonmirror.MirrorException;
import io.jenkins.plugins.pythonmirror.config.MirrorSettings;
import io.jenkins.plugins.pythonmirror.config.Upstream;
import io.jenkins.plugins.pythonmirror.pep.ProjectName;
import io.jenkins.plugins.pythonmirror.status.Counters;
import io.jenkins.plugins.pythonmirror.store.DataDir;
import io.jenkins.plugins.pythonmirror.store.PageStore;
import io.jenkins.plugins.pythonmirror.testutil.ManualClock;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The page caching rules against a real HTTP upstream whose answers each test scripts. */
class PageCacheTest {

    private static final String SHA = "a".repeat(64);

    @TempDir
    Path tmp;

    private HttpServer upstream;
    private final AtomicInteger requests = new AtomicInteger();
    private final AtomicInteger conditional = new AtomicInteger();
    private volatile long serial = 10;
    private volatile String version = "1.0";
    private volatile long delayMillis;
    private volatile int status = 200;
    private volatile boolean stallBody;
    private ExecutorService executor;
    private ManualClock clock;

    @BeforeEach
    void startUpstream() throws IOException {
        upstream = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        upstream.setExecutor(Executors.newCachedThreadPool());
        upstream.createContext("/simple/", this::answer);
        upstream.start();
        executor = Executors.newCachedThreadPool();
        clock = new ManualClock();
    }

    @AfterEach
    void stop() {
        upstream.stop(0);
        executor.shutdownNow();
    }

    private void answer(HttpExchange exchange) throws IOException {
        requests.incrementAndGet();
        try {
            Thread.sleep(delayMillis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        String etag = "\"v" + version + "\"";
        if (exchange.getRequestHeaders().getFirst("If-None-Match") != null) {
            conditional.incrementAndGet();
            if (etag.equals(exchange.getRequestHeaders().getFirst("If-None-Match")) && status == 200) {
                exchange.sendResponseHeaders(304, -1);
                exchange.close();
                return;
            }
        }
        String body = "<html><body><a href=\"/f/demo-" + version + ".tar.gz#sha256=" + SHA + "\">demo-" + version
                + ".tar.gz</a></body></html>";
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "text/html");
        exchange.getResponseHeaders().set("ETag", etag);
        exchange.getResponseHeaders().set("X-PyPI-Last-Serial", Long.toString(serial));
        exchange.sendResponseHeaders(status, status == 404 ? -1 : bytes.length);
        if (stallBody) {
            try {
                Thread.sleep(20_000); // headers sent, body never comes
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        if (status != 404) {
            exchange.getResponseBody().write(bytes);
        }
        exchange.close();
    }

    private PageCache cache(Duration ttl) throws IOException {
        return cache(ttl, MirrorSettings.DEFAULT_READ_TIMEOUT);
    }

    private PageCache cache(Duration ttl, Duration readTimeout) throws IOException {
        MirrorSettings settings = MirrorSettings.builder(tmp.resolve("data"))
                .readTimeout(readTimeout)
                .upstreams(List.of(new Upstream(
                        URI.create("http://127.0.0.1:" + upstream.getAddress().getPort() + "/simple/"), null, null)))
                .pageTtl(ttl)
                .build();
        Upstreams upstreams = new Upstreams(settings, HttpClient::newBuilder, clock);
        return new PageCache(
                settings, upstreams, new PageStore(DataDir.open(settings.dataDir())), new Counters(), clock, executor);
    }

    private static String fileOf(PageCache.Lookup lookup) {
        return lookup.page().page().files().get(0).filename();
    }

    @Test
    void aFreshPageIsServedWithoutAskingUpstream() throws IOException {
        PageCache cache = cache(Duration.ofMinutes(10));
        ProjectName demo = ProjectName.parse("demo");
        assertThat(cache.get(demo).fromCache()).isFalse();
        clock.advance(Duration.ofMillis(60_000));
        assertThat(cache.get(demo).fromCache()).isTrue();
        assertThat(requests).hasValue(1);
    }

    @Test
    void anExpiredPageIsRevalidatedAndA304OnlyResetsTheClock() throws IOException {
        PageCache cache = cache(Duration.ofMinutes(10));
        ProjectName demo = ProjectName.parse("demo");
        cache.get(demo);
        clock.advance(Duration.ofMillis(11 * 60_000));
        PageCache.Lookup revalidated = cache.get(demo);
        assertThat(revalidated.fromCache()).isTrue();
        assertThat(conditional).hasValue(1);
        clock.advance(Duration.ofMillis(5 * 60_000));
        cache.get(demo);
        assertThat(requests).as("the 304 restarted the freshness period").hasValue(2);
    }

    @Test
    void aLowerSerialThanOursIsAStaleCdnCopyAndIgnored() throws IOException {
        PageCache cache = cache(Duration.ZERO);
        ProjectName demo = ProjectName.parse("demo");
        assertThat(fileOf(cache.get(demo))).isEqualTo("demo-1.0.tar.gz");
        version = "0.9";
        serial = 5; // an older copy
        assertThat(fileOf(cache.get(demo))).isEqualTo("demo-1.0.tar.gz");
        version = "2.0";
        serial = 11;
        assertThat(fileOf(cache.get(demo))).isEqualTo("demo-2.0.tar.gz");
    }

    @Test
    void concurrentRequestsForOneExpiredPageCauseOneUpstreamFetch() throws Exception {
        PageCache cache = cache(Duration.ofMinutes(10));
        ProjectName demo = ProjectName.parse("demo");
        delayMillis = 500;
        ExecutorService clients = Executors.newFixedThreadPool(16);
        CountDownLatch go = new CountDownLatch(1);
        List<Future<PageCache.Lookup>> results = new ArrayList<>();
        for (int i = 0; i < 16; i++) {
            results.add(clients.submit(() -> {
                go.await();
                return cache.get(demo);
            }));
        }
        go.countDown();
        for (Future<PageCache.Lookup> r : results) {
            assertThat(fileOf(r.get())).isEqualTo("demo-1.0.tar.gz");
        }
        clients.shutdownNow();
        assertThat(requests).hasValue(1);
    }

    @Test
    void notFoundIsRememberedForTheNegativeTtl() throws IOException {
        PageCache cache = cache(Duration.ofMinutes(10));
        status = 404;
        ProjectName ghost = ProjectName.parse("ghost");
        assertThatThrownBy(() -> cache.get(ghost)).isInstanceOf(MirrorException.NotFound.class);
        assertThatThrownBy(() -> cache.get(ghost)).isInstanceOf(MirrorException.NotFound.class);
        assertThat(requests).hasValue(1);
    }

    @Test
    void anUpstreamErrorWithNothingCachedIsA502WithTheReason() throws IOException {
        PageCache cache = cache(Duration.ofMinutes(10));
        status = 503;
        assertThatThrownBy(() -> cache.get(ProjectName.parse("demo")))
                .isInstanceOf(MirrorException.Upstream.class)
                .hasMessageContaining("HTTP 503")
                .satisfies(e -> assertThat(((MirrorException) e).status()).isEqualTo(502));
    }

    @Test
    void aBodyThatStallsAfterItsHeadersEndsWithinTheReadTimeout() throws IOException {
        PageCache cache = cache(Duration.ZERO, Duration.ofSeconds(1));
        ProjectName demo = ProjectName.parse("demo");
        stallBody = true;
        long start = System.nanoTime();
        assertThatThrownBy(() -> cache.get(demo))
                .isInstanceOf(MirrorException.Upstream.class)
                .hasMessageContaining("did not arrive");
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));

        stallBody = false;
        assertThat(fileOf(cache.get(demo))).isEqualTo("demo-1.0.tar.gz");
        stallBody = true;
        version = "2.0";
        PageCache.Lookup stale = cache.get(demo);
        assertThat(stale.stale()).as("the last good page, not an error").isTrue();
        assertThat(fileOf(stale)).isEqualTo("demo-1.0.tar.gz");
    }
}
