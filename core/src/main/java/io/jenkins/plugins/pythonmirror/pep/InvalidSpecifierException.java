package io.jenkins.plugins.pythonmirror.pep;

/** A version specifier that PEP 440 does not allow; the message quotes it. */
public class InvalidSpecifierException extends IllegalArgumentException {
    public InvalidSpecifierException(String input, String reason) {
        super("Invalid version specifier '" + input + "': " + reason);
    }
}
