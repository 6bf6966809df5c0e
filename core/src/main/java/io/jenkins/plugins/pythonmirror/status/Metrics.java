package io.jenkins.plugins.pythonmirror.status;

import java.util.Locale;

/** Renders a {@link MirrorStatus} in the Prometheus text exposition format. */
public final class Metrics {

    private Metrics() {}

    public static String render(MirrorStatus s) {
        StringBuilder out = new StringBuilder(2048);
        counter(out, "python_mirror_hits_total", "Requests answered from the cache.", s.hits());
        counter(out, "python_mirror_misses_total", "Requests that needed an upstream.", s.misses());
        counter(out, "python_mirror_served_bytes_total", "File bytes sent to clients.", s.bytesServed());
        counter(out, "python_mirror_fetched_bytes_total", "File bytes downloaded from upstreams.", s.bytesFetched());
        counter(
                out,
                "python_mirror_stale_serves_total",
                "Pages served stale because upstream failed or offline.",
                s.staleServes());
        counter(out, "python_mirror_evictions_total", "Files evicted from the cache.", s.evictions());
        gauge(out, "python_mirror_cache_bytes", "Bytes of files in the cache.", s.cacheBytes());
        gauge(out, "python_mirror_cache_cap_bytes", "Configured cache cap, 0 for none.", s.cacheCapBytes());
        gauge(out, "python_mirror_pinned_bytes", "Bytes pinned by mirror sync.", s.pinnedBytes());
        gauge(out, "python_mirror_retained_bytes", "Bytes kept for re-runs of recent builds.", s.retainedBytes());
        gauge(out, "python_mirror_private_bytes", "Bytes of private packages.", s.privateBytes());
        gauge(out, "python_mirror_cached_files", "Files in the cache.", s.cachedFiles());
        out.append("# HELP python_mirror_failed_downloads_total File downloads that ended without a stored file.\n")
                .append("# TYPE python_mirror_failed_downloads_total counter\n");
        s.failedDownloads().forEach((reason, n) -> out.append("python_mirror_failed_downloads_total{reason=\"")
                .append(escape(reason))
                .append("\"} ")
                .append(n)
                .append('\n'));
        counter(
                out,
                "python_mirror_sha256_mismatches_total",
                "Downloaded files whose bytes did not match the index's sha256 (security event).",
                s.sha256Mismatches());
        gauge(
                out,
                "python_mirror_data_disk_full",
                "1 while the last write to the data disk failed for lack of space.",
                s.dataDiskFull() ? 1 : 0);
        gauge(
                out,
                "python_mirror_storage_unreachable",
                "1 while the shared storage (bucket) cannot be reached; 0 when it can or when storage is local.",
                s.storage().reachable() ? 0 : 1);
        counter(
                out,
                "python_mirror_storage_requests_total",
                "Requests made to the shared storage.",
                s.storage().requests());
        counter(
                out,
                "python_mirror_storage_bytes_read_total",
                "File bytes copied from the shared storage (files another node fetched).",
                s.storage().bytesRead());
        counter(
                out,
                "python_mirror_storage_failures_total",
                "Requests to the shared storage that failed.",
                s.storage().failures());
        counter(
                out,
                "python_mirror_disk_full_errors_total",
                "Writes to the data disk that failed for lack of space.",
                s.diskFullErrors());
        PolicyStatus p = s.policy();
        if (p != null) {
            gauge(
                    out,
                    "python_mirror_policy_held_files",
                    "Upstream files the release policy withholds now (age, unknown age or blocked).",
                    p.filesHeldBack());
            gauge(
                    out,
                    "python_mirror_policy_held_projects",
                    "Projects with at least one file the release policy withholds now.",
                    p.projectsHeldBack());
            gauge(out, "python_mirror_policy_blocked_files", "Withheld files on the block list.", p.filesBlocked());
            gauge(
                    out,
                    "python_mirror_policy_unknown_age_files",
                    "Files whose upstream gives no upload time.",
                    p.filesUnknownAge());
            counter(
                    out,
                    "python_mirror_policy_refusals_total",
                    "File downloads refused by the release policy.",
                    p.refusals());
        }
        out.append("# HELP python_mirror_upstream_requests_total Requests sent to each upstream.\n")
                .append("# TYPE python_mirror_upstream_requests_total counter\n");
        for (MirrorStatus.UpstreamStatus u : s.upstreams()) {
            out.append("python_mirror_upstream_requests_total{upstream=\"")
                    .append(escape(u.url()))
                    .append("\"} ")
                    .append(u.requests())
                    .append('\n');
        }
        out.append("# HELP python_mirror_upstream_errors_total Failed requests to each upstream.\n")
                .append("# TYPE python_mirror_upstream_errors_total counter\n");
        for (MirrorStatus.UpstreamStatus u : s.upstreams()) {
            out.append("python_mirror_upstream_errors_total{upstream=\"")
                    .append(escape(u.url()))
                    .append("\"} ")
                    .append(u.errors())
                    .append('\n');
        }
        out.append("# HELP python_mirror_upstream_circuit_open Whether requests currently skip the upstream.\n")
                .append("# TYPE python_mirror_upstream_circuit_open gauge\n");
        for (MirrorStatus.UpstreamStatus u : s.upstreams()) {
            out.append("python_mirror_upstream_circuit_open{upstream=\"")
                    .append(escape(u.url()))
                    .append("\"} ")
                    .append(u.circuitOpen() ? 1 : 0)
                    .append('\n');
        }
        out.append("# HELP python_mirror_upstream_sha256_mismatches_total Files from each upstream that failed their"
                        + " sha256.\n")
                .append("# TYPE python_mirror_upstream_sha256_mismatches_total counter\n");
        for (MirrorStatus.UpstreamStatus u : s.upstreams()) {
            out.append("python_mirror_upstream_sha256_mismatches_total{upstream=\"")
                    .append(escape(u.url()))
                    .append("\"} ")
                    .append(u.sha256Mismatches())
                    .append('\n');
        }
        return out.toString();
    }

    private static void counter(StringBuilder out, String name, String help, long value) {
        metric(out, name, help, "counter", value);
    }

    private static void gauge(StringBuilder out, String name, String help, long value) {
        metric(out, name, help, "gauge", value);
    }

    private static void metric(StringBuilder out, String name, String help, String type, long value) {
        out.append("# HELP ").append(name).append(' ').append(help).append('\n');
        out.append("# TYPE ").append(name).append(' ').append(type).append('\n');
        out.append(name)
                .append(' ')
                .append(String.format(Locale.ROOT, "%d", value))
                .append('\n');
    }

    private static String escape(String label) {
        return label.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n");
    }
}
