package io.jenkins.plugins.pythonmirror;

import io.jenkins.plugins.pythonmirror.config.MirrorSettings;
import io.jenkins.plugins.pythonmirror.http.MirrorHandler;
import java.io.Closeable;
import java.io.IOException;
import java.net.http.HttpClient;
import java.util.function.Supplier;

/**
 * One running mirror engine over one data directory: what both hosts (standalone server, Jenkins plugin) open at
 * start and close at shutdown.
 */
public final class Mirror implements Closeable {

    private final MirrorSettings settings;
    private final MirrorHandler handler;

    private Mirror(MirrorSettings settings, Supplier<HttpClient.Builder> httpClients) {
        this.settings = settings;
        this.handler = new MirrorHandler();
    }

    /** Opens the engine with a plain JDK HTTP client for upstream traffic. */
    public static Mirror open(MirrorSettings settings) throws IOException {
        return open(settings, HttpClient::newBuilder);
    }

    /**
     * Opens the engine; {@code httpClients} supplies the builder for upstream HTTP clients, so Jenkins can hand in
     * its proxy-aware {@code ProxyConfiguration.newHttpClientBuilder()}.
     */
    public static Mirror open(MirrorSettings settings, Supplier<HttpClient.Builder> httpClients) throws IOException {
        return new Mirror(settings, httpClients);
    }

    public MirrorSettings settings() {
        return settings;
    }

    /** A snapshot of counters, cache use and upstream health. */
    public io.jenkins.plugins.pythonmirror.status.MirrorStatus status() {
        throw new UnsupportedOperationException("engine not wired yet");
    }

    /** The request handler for the whole URL surface. */
    public MirrorHandler handler() {
        return handler;
    }

    @Override
    public void close() throws IOException {}
}
