package org.jenkinsci.plugins.workflow.steps;

import hudson.console.ConsoleLogFilter;

public abstract class BodyInvoker {
    public abstract BodyInvoker withContext(Object override);

    public BodyInvoker withContexts(Object... overrides) {
        throw new UnsupportedOperationException();
    }

    public abstract BodyInvoker withCallback(BodyExecutionCallback callback);

    public abstract BodyInvoker withDisplayName(String name);

    public abstract BodyExecution start();

    public static ConsoleLogFilter mergeConsoleLogFilters(ConsoleLogFilter original, ConsoleLogFilter subsequent) {
        throw new UnsupportedOperationException();
    }
}
