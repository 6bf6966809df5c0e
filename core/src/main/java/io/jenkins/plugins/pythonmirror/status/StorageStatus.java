package io.jenkins.plugins.pythonmirror.status;

/**
 * Where the mirror keeps what several nodes share.
 *
 * @param kind {@code local} (this node's data directory only) or {@code shared} (an S3-compatible bucket)
 * @param location the bucket and prefix with its endpoint; null for local
 * @param state {@code ok} or {@code unreachable} (the node then serves from its local cache and refuses uploads)
 * @param unreachableSince ISO-8601 instant the bucket was found unreachable, or null
 * @param requests requests made to the bucket since start
 * @param failures requests that failed since start
 * @param lastError the last failure's message, or null
 * @param bytesRead file bytes this node copied from the bucket since start (files other nodes fetched)
 */
public record StorageStatus(
        String kind,
        String location,
        String state,
        String unreachableSince,
        long requests,
        long failures,
        String lastError,
        long bytesRead) {

    public static final StorageStatus LOCAL = new StorageStatus("local", null, "ok", null, 0, 0, null, 0);

    public boolean reachable() {
        return !"unreachable".equals(state);
    }
}
