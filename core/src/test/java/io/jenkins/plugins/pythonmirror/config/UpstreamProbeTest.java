package io.jenkins.plugins.pythonmirror.config;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class UpstreamProbeTest {

    HttpServer server;
    final AtomicReference<String> seenAuth = new AtomicReference<>();
    final HttpClient client = HttpClient.newHttpClient();

    @BeforeEach
    void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/simple/pip/", ex -> {
            seenAuth.set(ex.getRequestHeaders().getFirst("Authorization"));
            byte[] body = "<html><body><a href=\"pip-24.0.tar.gz\">pip-24.0.tar.gz</a></body></html>"
                    .getBytes(StandardCharsets.UTF_8);
            ex.getResponseHeaders().set("Content-Type", "text/html");
            ex.sendResponseHeaders(200, body.length);
            ex.getResponseBody().write(body);
            ex.close();
        });
        server.createContext("/private/simple/pip/", ex -> {
            ex.sendResponseHeaders(401, -1);
            ex.close();
        });
        server.createContext("/plain/pip/", ex -> {
            ex.getResponseHeaders().set("Content-Type", "application/octet-stream");
            ex.sendResponseHeaders(200, -1);
            ex.close();
        });
        server.start();
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    String base() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    @Test
    void reportsOkWithStatusAndTime() throws InterruptedException {
        UpstreamProbe.Result r = UpstreamProbe.probe(client, Upstream.of(base() + "/simple"), Duration.ofSeconds(5));
        assertThat(r.ok()).isTrue();
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.message())
                .startsWith("OK: " + base() + "/simple/pip/ answered 200 in ")
                .endsWith(" ms.");
        assertThat(seenAuth.get()).isNull();
    }

    @Test
    void sendsBasicCredentials() throws InterruptedException {
        UpstreamProbe.probe(
                client, new Upstream(java.net.URI.create(base() + "/simple/"), "ci", "pw"), Duration.ofSeconds(5));
        assertThat(seenAuth.get()).isEqualTo("Basic Y2k6cHc=");
    }

    @Test
    void explainsRefusalMissingPageAndWrongContent() throws InterruptedException {
        assertThat(UpstreamProbe.probe(client, Upstream.of(base() + "/private/simple/"), Duration.ofSeconds(5))
                        .message())
                .endsWith("refused access (401); check the user name and password.");
        UpstreamProbe.Result missing =
                UpstreamProbe.probe(client, Upstream.of(base() + "/nope/"), Duration.ofSeconds(5));
        assertThat(missing.status()).isEqualTo(404);
        assertThat(missing.message()).contains("does not exist (404)");
        assertThat(UpstreamProbe.probe(client, Upstream.of(base() + "/plain/"), Duration.ofSeconds(5))
                        .message())
                .contains("which is not a simple-index page");
    }

    @Test
    void reportsUnreachableHostWithoutThrowing() throws IOException, InterruptedException {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        UpstreamProbe.Result r = UpstreamProbe.probe(
                client, Upstream.of("http://127.0.0.1:" + port + "/simple/"), Duration.ofSeconds(5));
        assertThat(r.ok()).isFalse();
        assertThat(r.status()).isZero();
        assertThat(r.message()).contains("could not be reached");
    }

    @Test
    void reportsTimeout() throws IOException, InterruptedException {
        try (ServerSocket silent = new ServerSocket(0)) { // accepts (backlog) but never answers
            UpstreamProbe.Result r = UpstreamProbe.probe(
                    client,
                    Upstream.of("http://127.0.0.1:" + silent.getLocalPort() + "/simple/"),
                    Duration.ofMillis(300));
            assertThat(r.message()).contains("did not answer within 300 ms");
        }
    }
}
