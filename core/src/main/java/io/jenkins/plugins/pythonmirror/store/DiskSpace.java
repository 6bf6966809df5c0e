package io.jenkins.plugins.pythonmirror.store;

import java.util.Locale;

/** Recognises "the disk is full" among I/O errors; Java gives no errno, only the operating system's message. */
public final class DiskSpace {

    /** What a client is told when a write fails for lack of space. */
    public static final String FULL_MESSAGE = "no space left on the mirror's data disk";

    private DiskSpace() {}

    /**
     * Whether {@code error} (or one of its causes) is the operating system saying the filesystem or the quota is full:
     * ENOSPC ("No space left on device"), EDQUOT ("Disk quota exceeded"), or Windows' ERROR_DISK_FULL.
     */
    public static boolean isFull(Throwable error) {
        for (Throwable t = error; t != null; t = t.getCause() == t ? null : t.getCause()) {
            String m = t.getMessage();
            if (m != null) {
                String lower = m.toLowerCase(Locale.ROOT);
                if (lower.contains("no space left on device")
                        || lower.contains("disk quota exceeded")
                        || lower.contains("not enough space on the disk")) {
                    return true;
                }
            }
        }
        return false;
    }
}
