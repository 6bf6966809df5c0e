package io.jenkins.plugins.pythonmirror;

import hudson.Extension;
import hudson.model.UnprotectedRootAction;
import hudson.security.ACL;
import io.jenkins.plugins.pythonmirror.access.Caller;
import io.jenkins.plugins.pythonmirror.access.PermissionRoles;
import io.jenkins.plugins.pythonmirror.http.MirrorRequest;
import io.jenkins.plugins.pythonmirror.http.MountedPath;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import jenkins.model.Jenkins;
import org.kohsuke.stapler.StaplerRequest2;
import org.kohsuke.stapler.StaplerResponse2;
import org.springframework.security.core.Authentication;

/**
 * {@code ${JENKINS_URL}python-mirror/}: every URL below is handed to core's handler. Unprotected, because anonymous
 * reading is the mirror's own decision; the caller's role is computed from Jenkins' permissions by core.
 */
@Extension
public class PythonMirrorRootAction implements UnprotectedRootAction {

    public static final String URL_NAME = "python-mirror";

    @Override
    public String getIconFileName() {
        return null; // reachable by URL, not listed in the side panel
    }

    @Override
    public String getDisplayName() {
        return Messages.PythonMirrorRootAction_DisplayName();
    }

    @Override
    public String getUrlName() {
        return URL_NAME;
    }

    public void doDynamic(StaplerRequest2 req, StaplerResponse2 rsp) throws IOException {
        Mirror mirror;
        try {
            mirror = MirrorEngine.get().mirror();
        } catch (IOException e) {
            rsp.setStatus(503);
            rsp.setContentType("text/plain;charset=UTF-8");
            rsp.getOutputStream().write((e.getMessage() + "\n").getBytes(StandardCharsets.UTF_8));
            return;
        }
        MirrorRequest request = StaplerMirrorExchange.request(req);
        // Uploads skip Jenkins' crumb check (UploadCrumbExclusion), so a session cookie alone must not upload.
        Caller caller = MountedPath.uploadCaller(
                req.getMethod(), request.path(), req.getHeader("Authorization"), currentCaller());
        mirror.handler().handle(request, StaplerMirrorExchange.response(rsp), caller);
    }

    /** Collects the facts about the current authentication; core's PermissionRoles decides. */
    static Caller currentCaller() {
        Authentication auth = Jenkins.getAuthentication2();
        if (auth instanceof BuildTokenAuthentication token) {
            return new Caller(
                    token.getName(),
                    PermissionRoles.roleOf(PermissionRoles.Facts.buildToken(token.mayPublish())),
                    token.session());
        }
        Jenkins j = Jenkins.get();
        boolean anonymous = ACL.isAnonymous2(auth);
        PermissionRoles.Facts facts = new PermissionRoles.Facts(
                !anonymous,
                false,
                false,
                j.hasPermission(Jenkins.ADMINISTER),
                j.hasPermission(PythonMirrorPermissions.UPLOAD),
                j.hasPermission(PythonMirrorPermissions.READ_PRIVATE),
                j.hasPermission(Jenkins.READ));
        return new Caller(anonymous ? Caller.ANONYMOUS.name() : auth.getName(), PermissionRoles.roleOf(facts));
    }
}
