package io.jenkins.plugins.pythonmirror.http;

import io.jenkins.plugins.pythonmirror.MirrorException;
import io.jenkins.plugins.pythonmirror.access.Caller;
import io.jenkins.plugins.pythonmirror.build.BuildTokens;
import java.util.Set;

/**
 * The mirror's URLs as a host that mounts them below a prefix sees them (Jenkins: {@code ${JENKINS_URL}python-mirror/}).
 * Both decisions live here so that the host adapter only passes strings along.
 */
public final class MountedPath {

    /** The upload endpoints (the legacy upload API and its alias), as servlet paths below the Jenkins context. */
    private static final Set<String> UPLOAD_PATHS = Set.of(
            BuildTokens.MIRROR_PATH_PREFIX + "upload/",
            BuildTokens.MIRROR_PATH_PREFIX + "upload",
            BuildTokens.MIRROR_PATH_PREFIX + "legacy/",
            BuildTokens.MIRROR_PATH_PREFIX + "legacy");

    private MountedPath() {}

    /**
     * The path the handler expects (percent-encoded, no leading slash, trailing slash kept) from what Stapler gives.
     * Stapler's {@code getOriginalRestOfPath()} joins the raw path tokens with {@code /} and so drops a trailing
     * slash ({@code /simple/flask/} arrives as {@code /simple/flask}); without it the handler would redirect a
     * project page to itself forever. Whether the request ended with a slash is read from the request URI.
     *
     * @param restOfPath the undecoded rest of the path below the mount, as Stapler assembles it
     * @param requestUri the undecoded request URI, query excluded (the servlet's {@code getRequestURI()})
     */
    public static String fromStaplerRest(String restOfPath, String requestUri) {
        String rest = restOfPath == null ? "" : restOfPath;
        while (rest.startsWith("/")) {
            rest = rest.substring(1);
        }
        boolean endsWithSlash = requestUri != null && requestUri.endsWith("/");
        if (endsWithSlash && !rest.isEmpty() && !rest.endsWith("/")) {
            rest = rest + "/";
        }
        return rest;
    }

    /**
     * Whether Jenkins' CSRF crumb check is skipped for this request: only a {@code POST} to the upload endpoint,
     * because twine, pdm, uv and poetry cannot fetch a crumb. In exchange such a request counts as authenticated
     * only by credentials in its own {@code Authorization} header ({@link #uploadCaller}); a browser's
     * session cookie, which a cross-site form could ride on, is never enough to upload.
     *
     * @param servletPath the path below the Jenkins context with a leading slash, already made canonical by
     *     Jenkins' crumb filter (no {@code ..}, no duplicate slashes)
     */
    public static boolean crumbExempt(String method, String servletPath) {
        return "POST".equals(method) && servletPath != null && UPLOAD_PATHS.contains(servletPath);
    }

    /**
     * Who an upload is judged as: the caller the host authenticated when the request carried Basic credentials of
     * its own (a build token, a user's API token), anonymous otherwise. Every other request keeps its caller.
     *
     * @param handlerPath the path as the handler receives it ({@link #fromStaplerRest})
     */
    public static Caller uploadCaller(String method, String handlerPath, String authorizationHeader, Caller caller) {
        if (!"POST".equals(method) || !isUploadRoute(handlerPath)) {
            return caller;
        }
        boolean ownCredentials = authorizationHeader != null
                && authorizationHeader.regionMatches(true, 0, "Basic ", 0, "Basic ".length())
                && authorizationHeader.length() > "Basic ".length();
        return ownCredentials ? caller : Caller.ANONYMOUS;
    }

    /** Whether the handler treats a POST to this path as an upload: it routes on the first decoded segment. */
    private static boolean isUploadRoute(String handlerPath) {
        try {
            String first = RequestPath.parse(handlerPath).get(0);
            return first.equals("upload") || first.equals("legacy");
        } catch (MirrorException e) {
            return true; // the handler refuses the path anyway; judge it as an upload to be safe
        }
    }
}
