package io.jenkins.plugins.pythonmirror.sync;

/** A sync spec that cannot be used; the message names the line and the reason. */
public final class InvalidSyncSpecException extends IllegalArgumentException {

    private final int line;

    public InvalidSyncSpecException(int line, String reason) {
        super((line > 0 ? "line " + line + ": " : "") + reason);
        this.line = line;
    }

    /** The 1-based line of the spec text, or 0 when the problem is not on one line. */
    public int line() {
        return line;
    }
}
