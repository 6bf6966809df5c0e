package io.jenkins.plugins.pythonmirror.build;

import java.time.Instant;
import java.util.Objects;

/**
 * A credential issued to one build: Basic username {@code build-<n>} and a random secret, valid until revoked or
 * {@code expiresAt}.
 *
 * @param username the Basic-auth user name, {@code build-<number>}; not secret
 * @param secret the random token; secret everywhere it appears
 * @param buildId the build it was issued for, such as {@code folder/job#12}
 * @param mayPublish whether the token may upload private packages
 * @param expiresAt the instant after which it is refused even if not revoked
 * @param session the id under which the mirror records what the token's requests obtain, or null for none
 */
public record BuildToken(
        String username, String secret, String buildId, boolean mayPublish, Instant expiresAt, String session) {

    /** A token whose requests are not recorded. */
    public BuildToken(String username, String secret, String buildId, boolean mayPublish, Instant expiresAt) {
        this(username, secret, buildId, mayPublish, expiresAt, null);
    }

    public BuildToken {
        Objects.requireNonNull(username, "username");
        Objects.requireNonNull(secret, "secret");
        Objects.requireNonNull(buildId, "buildId");
        Objects.requireNonNull(expiresAt, "expiresAt");
    }

    /** Never prints the secret. */
    @Override
    public String toString() {
        return "BuildToken[" + username + " for " + buildId + (mayPublish ? ", may publish" : "") + ", expires "
                + expiresAt + "]";
    }
}
