package org.jenkinsci.plugins.workflow.steps;

import java.io.Serializable;

/** Stand-in: the real class also implements {@code java.util.concurrent.Future<Object>}. */
public abstract class BodyExecution implements Serializable {
    public abstract boolean cancel(Throwable t);
}
