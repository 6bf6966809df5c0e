package io.jenkins.plugins.pythonmirror.server;

import io.jenkins.plugins.pythonmirror.config.MirrorSettings;
import io.jenkins.plugins.pythonmirror.config.Upstream;
import io.jenkins.plugins.pythonmirror.status.MirrorStatus;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.UnaryOperator;

/** Starts real mirror servers over a data directory for end-to-end tests, and stops them all at the end. */
final class MirrorFixture implements AutoCloseable {

    private final Path dataDir;
    private final List<MirrorServer> servers = new ArrayList<>();
    final HttpClient http =
            HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();

    MirrorFixture(Path dataDir) {
        this.dataDir = dataDir;
    }

    /** Settings for tests: short timeouts, so failure paths stay quick. */
    MirrorSettings.Builder settings(URI... upstreams) {
        return MirrorSettings.builder(dataDir)
                .upstreams(Arrays.stream(upstreams)
                        .map(u -> new Upstream(u, null, null))
                        .toList())
                .connectTimeout(Duration.ofSeconds(2))
                .readTimeout(Duration.ofSeconds(5));
    }

    MirrorServer start(URI... upstreams) throws Exception {
        return start(b -> b, upstreams);
    }

    MirrorServer start(UnaryOperator<MirrorSettings.Builder> customize, URI... upstreams) throws Exception {
        MirrorServer server =
                MirrorServer.newServer(customize.apply(settings(upstreams)).build(), "127.0.0.1", 0);
        servers.add(server);
        return server.start();
    }

    /** A server whose callers sign in against {@code users} (HTTP Basic), as {@code serve} runs it. */
    MirrorServer startWithUsers(UserStore users, UnaryOperator<MirrorSettings.Builder> customize, URI... upstreams)
            throws Exception {
        MirrorServer server =
                MirrorServer.newServer(customize.apply(settings(upstreams)).build(), "127.0.0.1", 0, users);
        servers.add(server);
        return server.start();
    }

    static MirrorStatus status(MirrorServer server) {
        return server.mirror().status();
    }

    HttpResponse<byte[]> get(URI uri, String... headers) throws IOException, InterruptedException {
        HttpRequest.Builder b = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(30));
        if (headers.length > 0) {
            b.headers(headers);
        }
        return http.send(b.GET().build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    HttpResponse<byte[]> head(URI uri, String... headers) throws IOException, InterruptedException {
        HttpRequest.Builder b = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(30));
        if (headers.length > 0) {
            b.headers(headers);
        }
        return http.send(
                b.method("HEAD", HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    @Override
    public void close() throws Exception {
        for (MirrorServer s : servers) {
            s.close();
        }
    }
}
