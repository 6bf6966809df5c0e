package io.jenkins.plugins.pythonmirror.store;

import java.io.IOException;

/** The shared object store cannot be reached right now (network, timeouts, server errors after retries). */
public class ObjectStoreUnavailableException extends IOException {

    public ObjectStoreUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
