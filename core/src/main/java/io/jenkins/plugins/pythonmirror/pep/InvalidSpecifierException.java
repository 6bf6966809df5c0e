package io.jenkins.plugins.pythonmirror.pep;

/** A version specifier that PEP 440 does not allow; the message quotes it and says why. */
public class InvalidSpecifierException extends IllegalArgumentException {
    private final String reason;

    public InvalidSpecifierException(String input, String reason) {
        super("Invalid version specifier '" + input + "': " + reason);
        this.reason = reason;
    }

    /** Why the input was rejected, without the quoted input. */
    public String reason() {
        return reason;
    }
}
