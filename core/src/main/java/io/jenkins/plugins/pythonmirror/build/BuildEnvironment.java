package io.jenkins.plugins.pythonmirror.build;

import java.net.URI;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * The environment a build gets inside {@code withPythonMirror}: one function for the Pipeline step and the freestyle
 * wrapper, so both point every Python tool at the same URLs.
 *
 * <p>Index URLs carry the build token as Basic credentials ({@code http://build-12:TOKEN@host/python-mirror/simple/})
 * because pip, uv, pipenv and pdm take credentials from the URL and send them preemptively; that lets builds read
 * private projects even when anonymous reading is off. Every value that contains the token is a <em>secret</em>
 * value, to be masked in the console; the others are public.
 *
 * @param publicValues variables without the token
 * @param secretValues variables that contain the token
 */
public record BuildEnvironment(Map<String, String> publicValues, Map<String, String> secretValues) {

    /** The variables set for every build. */
    public static final Set<String> INDEX_VARIABLES = Set.of(
            "PIP_INDEX_URL",
            "UV_DEFAULT_INDEX",
            "UV_INDEX_URL",
            "PIPENV_PYPI_MIRROR",
            "PDM_PYPI_URL",
            "PYTHON_MIRROR_URL");

    public BuildEnvironment {
        publicValues = Collections.unmodifiableMap(new LinkedHashMap<>(publicValues));
        secretValues = Collections.unmodifiableMap(new LinkedHashMap<>(secretValues));
        for (String key : publicValues.keySet()) {
            if (secretValues.containsKey(key)) {
                throw new IllegalArgumentException(key + " cannot be both public and secret");
            }
        }
    }

    /** What a build asked for. */
    public record Options(boolean findLinks, boolean publish) {}

    /**
     * Computes the environment.
     *
     * @param mirrorBase the mirror's base URL, ending in {@code /}, such as {@code https://ci.example.com/python-mirror/}
     * @param token the build's token; its {@link BuildToken#mayPublish()} must allow {@code options.publish()}
     */
    public static BuildEnvironment compute(URI mirrorBase, BuildToken token, Options options) {
        Objects.requireNonNull(token, "token");
        URI base = checkBase(mirrorBase);
        if (options.publish() && !token.mayPublish()) {
            throw new IllegalArgumentException("publishing needs a token that may publish");
        }
        Map<String, String> pub = new LinkedHashMap<>();
        Map<String, String> secret = new LinkedHashMap<>();

        String simple = withCredentials(base, token) + "simple/";
        secret.put("PIP_INDEX_URL", simple);
        secret.put("UV_DEFAULT_INDEX", simple);
        secret.put("UV_INDEX_URL", simple);
        secret.put("PIPENV_PYPI_MIRROR", simple);
        secret.put("PDM_PYPI_URL", simple);
        pub.put("PYTHON_MIRROR_URL", base.toString());
        if ("http".equals(base.getScheme())) {
            // pip refuses plain-http indexes unless the host (with port, if any) is trusted.
            pub.put("PIP_TRUSTED_HOST", base.getPort() == -1 ? base.getHost() : base.getHost() + ":" + base.getPort());
        }
        if (options.findLinks()) {
            String links = withCredentials(base, token) + "links/";
            secret.put("PIP_FIND_LINKS", links);
            secret.put("UV_FIND_LINKS", links);
        }
        if (options.publish()) {
            String upload = base + "upload/";
            pub.put("TWINE_REPOSITORY_URL", upload);
            pub.put("TWINE_USERNAME", token.username());
            secret.put("TWINE_PASSWORD", token.secret());
            pub.put("UV_PUBLISH_URL", upload);
            pub.put("UV_PUBLISH_USERNAME", token.username());
            secret.put("UV_PUBLISH_PASSWORD", token.secret());
            pub.put("PDM_PUBLISH_REPO", upload);
            pub.put("PDM_PUBLISH_USERNAME", token.username());
            secret.put("PDM_PUBLISH_PASSWORD", token.secret());
            pub.put("POETRY_REPOSITORIES_PYTHON_MIRROR_URL", upload);
            pub.put("POETRY_HTTP_BASIC_PYTHON_MIRROR_USERNAME", token.username());
            secret.put("POETRY_HTTP_BASIC_PYTHON_MIRROR_PASSWORD", token.secret());
        }
        return new BuildEnvironment(pub, secret);
    }

    /** The mirror's base URL under a Jenkins root URL (which ends in {@code /}). */
    public static URI mirrorBase(String jenkinsRootUrl) {
        if (jenkinsRootUrl == null || jenkinsRootUrl.isBlank()) {
            throw new IllegalArgumentException(
                    "The Jenkins URL is not configured (Manage Jenkins → System → Jenkins URL); builds cannot be"
                            + " pointed at the mirror without it.");
        }
        String root = jenkinsRootUrl.trim();
        return checkBase(URI.create(root.endsWith("/") ? root + "python-mirror/" : root + "/python-mirror/"));
    }

    /** All values, public and secret, for injecting into the build's environment. */
    public Map<String, String> all() {
        Map<String, String> all = new LinkedHashMap<>(publicValues);
        all.putAll(secretValues);
        return all;
    }

    private static URI checkBase(URI base) {
        Objects.requireNonNull(base, "mirrorBase");
        String scheme = base.getScheme();
        if (!("http".equals(scheme) || "https".equals(scheme)) || base.getHost() == null) {
            throw new IllegalArgumentException("The mirror URL '" + base + "' is not an http(s) URL with a host.");
        }
        if (base.getRawUserInfo() != null || base.getRawQuery() != null || base.getRawFragment() != null) {
            throw new IllegalArgumentException(
                    "The mirror URL '" + base + "' must not carry credentials, a query or a fragment.");
        }
        if (!base.getRawPath().endsWith("/")) {
            throw new IllegalArgumentException("The mirror URL '" + base + "' must end with '/'.");
        }
        return base;
    }

    private static String withCredentials(URI base, BuildToken token) {
        // The username is build-<n> and the token URL-safe base64: neither needs percent-encoding in userinfo.
        String authority = token.username() + ":" + token.secret() + "@" + base.getRawAuthority();
        return base.getScheme() + "://" + authority + base.getRawPath();
    }
}
