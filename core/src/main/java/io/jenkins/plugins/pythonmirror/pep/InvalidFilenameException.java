package io.jenkins.plugins.pythonmirror.pep;

/** A wheel or sdist filename that cannot be parsed or is unsafe; the message quotes it and says why. */
public class InvalidFilenameException extends IllegalArgumentException {
    public InvalidFilenameException(String input, String reason) {
        super("Invalid distribution filename '" + input + "': " + reason);
    }
}
