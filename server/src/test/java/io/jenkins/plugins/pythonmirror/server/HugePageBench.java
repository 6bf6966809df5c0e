package io.jenkins.plugins.pythonmirror.server;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The huge-page benchmark ({@code bench/huge-page.sh} runs it; JDK only, not a test): the mirror's jar runs in its
 * own JVM with {@code -Xmx256m} and a GC log against a generated upstream ({@link HugePages}) of a 330,000-file
 * project page, JSON and then HTML. Prints the first (uncached) answer's time, the median time of cached answers in
 * each form, the same for a stored file as large as the JSON page and for a 2,000-version page, and the heap peak
 * read from the GC log.
 *
 * <p>Usage: {@code java -cp server/target/test-classes io.jenkins.plugins.pythonmirror.server.HugePageBench
 * server/target/python-mirror-server.jar [files] [rounds]}
 */
public final class HugePageBench {

    private static final String PIP_ACCEPT =
            "application/vnd.pypi.simple.v1+json, application/vnd.pypi.simple.v1+html; q=0.1, text/html; q=0.01";
    private static final Pattern GC = Pattern.compile("(\\d+)M->(\\d+)M\\((\\d+)M\\)");

    private final HttpClient http = HttpClient.newHttpClient();
    private final Path jar;
    private final int rounds;

    private HugePageBench(Path jar, int rounds) {
        this.jar = jar;
        this.rounds = rounds;
    }

    public static void main(String[] args) throws Exception {
        Path jar = Path.of(args.length > 0 ? args[0] : "server/target/python-mirror-server.jar");
        int files = args.length > 1 ? Integer.parseInt(args[1]) : 330_000;
        int rounds = args.length > 2 ? Integer.parseInt(args[2]) : 10;
        new HugePageBench(jar, rounds).run(files);
    }

    /** A mirror in its own JVM. */
    private final class Mirror implements AutoCloseable {
        final Process process;
        final URI base;
        final Path gcLog;

        Mirror(Path dir, URI upstream) throws IOException {
            Files.createDirectories(dir);
            gcLog = dir.resolve("gc.log");
            process = new ProcessBuilder(
                            Path.of(System.getProperty("java.home"), "bin", "java")
                                    .toString(),
                            "-Xmx256m",
                            "-Xlog:gc:file=" + gcLog,
                            "-jar",
                            jar.toString(),
                            "serve",
                            "--host",
                            "127.0.0.1",
                            "--port",
                            "0",
                            "--data-dir",
                            dir.resolve("data").toString(),
                            "--upstream",
                            upstream.toString(),
                            "--page-ttl",
                            "1h",
                            "--read-timeout",
                            "5m")
                    .redirectErrorStream(true)
                    .start();
            BufferedReader out =
                    new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
            URI found = null;
            StringBuilder said = new StringBuilder();
            for (String line = out.readLine(); line != null && found == null; line = out.readLine()) {
                said.append(line).append('\n');
                Matcher m = Pattern.compile("serving (http://\\S+/)simple/").matcher(line);
                if (m.find()) {
                    found = URI.create(m.group(1));
                }
            }
            if (found == null) {
                throw new IOException("the mirror did not start:\n" + said);
            }
            base = found;
            Thread drain = new Thread(() -> {
                try {
                    for (String line = out.readLine(); line != null; line = out.readLine()) {
                        if (line.contains("OutOfMemoryError") || line.contains("SEVERE")) {
                            System.out.println("mirror: " + line);
                        }
                    }
                } catch (IOException ignored) {
                    // process ended
                }
            });
            drain.setDaemon(true);
            drain.start();
        }

        /** The highest heap occupancy any GC saw before collecting, in MB. */
        long heapPeakMb() throws IOException {
            long peak = 0;
            for (String line : Files.readAllLines(gcLog)) {
                Matcher m = GC.matcher(line);
                if (m.find()) {
                    peak = Math.max(peak, Long.parseLong(m.group(1)));
                }
            }
            return peak;
        }

        /** The process's peak resident set (VmHWM), in MB. */
        long rssPeakMb() throws IOException {
            for (String line : Files.readAllLines(Path.of("/proc/" + process.pid() + "/status"))) {
                if (line.startsWith("VmHWM:")) {
                    return Long.parseLong(line.replaceAll("\\D", "")) / 1024;
                }
            }
            return -1;
        }

        @Override
        public void close() throws InterruptedException {
            process.destroy();
            if (!process.waitFor(20, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        }
    }

    /** One GET read to its end: status, bytes and milliseconds. */
    private record Answer(int status, long bytes, double millis) {}

    private Answer get(URI uri, String... headers) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(uri).timeout(Duration.ofMinutes(10));
        if (headers.length > 0) {
            b.headers(headers);
        }
        long start = System.nanoTime();
        HttpResponse<InputStream> r = http.send(b.build(), HttpResponse.BodyHandlers.ofInputStream());
        long bytes;
        try (InputStream in = r.body()) {
            bytes = in.transferTo(OutputStream.nullOutputStream());
        }
        return new Answer(r.statusCode(), bytes, (System.nanoTime() - start) / 1e6);
    }

    /** The median of {@code rounds} cached answers. */
    private Answer median(URI uri, int n, String... headers) throws Exception {
        List<Answer> answers = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            answers.add(get(uri, headers));
        }
        double[] ms = answers.stream().mapToDouble(Answer::millis).sorted().toArray();
        Answer last = answers.get(answers.size() - 1);
        return new Answer(last.status(), last.bytes(), ms[ms.length / 2]);
    }

    private static void row(String what, Answer a) {
        System.out.printf(Locale.ROOT, "| %s | %d | %,d | %.1f |%n", what, a.status(), a.bytes(), a.millis());
    }

    private void run(int files) throws Exception {
        Path dir = Files.createTempDirectory("huge-page-bench");
        try (HugePages upstream = new HugePages(files, null)) {
            System.out.printf(
                    Locale.ROOT,
                    "# Huge project page: %,d files; mirror JVM -Xmx256m; median of %d cached answers%n%n",
                    files,
                    rounds);
            System.out.println("| what | status | bytes | ms |");
            System.out.println("|---|---|---|---|");
            row(
                    "upstream JSON page itself (generated as sent)",
                    get(upstream.jsonIndex().resolve("huge/")));
            row(
                    "upstream HTML page itself (generated as sent)",
                    get(upstream.htmlIndex().resolve("huge/")));
            long jsonPageBytes;
            long[] heap = new long[2];
            long[] rss = new long[2];
            try (Mirror mirror = new Mirror(dir.resolve("json"), upstream.jsonIndex())) {
                URI page = mirror.base.resolve("simple/huge/");
                row("JSON upstream: first answer (fetch, parse, store, render JSON)", get(page, "Accept", PIP_ACCEPT));
                row("first HTML answer (render HTML)", get(page, "Accept", "text/html"));
                row("first gzip JSON answer (compress)", get(page, "Accept", PIP_ACCEPT, "Accept-Encoding", "gzip"));
                Answer json = median(page, rounds, "Accept", PIP_ACCEPT);
                jsonPageBytes = json.bytes();
                row("cached page, JSON", json);
                row("cached page, HTML", median(page, rounds, "Accept", "text/html"));
                row("cached page, JSON gzip", median(page, rounds, "Accept", PIP_ACCEPT, "Accept-Encoding", "gzip"));

                Path blob = dir.resolve("blob-1.0.tar.gz");
                byte[] chunk = new byte[1024 * 1024];
                new Random(1).nextBytes(chunk);
                try (OutputStream out = Files.newOutputStream(blob)) {
                    for (long left = jsonPageBytes; left > 0; left -= chunk.length) {
                        out.write(chunk, 0, (int) Math.min(chunk.length, left));
                    }
                }
                upstream.setBlob(blob);
                get(mirror.base.resolve("simple/blob/"));
                URI file = mirror.base.resolve("files/" + upstream.blobSha256() + "/" + upstream.blobName());
                row("stored file of the JSON page's size: first answer (download)", get(file));
                row("stored file of the JSON page's size, cached", median(file, rounds));

                URI mid = mirror.base.resolve("simple/mid/");
                row("2,000-version page (10,000 files): first answer", get(mid, "Accept", PIP_ACCEPT));
                row("2,000-version page, cached JSON", median(mid, rounds * 5, "Accept", PIP_ACCEPT));
                row("2,000-version page, cached HTML", median(mid, rounds * 5, "Accept", "text/html"));
                heap[0] = mirror.heapPeakMb();
                rss[0] = mirror.rssPeakMb();
            }
            try (Mirror mirror = new Mirror(dir.resolve("html"), upstream.htmlIndex())) {
                URI page = mirror.base.resolve("simple/huge/");
                row("HTML upstream: first answer (fetch, parse, store, render JSON)", get(page, "Accept", PIP_ACCEPT));
                row("first HTML answer (render HTML)", get(page, "Accept", "text/html"));
                row("cached page, JSON", median(page, rounds, "Accept", PIP_ACCEPT));
                row("cached page, HTML", median(page, rounds, "Accept", "text/html"));
                heap[1] = mirror.heapPeakMb();
                rss[1] = mirror.rssPeakMb();
            }
            System.out.println();
            System.out.printf(
                    Locale.ROOT,
                    "Heap peak (highest occupancy a GC found, -Xmx256m): %d MB with the JSON upstream, %d MB with the"
                            + " HTML upstream. Peak RSS: %d MB, %d MB.%n",
                    heap[0],
                    heap[1],
                    rss[0],
                    rss[1]);
        } finally {
            try (var walk = Files.walk(dir)) {
                walk.sorted((a, b) -> b.getNameCount() - a.getNameCount()).forEach(p -> {
                    try {
                        Files.deleteIfExists(p);
                    } catch (IOException ignored) {
                        // temp dir
                    }
                });
            }
        }
    }
}
