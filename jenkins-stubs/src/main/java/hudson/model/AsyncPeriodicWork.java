package hudson.model;

import java.io.File;
import java.io.IOException;
import java.util.logging.Level;

public abstract class AsyncPeriodicWork extends PeriodicWork {
    public final String name;

    protected AsyncPeriodicWork(String name) {
        this.name = name;
        throw new UnsupportedOperationException();
    }

    @Override
    public final void doRun() {
        throw new UnsupportedOperationException();
    }

    protected abstract void execute(TaskListener listener) throws IOException, InterruptedException;

    protected File getLogFile() {
        throw new UnsupportedOperationException();
    }

    protected Level getNormalLoggingLevel() {
        throw new UnsupportedOperationException();
    }

    protected Level getSlowLoggingLevel() {
        throw new UnsupportedOperationException();
    }

    protected Level getErrorLoggingLevel() {
        throw new UnsupportedOperationException();
    }
}
