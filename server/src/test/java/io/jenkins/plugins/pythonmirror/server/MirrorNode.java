package io.jenkins.plugins.pythonmirror.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.jenkins.plugins.pythonmirror.testkit.S3Server;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One standalone server in its own JVM (the test's class path), on a free port of 127.0.0.1, sharing a bucket of
 * an {@link S3Server}: what an operator runs on each node behind a load balancer. Its output is kept for
 * assertions and failure messages; {@link #kill()} is {@code kill -9}.
 */
final class MirrorNode implements AutoCloseable {

    private static final Pattern SERVING = Pattern.compile("python-mirror is serving (http://\\S+/)simple/");
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private final Process process;
    private final List<String> output;
    private final URI base;
    final Path dataDir;

    private MirrorNode(Process process, List<String> output, URI base, Path dataDir) {
        this.process = process;
        this.output = output;
        this.base = base;
        this.dataDir = dataDir;
    }

    /** The {@code --store} options for {@code s3}'s bucket under {@code prefix}. */
    static List<String> storeOptions(S3Server s3, String prefix) {
        return List.of(
                "--store",
                "s3://" + s3.bucket() + "/" + prefix,
                "--s3-endpoint",
                s3.endpoint().toString(),
                "--s3-path-style");
    }

    /** The AWS default chain's variables for {@code s3}'s identity. */
    static Map<String, String> credentials(S3Server s3) {
        return Map.of(
                "AWS_ACCESS_KEY_ID", s3.accessKey(),
                "AWS_SECRET_ACCESS_KEY", s3.secretKey(),
                "AWS_REGION", "us-east-1");
    }

    /** Runs {@code Main} with {@code args} to its end (user add, sync…); returns its exit code and output. */
    static Ran run(Map<String, String> env, String stdin, String... args) throws Exception {
        ProcessBuilder pb = new ProcessBuilder(command(List.of(args))).redirectErrorStream(true);
        pb.environment().putAll(env);
        Process p = pb.start();
        if (stdin != null) {
            p.getOutputStream().write(stdin.getBytes(StandardCharsets.UTF_8));
        }
        p.getOutputStream().close();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("timed out: " + String.join(" ", args) + "\n" + out);
        }
        return new Ran(p.exitValue(), out);
    }

    record Ran(int exit, String output) {}

    private static List<String> command(List<String> args) {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.add("-Xmx256m");
        cmd.add("-cp");
        cmd.add(System.getProperty("java.class.path"));
        cmd.add(Main.class.getName());
        cmd.addAll(args);
        return cmd;
    }

    /** Starts {@code serve} with {@code args} (the port and host are added) and waits until it listens. */
    static MirrorNode start(Path dataDir, Map<String, String> env, List<String> args) throws Exception {
        List<String> all = new ArrayList<>(
                List.of("serve", "--host", "127.0.0.1", "--port", "0", "--data-dir", dataDir.toString()));
        all.addAll(args);
        ProcessBuilder pb = new ProcessBuilder(command(all)).redirectErrorStream(true);
        pb.environment().putAll(env);
        Process p = pb.start();
        List<String> lines = Collections.synchronizedList(new ArrayList<>());
        CompletableFuture<URI> serving = new CompletableFuture<>();
        Thread reader = new Thread(() -> {
            try (BufferedReader r =
                    new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line; (line = r.readLine()) != null; ) {
                    lines.add(line);
                    Matcher m = SERVING.matcher(line);
                    if (m.find()) {
                        serving.complete(URI.create(m.group(1)));
                    }
                }
            } catch (IOException e) {
                // the process ended
            }
            serving.completeExceptionally(new AssertionError("the server ended:\n" + String.join("\n", lines)));
        });
        reader.setDaemon(true);
        reader.start();
        URI base = serving.get(60, TimeUnit.SECONDS);
        return new MirrorNode(p, lines, base, dataDir);
    }

    URI base() {
        return base;
    }

    URI simpleUrl() {
        return base.resolve("simple/");
    }

    URI uploadUrl() {
        return base.resolve("upload/");
    }

    /** The {@code status} object of {@code api/status}. */
    JsonNode status() throws Exception {
        HttpResponse<String> r = HTTP.send(
                HttpRequest.newBuilder(base.resolve("api/status"))
                        .timeout(Duration.ofSeconds(10))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != 200) {
            throw new AssertionError("api/status answered " + r.statusCode() + ": " + r.body());
        }
        return JSON.readTree(r.body()).get("status");
    }

    /** A GET of {@code path} (relative to the server's root). */
    HttpResponse<byte[]> get(String path) throws Exception {
        return HTTP.send(
                HttpRequest.newBuilder(base.resolve(path))
                        .timeout(Duration.ofSeconds(30))
                        .build(),
                HttpResponse.BodyHandlers.ofByteArray());
    }

    /** A GET of {@code path} as {@code user}. */
    HttpResponse<byte[]> get(String path, String user, String password) throws Exception {
        return HTTP.send(
                HttpRequest.newBuilder(base.resolve(path))
                        .header("Authorization", UploadRequest.basic(user, password))
                        .timeout(Duration.ofSeconds(30))
                        .build(),
                HttpResponse.BodyHandlers.ofByteArray());
    }

    /** kill -9: no shutdown hook runs. */
    void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(30, TimeUnit.SECONDS);
    }

    String output() {
        return String.join("\n", output);
    }

    @Override
    public void close() throws Exception {
        process.destroy();
        if (!process.waitFor(20, TimeUnit.SECONDS)) {
            process.destroyForcibly();
        }
    }

    static void clean(Path dir) throws IOException {
        if (Files.exists(dir)) {
            try (var walk = Files.walk(dir)) {
                walk.sorted(java.util.Comparator.reverseOrder())
                        .forEach(p -> p.toFile().delete());
            }
        }
    }
}
