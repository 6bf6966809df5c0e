package io.jenkins.plugins.pythonmirror.status;

import java.time.Instant;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;

/** The engine's global traffic counters; cheap to bump from every request thread. */
public final class Counters {
    public final LongAdder hits = new LongAdder();
    public final LongAdder misses = new LongAdder();
    public final LongAdder bytesServed = new LongAdder();
    public final LongAdder bytesFetched = new LongAdder();
    /** File bytes copied from the bucket shared with other nodes (not from an upstream). */
    public final LongAdder storageBytesRead = new LongAdder();

    public final LongAdder staleServes = new LongAdder();
    public final LongAdder notFound = new LongAdder();
    public final LongAdder staleUpstreamPages = new LongAdder();
    /** Writes to the data disk that failed for lack of space (downloads, uploads, pages). */
    public final LongAdder diskFullErrors = new LongAdder();
    /** Downloaded files and metadata files whose bytes did not match the index's sha256. */
    public final LongAdder sha256Mismatches = new LongAdder();

    private volatile Instant dataDiskFullSince;

    private final Map<DownloadFailure, LongAdder> failedDownloads = new EnumMap<>(DownloadFailure.class);

    public Counters() {
        for (DownloadFailure reason : DownloadFailure.values()) {
            failedDownloads.put(reason, new LongAdder());
        }
    }

    /**
     * A write to the data disk failed for lack of space: counted, and the health flag raised until the next file is
     * stored.
     */
    public void dataDiskFull() {
        diskFullErrors.increment();
        if (dataDiskFullSince == null) {
            dataDiskFullSince = Instant.now();
        }
    }

    /** A file (download or upload) was stored: there was room, so the data-disk flag is lowered. */
    public void fileStored() {
        dataDiskFullSince = null;
    }

    /** When a write first failed for lack of space since the last stored file, or null. */
    public Instant dataDiskFullSince() {
        return dataDiskFullSince;
    }

    public void failedDownload(DownloadFailure reason) {
        failedDownloads.get(reason).increment();
    }

    public long failedDownloads(DownloadFailure reason) {
        return failedDownloads.get(reason).sum();
    }

    /** Failed downloads by reason label, every reason present (0 when none), in declaration order. */
    public Map<String, Long> failedDownloadsByReason() {
        Map<String, Long> map = new LinkedHashMap<>();
        failedDownloads.forEach((reason, n) -> map.put(reason.label(), n.sum()));
        return map;
    }
    /** File downloads the release policy refused. */
    public final LongAdder policyRefusals = new LongAdder();
}
