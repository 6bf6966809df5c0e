package io.jenkins.plugins.pythonmirror.sync;

import java.io.PrintStream;

/**
 * Hears how a running sync gets on; the standalone server prints it, Jenkins writes it to the task log. Called from
 * the sync's thread; implementations must be quick.
 */
public interface SyncProgress {

    /** Nothing is reported. */
    SyncProgress NONE = new SyncProgress() {};

    /**
     * A project page was read.
     *
     * @param done projects read so far, this one included
     * @param known projects known so far (grows as dependencies are found)
     * @param project the project's normalized name
     * @param bytesAdded file bytes downloaded by this sync so far
     */
    default void project(int done, int known, String project, long bytesAdded) {}

    /** A line worth showing: a skipped version, an error, the summary. */
    default void message(String line) {}

    /** Prints one line per event to {@code out}. */
    static SyncProgress printingTo(PrintStream out) {
        return new SyncProgress() {
            @Override
            public void project(int done, int known, String project, long bytesAdded) {
                out.printf("[%d/%d] %s (%s downloaded)%n", done, known, project, SyncReport.humanBytes(bytesAdded));
            }

            @Override
            public void message(String line) {
                out.println(line);
            }
        };
    }
}
