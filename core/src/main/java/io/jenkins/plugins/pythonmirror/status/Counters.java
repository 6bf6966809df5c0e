package io.jenkins.plugins.pythonmirror.status;

import java.util.concurrent.atomic.LongAdder;

/** The engine's global traffic counters; cheap to bump from every request thread. */
public final class Counters {
    public final LongAdder hits = new LongAdder();
    public final LongAdder misses = new LongAdder();
    public final LongAdder bytesServed = new LongAdder();
    public final LongAdder bytesFetched = new LongAdder();
    public final LongAdder staleServes = new LongAdder();
    public final LongAdder notFound = new LongAdder();
    public final LongAdder rejectedDownloads = new LongAdder();
    public final LongAdder staleUpstreamPages = new LongAdder();
    /** File downloads the release policy refused. */
    public final LongAdder policyRefusals = new LongAdder();
}
