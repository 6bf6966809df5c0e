package io.jenkins.plugins.pythonmirror.policy;

/** A release policy (or one entry of it) that cannot be used; the message is one line that names the entry. */
public class InvalidPolicyException extends IllegalArgumentException {

    public InvalidPolicyException(String message) {
        super(message);
    }
}
