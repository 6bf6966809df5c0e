package io.jenkins.plugins.pythonmirror;

import hudson.Extension;
import hudson.ExtensionList;
import hudson.model.AsyncPeriodicWork;
import hudson.model.TaskListener;
import io.jenkins.plugins.pythonmirror.config.CronSchedule;
import io.jenkins.plugins.pythonmirror.store.Eviction;
import io.jenkins.plugins.pythonmirror.sync.SyncProgress;
import io.jenkins.plugins.pythonmirror.sync.SyncReport;
import io.jenkins.plugins.pythonmirror.sync.SyncSpec;
import java.io.File;
import java.io.IOException;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Runs mirror sync and cache eviction on the configured schedule (checked every minute by core's
 * {@link CronSchedule}), or within a minute of "Sync now". {@code AsyncPeriodicWork} never starts a run while one is
 * going; the log is {@code $JENKINS_HOME/logs/tasks/Python mirror sync.log}.
 */
@Extension
public class MirrorSyncWork extends AsyncPeriodicWork {

    public static final String NAME = "Python mirror sync";

    private final AtomicBoolean requested = new AtomicBoolean();
    private volatile Instant lastStarted;
    private volatile Instant lastFinished;
    private volatile String lastOutcome;

    public MirrorSyncWork() {
        super(NAME);
    }

    public static MirrorSyncWork get() {
        return ExtensionList.lookupSingleton(MirrorSyncWork.class);
    }

    @Override
    public long getRecurrencePeriod() {
        return MIN;
    }

    /** Asks for a run at the next tick (within a minute). */
    public void requestNow() {
        requested.set(true);
    }

    @Override
    protected void execute(TaskListener listener) throws IOException, InterruptedException {
        boolean manual = requested.getAndSet(false);
        if (!manual && !scheduledNow(listener)) {
            return;
        }
        lastStarted = Instant.now();
        listener.getLogger().println(Messages.MirrorSyncWork_Started(manual ? "on request" : "on schedule"));
        try {
            Mirror mirror = MirrorEngine.get().mirror();
            // ENGINE-API: the one call site of core's mirror sync and eviction.
            String specText = PythonMirrorConfiguration.get().getSyncSpec();
            if (specText == null || specText.isBlank()) {
                listener.getLogger().println(Messages.MirrorSyncWork_NoSpec());
                lastOutcome = Messages.MirrorSyncWork_NoSpec();
            } else {
                SyncReport report =
                        mirror.sync(SyncSpec.parse(specText), SyncProgress.printingTo(listener.getLogger()));
                lastOutcome = report.summary().lines().findFirst().orElse("");
                if (!report.ok()) {
                    listener.error(lastOutcome);
                }
            }
            Eviction.Result evicted = mirror.evict();
            listener.getLogger().println(Messages.MirrorSyncWork_Evicted(evicted.files(), evicted.bytes()));
        } catch (IOException | RuntimeException e) {
            lastOutcome = e.getMessage();
            throw e;
        } finally {
            lastFinished = Instant.now();
        }
    }

    private boolean scheduledNow(TaskListener listener) {
        try {
            return CronSchedule.parse(PythonMirrorConfiguration.get().getSyncSchedule(), NAME)
                    .matches(ZonedDateTime.now());
        } catch (IllegalArgumentException e) {
            listener.error(e.getMessage());
            return false;
        }
    }

    public File logFile() {
        return getLogFile();
    }

    public Instant getLastStarted() {
        return lastStarted;
    }

    public Instant getLastFinished() {
        return lastFinished;
    }

    public String getLastOutcome() {
        return lastOutcome;
    }

    public boolean isRequested() {
        return requested.get();
    }

    /** The next scheduled run, or null when the schedule is blank or invalid. */
    public ZonedDateTime getNextScheduled() {
        try {
            return CronSchedule.parse(PythonMirrorConfiguration.get().getSyncSchedule(), NAME)
                    .next(ZonedDateTime.now())
                    .orElse(null);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }
}
