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
 * @param failedDownloads file downloads that ended without a stored file, by {@link DownloadFailure#label() reason}
 *     (every reason present)
 * @param sha256Mismatches downloaded files (and metadata files) whose bytes did not match the index's sha256: a
 *     security event, also marked on the upstream that served them
 * @param dataDiskFull whether the last write to the data disk failed for lack of space (cleared by the next stored
 *     file)
 * @param dataDiskFullSince ISO-8601 instant the data disk was found full, or null
 * @param diskFullErrors writes that failed for lack of space since start
 * @param policy the release policy and what it withholds now
 * @param storage where shared data lives and whether this node reaches it
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
        Map<String, Long> failedDownloads,
        long sha256Mismatches,
        boolean dataDiskFull,
        String dataDiskFullSince,
        long diskFullErrors,
        PolicyStatus policy,
        StorageStatus storage) {

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
     * @param sha256Mismatches files from this upstream whose bytes did not match the listed sha256
     * @param lastSha256Mismatch the file and instant of the last such mismatch, or null: a health mark that stays
     *     until restart, because a tampering upstream is not cured by the next good file
     */
    public record UpstreamStatus(
            String url,
            long requests,
            long errors,
            String lastError,
            String lastErrorAt,
            boolean circuitOpen,
            long sha256Mismatches,
            String lastSha256Mismatch) {}
}
