package hudson.triggers;

import java.io.File;
import java.util.TimerTask;

public abstract class SafeTimerTask extends TimerTask {
    public SafeTimerTask() {
        throw new UnsupportedOperationException();
    }

    @Override
    public final void run() {
        throw new UnsupportedOperationException();
    }

    protected abstract void doRun() throws Exception;

    public static File getLogsRoot() {
        throw new UnsupportedOperationException();
    }
}
