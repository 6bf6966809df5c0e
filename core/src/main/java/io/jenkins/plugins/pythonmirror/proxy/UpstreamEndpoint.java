package io.jenkins.plugins.pythonmirror.proxy;

import io.jenkins.plugins.pythonmirror.config.Upstream;
import io.jenkins.plugins.pythonmirror.status.MirrorStatus;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.concurrent.atomic.LongAdder;

/** One configured upstream with its HTTP client, circuit breaker and health counters. */
final class UpstreamEndpoint {

    static final String USER_AGENT = "python-mirror/1 (+https://plugins.jenkins.io/python-mirror)";

    final Upstream upstream;
    final HttpClient client;
    final CircuitBreaker breaker;
    private final Clock clock;
    private final LongAdder requests = new LongAdder();
    private final LongAdder errors = new LongAdder();
    private volatile String lastError;
    private volatile Instant lastErrorAt;
    private final LongAdder sha256Mismatches = new LongAdder();
    private volatile String lastSha256Mismatch;

    UpstreamEndpoint(Upstream upstream, HttpClient client, CircuitBreaker breaker, Clock clock) {
        this.upstream = upstream;
        this.client = client;
        this.breaker = breaker;
        this.clock = clock;
    }

    /** A request builder with our User-Agent, the timeout and the upstream's credentials, if any. */
    HttpRequest.Builder request(java.net.URI uri, Duration timeout) {
        HttpRequest.Builder b = HttpRequest.newBuilder(uri).timeout(timeout).header("User-Agent", USER_AGENT);
        if (upstream.username() != null && sameOrigin(uri)) {
            String pair = upstream.username() + ":" + (upstream.password() == null ? "" : upstream.password());
            b.header(
                    "Authorization",
                    "Basic " + Base64.getEncoder().encodeToString(pair.getBytes(StandardCharsets.UTF_8)));
        }
        return b;
    }

    /** Credentials go only to the upstream's own host, never to a file host it links to. */
    boolean sameOrigin(java.net.URI uri) {
        java.net.URI base = upstream.url();
        return base.getScheme().equalsIgnoreCase(uri.getScheme())
                && base.getHost().equalsIgnoreCase(uri.getHost())
                && base.getPort() == uri.getPort();
    }

    void recordRequest() {
        requests.increment();
    }

    void recordSuccess() {
        breaker.recordSuccess();
    }

    void recordFailure(String description) {
        errors.increment();
        lastError = description;
        lastErrorAt = clock.instant();
        breaker.recordFailure();
    }

    /** Bytes it served did not match the listed sha256: marked apart from ordinary errors, and kept. */
    void recordSha256Mismatch(String filename) {
        sha256Mismatches.increment();
        lastSha256Mismatch = filename + " at " + clock.instant();
    }

    MirrorStatus.UpstreamStatus status() {
        Instant at = lastErrorAt;
        return new MirrorStatus.UpstreamStatus(
                upstream.displayName(),
                requests.sum(),
                errors.sum(),
                lastError,
                at == null ? null : at.toString(),
                breaker.isOpen(),
                sha256Mismatches.sum(),
                lastSha256Mismatch);
    }
}
