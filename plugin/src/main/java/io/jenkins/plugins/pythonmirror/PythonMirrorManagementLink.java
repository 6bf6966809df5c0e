package io.jenkins.plugins.pythonmirror;

import hudson.Extension;
import hudson.model.ManagementLink;
import io.jenkins.plugins.pythonmirror.config.Quantities;
import io.jenkins.plugins.pythonmirror.status.MirrorStatus;
import io.jenkins.plugins.pythonmirror.sync.SyncReport;
import jakarta.servlet.ServletException;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.util.Locale;
import jenkins.model.Jenkins;
import org.kohsuke.stapler.HttpResponse;
import org.kohsuke.stapler.HttpResponses;
import org.kohsuke.stapler.StaplerRequest2;
import org.kohsuke.stapler.StaplerResponse2;
import org.kohsuke.stapler.verb.POST;

/** Manage Jenkins → Python Mirror: counters, cache use, upstream health, last sync; "Sync now" and "Purge cache". */
@Extension
public class PythonMirrorManagementLink extends ManagementLink {

    @Override
    public String getIconFileName() {
        return "symbol-cube";
    }

    @Override
    public String getDisplayName() {
        return Messages.PythonMirrorManagementLink_DisplayName();
    }

    @Override
    public String getDescription() {
        return Messages.PythonMirrorManagementLink_Description();
    }

    @Override
    public String getUrlName() {
        return "python-mirror-status";
    }

    @Override
    public Category getCategory() {
        return Category.STATUS;
    }

    /** The engine's snapshot, or null when it is not open; see {@link #getProblem()}. */
    public MirrorStatus getStatus() {
        try {
            return MirrorEngine.get().mirror().status();
        } catch (IOException e) {
            return null;
        }
    }

    /** Why the engine is not open, or null. */
    public String getProblem() {
        try {
            MirrorEngine.get().mirror();
            return null;
        } catch (IOException e) {
            return e.getMessage();
        }
    }

    /** The last mirror sync's report (kept across restarts), or null when none ran or the engine is not open. */
    public SyncReport getLastSync() {
        try {
            return MirrorEngine.get().mirror().lastSync();
        } catch (IOException e) {
            return null;
        }
    }

    public String formatSize(long bytes) {
        return Quantities.formatSize(bytes);
    }

    public String percent(double share) {
        return String.format(Locale.ROOT, "%.1f %%", share * 100);
    }

    public MirrorSyncWork getSync() {
        return MirrorSyncWork.get();
    }

    public String getMirrorUrl() {
        String root = Jenkins.get().getRootUrl();
        return root == null ? null : root + PythonMirrorRootAction.URL_NAME + "/";
    }

    @POST
    public HttpResponse doSyncNow() {
        Jenkins.get().checkPermission(Jenkins.ADMINISTER);
        MirrorSyncWork.get().requestNow();
        return HttpResponses.redirectToDot();
    }

    @POST
    public HttpResponse doPurgeCache() throws IOException {
        Jenkins.get().checkPermission(Jenkins.ADMINISTER);
        // ENGINE-API: the one call site of core's purge (unpinned files and pages; pinned and private ones stay).
        MirrorEngine.get().mirror().purge();
        return HttpResponses.redirectToDot();
    }

    /** The sync task's log, as plain text. */
    public void doSyncLog(StaplerRequest2 req, StaplerResponse2 rsp) throws IOException, ServletException {
        Jenkins.get().checkPermission(Jenkins.ADMINISTER);
        File log = MirrorSyncWork.get().logFile();
        rsp.setContentType("text/plain;charset=UTF-8");
        if (!log.isFile()) {
            rsp.getOutputStream()
                    .write(Messages.PythonMirrorManagementLink_NoLog()
                            .getBytes(java.nio.charset.StandardCharsets.UTF_8));
            return;
        }
        Files.copy(log.toPath(), rsp.getOutputStream());
    }
}
