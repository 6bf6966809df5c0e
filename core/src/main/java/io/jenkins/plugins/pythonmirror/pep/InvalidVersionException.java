package io.jenkins.plugins.pythonmirror.pep;

/** A version string that PEP 440 does not allow; the message quotes it. */
public class InvalidVersionException extends IllegalArgumentException {
    public InvalidVersionException(String input, String reason) {
        super("Invalid version '" + input + "': " + reason);
    }
}
