package org.kohsuke.stapler;

import jakarta.servlet.http.HttpServletRequest;

// stubcheck:consume-only
public interface StaplerRequest2 extends HttpServletRequest {
    String getRestOfPath();

    String getOriginalRestOfPath();

    String getRootPath();

    boolean hasParameter(String name);

    <T> T findAncestorObject(Class<T> type);
}
