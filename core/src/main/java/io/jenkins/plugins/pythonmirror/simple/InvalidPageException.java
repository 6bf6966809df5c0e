package io.jenkins.plugins.pythonmirror.simple;

import java.io.IOException;

/** An upstream simple-repository page that cannot be read; the message is a one-line reason. */
public final class InvalidPageException extends IOException {

    public InvalidPageException(String reason) {
        super(reason);
    }

    public InvalidPageException(String reason, Throwable cause) {
        super(reason, cause);
    }
}
