package io.jenkins.plugins.pythonmirror;

import hudson.Extension;
import hudson.security.csrf.CrumbExclusion;
import io.jenkins.plugins.pythonmirror.http.MountedPath;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;

/**
 * Lets {@code POST python-mirror/upload/} (and {@code legacy/}) through without a CSRF crumb: twine, pdm, uv and
 * poetry cannot fetch one, and Jenkins skips the crumb by itself only for API-token logins, not for build tokens.
 * Core decides the paths; the root action then accepts an upload only with credentials in its own header.
 */
@Extension
public class UploadCrumbExclusion extends CrumbExclusion {

    @Override
    public boolean process(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        if (!MountedPath.crumbExempt(request.getMethod(), request.getPathInfo())) {
            return false;
        }
        chain.doFilter(request, response);
        return true;
    }
}
