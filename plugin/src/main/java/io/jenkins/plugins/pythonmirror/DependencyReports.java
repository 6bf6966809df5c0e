package io.jenkins.plugins.pythonmirror;

import hudson.model.Run;
import hudson.model.TaskListener;
import io.jenkins.plugins.pythonmirror.report.ReportDiff;
import io.jenkins.plugins.pythonmirror.report.Sbom;
import io.jenkins.plugins.pythonmirror.report.SessionReport;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Date;
import java.util.List;
import java.util.logging.Level;
import java.util.logging.Logger;

/** Puts a finished block's report on its build: the action's section, the changes, the archived SBOM. */
final class DependencyReports {

    private static final Logger LOGGER = Logger.getLogger(DependencyReports.class.getName());
    /** How far back to look for the previous build that used the mirror. */
    private static final int LOOK_BACK = 50;

    private DependencyReports() {}

    /** Adds {@code report} to {@code run} and prints its summary; a failure is logged, never fails the build. */
    static void record(Run<?, ?> run, SessionReport report, TaskListener listener) {
        try {
            PythonDependenciesAction action;
            synchronized (run) {
                action = run.getAction(PythonDependenciesAction.class);
                if (action == null) {
                    action = new PythonDependenciesAction();
                    run.addOrReplaceAction(action);
                }
                action.add(report);
                PythonDependenciesAction previous = previous(run);
                action.compare(
                        previous == null ? null : previous.getRun().getNumber(),
                        ReportDiff.between(previous == null ? List.of() : previous.obtained(), action.obtained()));
                writeSbom(run, action);
                run.save();
            }
            if (listener != null) {
                listener.getLogger()
                        .println(Messages.DependencyReports_Recorded(
                                report.summary(), PythonDependenciesAction.URL_NAME));
            }
        } catch (IOException | RuntimeException e) {
            LOGGER.log(Level.WARNING, "Could not record the Python dependencies of " + run.getFullDisplayName(), e);
        }
    }

    /** The nearest earlier build of the job that has a report. */
    private static PythonDependenciesAction previous(Run<?, ?> run) {
        Run<?, ?> b = run.getPreviousBuild();
        for (int i = 0; b != null && i < LOOK_BACK; i++, b = b.getPreviousBuild()) {
            PythonDependenciesAction a = b.getAction(PythonDependenciesAction.class);
            if (a != null) {
                a.onLoad(b);
                return a;
            }
        }
        return null;
    }

    /** The SBOM of everything the build obtained so far, replaced atomically in the build directory. */
    private static void writeSbom(Run<?, ?> run, PythonDependenciesAction action) throws IOException {
        Path dir = run.getRootDir().toPath();
        Path tmp = Files.createTempFile(dir, ".python-dependencies", ".tmp");
        try {
            String version = DependencyReports.class.getPackage().getImplementationVersion();
            Files.writeString(
                    tmp,
                    Sbom.json(
                            action.obtained(),
                            run.getFullDisplayName(),
                            version == null ? "unknown" : version,
                            new Date()),
                    StandardCharsets.UTF_8);
            Files.move(tmp, dir.resolve(PythonDependenciesAction.SBOM_FILE), StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }
}
