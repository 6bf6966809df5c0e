package io.jenkins.plugins.pythonmirror.store;

import java.io.IOException;

/** Where a shared {@link ObjectStore} is and how to reach it (compared by value: a changed spec reopens the store). */
public interface ObjectStoreSpec {

    /** A client for the store; the caller closes it. */
    ObjectStore open() throws IOException;

    /** For logs and the status page; never contains a secret. */
    String describe();
}
