package io.jenkins.plugins.pythonmirror.testkit;

import java.util.List;

/** The outcome of a client run by {@link PythonTools}: exit code and the merged stdout+stderr. */
public record ProcessResult(List<String> command, int exitCode, String output, boolean timedOut) {

    public ProcessResult {
        command = List.copyOf(command);
    }

    public boolean success() {
        return exitCode == 0 && !timedOut;
    }

    /** Throws an AssertionError with the command and its whole output unless it exited 0 in time. */
    public ProcessResult assertSuccess() {
        if (!success()) {
            throw new AssertionError(describe("failed"));
        }
        return this;
    }

    /** Throws an AssertionError with the whole output if the command exited 0. */
    public ProcessResult assertFailure() {
        if (success()) {
            throw new AssertionError(describe("succeeded unexpectedly"));
        }
        return this;
    }

    private String describe(String what) {
        return String.join(" ", command) + " " + what + " (exit " + exitCode + (timedOut ? ", timed out" : "")
                + "); output:\n" + output;
    }
}
