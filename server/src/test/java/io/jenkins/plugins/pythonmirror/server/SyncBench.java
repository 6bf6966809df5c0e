package io.jenkins.plugins.pythonmirror.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.jenkins.plugins.pythonmirror.Mirror;
import io.jenkins.plugins.pythonmirror.config.MirrorSettings;
import io.jenkins.plugins.pythonmirror.config.Upstream;
import io.jenkins.plugins.pythonmirror.sync.SyncProgress;
import io.jenkins.plugins.pythonmirror.sync.SyncReport;
import io.jenkins.plugins.pythonmirror.sync.SyncSpec;
import io.jenkins.plugins.pythonmirror.testkit.BuiltDist;
import io.jenkins.plugins.pythonmirror.testkit.Dists;
import io.jenkins.plugins.pythonmirror.testkit.FakePyPI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.io.TempDir;

/**
 * The mirror-sync benchmark ({@code bench/sync-bench.sh} runs it): a no-op resync of 1,000 projects, and the closure
 * of a 30-project requirement set, against a local upstream (FakePyPI on 127.0.0.1). Prints its figures and writes
 * them to the file named by {@code -Dbench.out}. Skipped unless {@code -Dbench=true}.
 */
@EnabledIfSystemProperty(named = "bench", matches = "true")
class SyncBench {

    @TempDir
    Path tmp;

    private final List<String> lines = new ArrayList<>();

    private void report(String format, Object... args) {
        String line = String.format(Locale.ROOT, format, args);
        System.out.println(line);
        lines.add(line);
    }

    private static MirrorSettings settings(Path data, FakePyPI upstream) {
        return MirrorSettings.builder(data)
                .upstreams(List.of(new Upstream(upstream.simpleUrl(), null, null)))
                .build();
    }

    private static String spec(List<String> requirements) {
        StringBuilder sb = new StringBuilder("requirements:\n");
        requirements.forEach(r -> sb.append("  - \"").append(r).append("\"\n"));
        sb.append("environments:\n")
                .append("  - python: \"3.11\"\n    platforms: [manylinux_2_17_x86_64]\n")
                .append("  - python: \"3.12\"\n    platforms: [win_amd64]\n");
        return sb.toString();
    }

    @Test
    void syncBenchmark() throws Exception {
        report("# Mirror sync benchmark");
        report("");
        report(
                "Produced by `bench/sync-bench.sh` (one command; it rewrites this file). The engine runs in-process with");
        report("default settings (8 page revalidations ahead of the walk, 4 downloads at a time); every figure is one");
        report(
                "run, wall-clock, on the 2-core machine that also runs the upstream. Request counts are the upstream's own.");
        report("");
        report(
                "Local upstream: FakePyPI (Jetty 12) on 127.0.0.1, same 2-core host; %s, Java %s; load average at"
                        + " start %s (other work on the machine skews the times, not the request counts).",
                System.getProperty("os.name"), System.getProperty("java.version"), loadAverage());
        report("");
        noOpResyncOfAThousandProjects();
        closureOfThirtyProjects();
        String out = System.getProperty("bench.out");
        if (out != null && !out.isBlank()) {
            Files.writeString(Path.of(out), String.join("\n", lines) + "\n", StandardCharsets.UTF_8);
        }
    }

    private static String loadAverage() {
        try {
            return Files.readString(Path.of("/proc/loadavg")).split(" ")[0];
        } catch (java.io.IOException | RuntimeException e) {
            return "unknown";
        }
    }

    private void noOpResyncOfAThousandProjects() throws Exception {
        int n = 1000;
        try (FakePyPI upstream = FakePyPI.start(FakePyPI.PageFormat.JSON)) {
            List<String> reqs = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                String name = String.format(Locale.ROOT, "proj%04d", i);
                upstream.addDist(name, Dists.wheel(name, "1.0").build());
                upstream.addDist(name, Dists.wheel(name, "1.1").build());
                reqs.add(name);
            }
            SyncSpec spec = SyncSpec.parse(spec(reqs));
            Path data = tmp.resolve("thousand");
            long t0 = System.nanoTime();
            SyncReport first;
            try (Mirror mirror = Mirror.open(settings(data, upstream))) {
                first = mirror.sync(spec, SyncProgress.NONE);
            }
            double cold = (System.nanoTime() - t0) / 1e9;
            assertThat(first.ok()).isTrue();
            int coldRequests = upstream.requestCount();
            upstream.resetCounts();
            try (Mirror mirror = Mirror.open(settings(data, upstream))) {
                long t1 = System.nanoTime();
                SyncReport again = mirror.sync(spec, SyncProgress.NONE);
                double warm = (System.nanoTime() - t1) / 1e9;
                assertThat(again.filesAdded()).isZero();
                report("## No-op resync of %,d projects", n);
                report("");
                report("| run | time | upstream requests | conditional | 304 | file requests | files added |");
                report("|---|---|---|---|---|---|---|");
                report(
                        "| first sync (cold) | %.2f s | %,d | – | – | %,d | %,d |",
                        cold, coldRequests, coldRequests - n, first.filesAdded());
                report(
                        "| resync, nothing changed | %.2f s | %,d | %,d | %,d | %,d | %,d |",
                        warm,
                        upstream.requestCount(),
                        upstream.conditionalRequestCount(),
                        upstream.notModifiedCount(),
                        upstream.requestCount("/packages/"),
                        again.filesAdded());
                report("");
            }
        }
    }

    private void closureOfThirtyProjects() throws Exception {
        try (FakePyPI upstream = FakePyPI.start(FakePyPI.PageFormat.JSON)) {
            // A tree: 3 roots, each depending on 3 mid projects, each depending on 2 leaves and one shared project;
            // 30 projects in all, 3 versions each, platform wheels for the two targets plus an sdist.
            List<String> names = new ArrayList<>();
            for (int i = 0; i < 30; i++) {
                names.add(String.format(Locale.ROOT, "node%02d", i));
            }
            for (int i = 0; i < 30; i++) {
                List<String> deps = new ArrayList<>();
                if (i < 3) {
                    for (int j = 0; j < 3; j++) {
                        deps.add(names.get(3 + i * 3 + j) + ">=1.0");
                    }
                } else if (i < 12) {
                    deps.add(names.get(12 + (i - 3) * 2) + "; sys_platform == \"linux\"");
                    deps.add(names.get(13 + (i - 3) * 2));
                    deps.add(names.get(29 - (i % 2)) + "; python_version < \"3.12\"");
                }
                for (String v : new String[] {"1.0", "1.1", "2.0"}) {
                    for (String tag : new String[] {"cp311-cp311-manylinux_2_17_x86_64", "cp312-cp312-win_amd64"}) {
                        BuiltDist d = Dists.wheel(names.get(i), v)
                                .requires(deps.toArray(String[]::new))
                                .tag(tag)
                                .payloadBytes(50_000)
                                .build();
                        if (i % 2 == 0) {
                            upstream.addDist(names.get(i), d); // with PEP 658 metadata
                        } else {
                            upstream.addFile(names.get(i), d.filename(), d.bytes());
                        }
                    }
                    upstream.addDist(
                            names.get(i),
                            Dists.sdist(names.get(i), v)
                                    .requires(deps.toArray(String[]::new))
                                    .build());
                }
            }
            SyncSpec spec = SyncSpec.parse(spec(List.of(names.get(0), names.get(1), names.get(2))));
            Path data = tmp.resolve("thirty");
            try (Mirror mirror = Mirror.open(settings(data, upstream))) {
                long t0 = System.nanoTime();
                SyncReport r = mirror.sync(spec, SyncProgress.NONE);
                double cold = (System.nanoTime() - t0) / 1e9;
                assertThat(r.ok()).isTrue();
                int requests = upstream.requestCount();
                int fileRequests = upstream.requestCount("/packages/");
                upstream.resetCounts();
                long t1 = System.nanoTime();
                SyncReport again = mirror.sync(spec, SyncProgress.NONE);
                double warm = (System.nanoTime() - t1) / 1e9;
                report("## Closure of a 30-project requirement set (3 roots, 2 environments)");
                report("");
                report("| run | time | projects | files selected | files added | bytes added | upstream requests |");
                report("|---|---|---|---|---|---|---|");
                report(
                        "| first sync (cold) | %.2f s | %d | %d | %d | %,d | %,d (%,d pages, %,d files and metadata) |",
                        cold,
                        r.projects(),
                        r.filesSelected(),
                        r.filesAdded(),
                        r.bytesAdded(),
                        requests,
                        requests - fileRequests,
                        fileRequests);
                report(
                        "| resync, nothing changed | %.2f s | %d | %d | %d | %,d | %,d (all conditional: %,d) |",
                        warm,
                        again.projects(),
                        again.filesSelected(),
                        again.filesAdded(),
                        again.bytesAdded(),
                        upstream.requestCount(),
                        upstream.conditionalRequestCount());
                report("");
            }
        }
    }
}
