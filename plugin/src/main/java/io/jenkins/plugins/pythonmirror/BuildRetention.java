package io.jenkins.plugins.pythonmirror;

import hudson.Extension;
import hudson.init.InitMilestone;
import hudson.init.Initializer;
import hudson.model.Job;
import hudson.model.Result;
import hudson.model.Run;
import hudson.model.TaskListener;
import hudson.model.listeners.RunListener;
import io.jenkins.plugins.pythonmirror.store.FileKey;
import java.io.IOException;
import java.util.HashSet;
import java.util.Set;
import java.util.logging.Level;
import java.util.logging.Logger;
import jenkins.model.Jenkins;

/**
 * Keeps the files of each job's last N successful builds that used the mirror (N from the global configuration) out
 * of eviction and purge, so re-running one of them installs even after the cap evicted other files and with the
 * upstream down. Updated when a build of the job completes; jobs that no longer exist are released at startup.
 */
@Extension
@SuppressWarnings("rawtypes")
public class BuildRetention extends RunListener<Run> {

    private static final Logger LOGGER = Logger.getLogger(BuildRetention.class.getName());
    /** How many builds back to look for the last successful ones that used the mirror. */
    private static final int LOOK_BACK = 100;

    public BuildRetention() {
        super(Run.class);
    }

    @Override
    public void onCompleted(Run run, TaskListener listener) {
        if (run.getAction(PythonDependenciesAction.class) == null) {
            return; // the job does not use the mirror (or this build did not)
        }
        Job<?, ?> job = run.getParent();
        try {
            MirrorEngine.get().mirror().retain(job.getFullName(), lastSuccessful(job, retainBuilds()));
        } catch (IOException | RuntimeException e) {
            LOGGER.log(Level.WARNING, "Could not keep the Python dependencies of " + job.getFullName(), e);
        }
    }

    static int retainBuilds() {
        return PythonMirrorConfiguration.get().getRetainBuilds();
    }

    /**
     * The files of the job's last {@code count} successful builds that have a report. Walks from the newest build, so
     * the build completing now counts (it is not yet the job's "last successful build" while listeners run).
     */
    static Set<FileKey> lastSuccessful(Job<?, ?> job, int count) {
        Set<FileKey> keys = new HashSet<>();
        int found = 0;
        int looked = 0;
        for (Run<?, ?> b = job.getLastBuild();
                b != null && found < count && looked < LOOK_BACK;
                b = b.getPreviousBuild(), looked++) {
            Result result = b.getResult();
            PythonDependenciesAction action = b.getAction(PythonDependenciesAction.class);
            if (action != null && result != null && result.isBetterOrEqualTo(Result.SUCCESS)) {
                keys.addAll(action.fileKeys());
                found++;
            }
        }
        return keys;
    }

    /** Releases what deleted or renamed jobs kept. */
    @Initializer(after = InitMilestone.JOB_LOADED)
    public static void releaseGoneJobs() {
        try {
            Mirror mirror = MirrorEngine.get().mirror();
            Set<String> existing = new HashSet<>();
            for (String owner : mirror.retainedOwners()) {
                if (Jenkins.get().getItemByFullName(owner) != null) {
                    existing.add(owner);
                }
            }
            mirror.retainOnly(existing);
        } catch (IOException | RuntimeException e) {
            LOGGER.log(Level.FINE, "Retained files not checked: " + e.getMessage());
        }
    }
}
