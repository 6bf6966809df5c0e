package io.jenkins.plugins.pythonmirror.config;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;

/**
 * The "Test upstream" button: fetches the upstream's page for {@code pip} (a project every index mirrors) and
 * reports whether the index answers, with the status and the time it took.
 */
public final class UpstreamProbe {

    /** The project every public index has. */
    public static final String PROBE_PROJECT = "pip";

    private UpstreamProbe() {}

    /**
     * The outcome.
     *
     * @param ok whether the index answered 200 with a simple page
     * @param status the HTTP status, or 0 when none arrived
     * @param elapsed time until the status arrived (or the failure)
     * @param message one sentence for the admin
     */
    public record Result(boolean ok, int status, Duration elapsed, String message) {}

    /**
     * Probes {@code upstream} (a simple-index root ending in {@code /}) with {@code client}; never throws for
     * network trouble, which is reported in the result instead.
     */
    public static Result probe(HttpClient client, Upstream upstream, Duration timeout) throws InterruptedException {
        URI uri = upstream.url().resolve(PROBE_PROJECT + "/");
        HttpRequest.Builder request = HttpRequest.newBuilder(uri)
                .timeout(timeout)
                .header("Accept", "application/vnd.pypi.simple.v1+json, text/html;q=0.1")
                .GET();
        if (upstream.username() != null) {
            String basic = upstream.username() + ":" + (upstream.password() == null ? "" : upstream.password());
            request.header(
                    "Authorization",
                    "Basic " + Base64.getEncoder().encodeToString(basic.getBytes(StandardCharsets.UTF_8)));
        }
        long start = System.nanoTime();
        try {
            HttpResponse<InputStream> response =
                    client.send(request.build(), HttpResponse.BodyHandlers.ofInputStream());
            Duration elapsed = Duration.ofNanos(System.nanoTime() - start);
            String type = response.headers().firstValue("Content-Type").orElse("");
            try (InputStream body = response.body()) {
                body.readNBytes(64 * 1024); // enough to know the page arrived; never the whole body
            }
            int status = response.statusCode();
            if (status == 200 && (type.contains("html") || type.contains("json"))) {
                return new Result(
                        true, status, elapsed, "OK: " + uri + " answered " + status + " in " + millis(elapsed) + ".");
            }
            if (status == 200) {
                return new Result(
                        false,
                        status,
                        elapsed,
                        uri + " answered 200 with '" + type
                                + "', which is not a simple-index page; is the URL the index's /simple/ root?");
            }
            if (status == 401 || status == 403) {
                return new Result(
                        false,
                        status,
                        elapsed,
                        uri + " refused access (" + status + "); check the user name and password.");
            }
            if (status == 404) {
                return new Result(
                        false, status, elapsed, uri + " does not exist (404); is the URL the index's /simple/ root?");
            }
            return new Result(false, status, elapsed, uri + " answered " + status + " in " + millis(elapsed) + ".");
        } catch (HttpTimeoutException e) {
            return new Result(
                    false,
                    0,
                    Duration.ofNanos(System.nanoTime() - start),
                    uri + " did not answer within " + millis(timeout) + ".");
        } catch (IOException e) {
            return new Result(
                    false,
                    0,
                    Duration.ofNanos(System.nanoTime() - start),
                    uri + " could not be reached: "
                            + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage()) + ".");
        }
    }

    private static String millis(Duration d) {
        return d.toMillis() + " ms";
    }
}
