package io.jenkins.plugins.pythonmirror;

import hudson.Extension;
import io.jenkins.plugins.pythonmirror.build.BuildTokens;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jenkins.security.BasicHeaderAuthenticator;
import org.springframework.security.core.Authentication;

/**
 * Accepts a build token as Basic credentials, only for URLs under {@code python-mirror/} (core decides from the
 * path); anywhere else it answers null, so the same credentials get Jenkins' usual 401.
 */
@Extension
public class PythonMirrorBasicHeaderAuthenticator extends BasicHeaderAuthenticator {

    @Override
    public Authentication authenticate2(
            HttpServletRequest req, HttpServletResponse rsp, String username, String password) {
        if (!BuildTokens.acceptsTokenFor(req.getPathInfo())) {
            return null;
        }
        return MirrorEngine.get()
                .tokens()
                .check(username, password)
                .map(t -> (Authentication) new BuildTokenAuthentication(t.username(), t.mayPublish(), t.session()))
                .orElse(null);
    }
}
