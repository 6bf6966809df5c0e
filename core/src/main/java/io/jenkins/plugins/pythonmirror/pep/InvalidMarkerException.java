package io.jenkins.plugins.pythonmirror.pep;

/** A PEP 508 environment marker that cannot be parsed; the message quotes it and puts a caret under the bad spot. */
public class InvalidMarkerException extends IllegalArgumentException {
    public InvalidMarkerException(String message) {
        super(message);
    }
}
