package io.jenkins.plugins.pythonmirror.pep;

/** A PEP 508 requirement that cannot be parsed; the message quotes it and puts a caret under the bad spot. */
public class InvalidRequirementException extends IllegalArgumentException {
    public InvalidRequirementException(String message) {
        super(message);
    }

    public InvalidRequirementException(String message, Throwable cause) {
        super(message, cause);
    }
}
