package io.jenkins.plugins.pythonmirror.pep;

/** A project name that PEP 508 does not allow; the message quotes it. */
public class InvalidProjectNameException extends IllegalArgumentException {
    public InvalidProjectNameException(String name, String reason) {
        super("Invalid project name '" + name + "': " + reason);
    }
}
