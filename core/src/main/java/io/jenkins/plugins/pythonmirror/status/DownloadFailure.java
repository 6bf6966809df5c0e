package io.jenkins.plugins.pythonmirror.status;

import java.util.Locale;

/**
 * Why a file download from an upstream ended without a stored file: the label of the failed-downloads counter and
 * of the {@code reason=} field of the log line. Reasons are by phase and cause, not by exception text.
 */
public enum DownloadFailure {
    /** No response at all: connection refused, connect or header timeout, closed before the status line. */
    UNREACHABLE,
    /** The upstream answered with a status other than 200. */
    HTTP_STATUS,
    /** The upstream's length disagrees with the size the index announced, or it sent more than announced. */
    SIZE_MISMATCH,
    /** No byte arrived within the read timeout. */
    STALLED,
    /** Fewer bytes than the minimum-progress rule asks for arrived within its window (a slow drip). */
    TOO_SLOW,
    /** The body ended, or the connection was closed or reset, before the announced length. */
    TRUNCATED,
    /** The bytes do not hash to the sha256 the index listed: tampering or corruption, a security event. */
    SHA256_MISMATCH,
    /** The mirror's data disk has no space left for the file. */
    DISK_FULL,
    /** Writing the file to the data disk failed for another reason. */
    STORAGE_ERROR,
    /** Every client that wanted the file went away and no mirror sync asked for it. */
    ABANDONED,
    /** The engine shut down while the download ran. */
    SHUTDOWN;

    /** The label in logs, status JSON and metrics, such as {@code sha256-mismatch}. */
    public String label() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    /** Whether the upstream is to blame (counts toward its health and circuit breaker). */
    public boolean isUpstreamFault() {
        return switch (this) {
            case UNREACHABLE, HTTP_STATUS, SIZE_MISMATCH, STALLED, TOO_SLOW, TRUNCATED -> true;
            default -> false;
        };
    }
}
