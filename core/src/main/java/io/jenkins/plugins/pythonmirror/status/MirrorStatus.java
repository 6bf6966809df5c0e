package io.jenkins.plugins.pythonmirror.status;

import java.util.List;
import java.util.Map;

/**
 * A point-in-time snapshot of the engine for {@code api/status}, the Jenkins status page and metrics.
 *
 * @param startedAt ISO-8601 instant the engine opened
 * @param hits requests answered from the cache (pages fresh or revalidated, files present)
 * @param misses requests that needed upstream
 * @param bytesServed file bytes sent to clients
 * @param bytesFetched file bytes downloaded from upstreams
 * @param staleServes pages served from cache because upstream failed or the mirror is offline
 * @param upstreams health per upstream, in configured order
 * @param cacheBytes bytes of files on disk
 * @param cacheCapBytes the configured cap, 0 for none
 * @param pinnedBytes bytes pinned by mirror sync, never evicted
 * @param retainedBytes bytes kept for re-runs of recent builds (Jenkins), never evicted
 * @param privateBytes bytes of private uploads, never evicted
 * @param evictions files evicted since start
 * @param cachedFiles number of files on disk
 * @param lastSync the last mirror-sync report, or null when none ran
 * @param policy the release policy and what it withholds now
 */
public record MirrorStatus(
        String startedAt,
        boolean offline,
        long hits,
        long misses,
        long bytesServed,
        long bytesFetched,
        long staleServes,
        List<UpstreamStatus> upstreams,
        long cacheBytes,
        long cacheCapBytes,
        long pinnedBytes,
        long retainedBytes,
        long privateBytes,
        long evictions,
        long cachedFiles,
        Map<String, Object> lastSync,
        PolicyStatus policy) {

    /** Share of requests answered without upstream, 0..1. */
    public double hitRate() {
        long total = hits + misses;
        return total == 0 ? 0 : (double) hits / total;
    }

    /**
     * Health of one upstream.
     *
     * @param url the upstream's simple-index URL
     * @param requests requests sent to it
     * @param errors failed requests (refused, timeout, 5xx, garbage)
     * @param lastError a one-line description of the last failure, or null
     * @param lastErrorAt ISO-8601 instant of the last failure, or null
     * @param circuitOpen whether requests currently skip this upstream
     */
    public record UpstreamStatus(
            String url, long requests, long errors, String lastError, String lastErrorAt, boolean circuitOpen) {}
}
