package io.jenkins.plugins.pythonmirror.build;

import io.jenkins.plugins.pythonmirror.access.Role;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The live per-build credentials of one controller: issued when a build enters {@code withPythonMirror}, checked on
 * every mirror request, revoked when the block ends and refused after their maximum lifetime anyway.
 *
 * <p>Tokens live in memory only: a controller restart invalidates them, which is the safe direction.
 */
public final class BuildTokens {

    /** Default maximum lifetime: long enough for any sane build, short enough that a leaked token dies. */
    public static final Duration DEFAULT_MAX_LIFETIME = Duration.ofHours(24);

    /** The only path prefix (relative to the Jenkins root, as in {@code getPathInfo()}) a token is good for. */
    public static final String MIRROR_PATH_PREFIX = "/python-mirror/";

    /** 24 random bytes = 192 bits, URL-safe base64 without padding (32 characters). */
    private static final int TOKEN_BYTES = 24;
    /** Session ids are not secret, only unique: 96 bits. */
    private static final int SESSION_BYTES = 12;

    private final SecureRandom random = new SecureRandom();
    private final Map<String, BuildToken> byDigest = new ConcurrentHashMap<>();
    private final Clock clock;
    private volatile Duration maxLifetime;

    public BuildTokens(Clock clock, Duration maxLifetime) {
        this.clock = Objects.requireNonNull(clock, "clock");
        setMaxLifetime(maxLifetime);
    }

    public BuildTokens() {
        this(Clock.systemUTC(), DEFAULT_MAX_LIFETIME);
    }

    public void setMaxLifetime(Duration maxLifetime) {
        if (maxLifetime == null || maxLifetime.isNegative() || maxLifetime.isZero()) {
            throw new IllegalArgumentException("The maximum token lifetime must be positive, was " + maxLifetime);
        }
        this.maxLifetime = maxLifetime;
    }

    /** Issues a fresh token for build {@code buildId} (number {@code buildNumber}) with the maximum lifetime. */
    public BuildToken issue(String buildId, long buildNumber, boolean mayPublish) {
        return issue(buildId, buildNumber, mayPublish, maxLifetime);
    }

    /**
     * Issues a fresh token that expires after {@code lifetime}; the host passes its configured lifetime at issue
     * time, so a changed setting applies to the next build. The token gets its own session id, under which the
     * mirror records what its requests obtain.
     */
    public BuildToken issue(String buildId, long buildNumber, boolean mayPublish, Duration lifetime) {
        return issue("build-" + buildNumber, buildId, mayPublish, lifetime);
    }

    /** Issues a fresh token for Basic user {@code username}, with its own session id (see above). */
    public BuildToken issue(String username, String buildId, boolean mayPublish, Duration lifetime) {
        return issue(username, buildId, mayPublish, lifetime, newSessionId());
    }

    /**
     * Issues a fresh token for Basic user {@code username} whose requests are recorded under {@code session} (from
     * {@link #newSessionId()}, when the user name is to name the session too).
     */
    public BuildToken issue(String username, String buildId, boolean mayPublish, Duration lifetime, String session) {
        if (lifetime == null || lifetime.isNegative() || lifetime.isZero()) {
            throw new IllegalArgumentException("A token lifetime must be positive, was " + lifetime);
        }
        BuildToken token = new BuildToken(
                username,
                randomString(TOKEN_BYTES),
                buildId,
                mayPublish,
                clock.instant().plus(lifetime),
                session);
        byDigest.put(digest(token.secret()), token);
        purgeExpired();
        return token;
    }

    /** A fresh session id: {@code s-} and 16 URL-safe characters (96 random bits; unique, not secret). */
    public String newSessionId() {
        return "s-" + randomString(SESSION_BYTES);
    }

    private String randomString(int bytes) {
        byte[] b = new byte[bytes];
        random.nextBytes(b);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
    }

    /**
     * The token these Basic credentials name, if it is live. The secret is looked up by its SHA-256 and then
     * compared in constant time, so response timing says nothing about how much of a guess was right.
     */
    public Optional<BuildToken> check(String username, String secret) {
        if (username == null || secret == null) {
            return Optional.empty();
        }
        BuildToken token = byDigest.get(digest(secret));
        if (token == null) {
            return Optional.empty();
        }
        boolean secretMatches = MessageDigest.isEqual(
                token.secret().getBytes(StandardCharsets.UTF_8), secret.getBytes(StandardCharsets.UTF_8));
        boolean userMatches = MessageDigest.isEqual(
                token.username().getBytes(StandardCharsets.UTF_8), username.getBytes(StandardCharsets.UTF_8));
        if (!(secretMatches & userMatches)) {
            return Optional.empty();
        }
        if (!clock.instant().isBefore(token.expiresAt())) {
            byDigest.remove(digest(secret));
            return Optional.empty();
        }
        return Optional.of(token);
    }

    /**
     * Registers again a token issued before a controller restart (tokens live in memory only), so a Pipeline that
     * resumes keeps its credentials; an expired token stays dead. Returns whether it is live.
     */
    public boolean reinstate(BuildToken token) {
        if (!clock.instant().isBefore(token.expiresAt())) {
            return false;
        }
        byDigest.put(digest(token.secret()), token);
        return true;
    }

    /** Revokes a token; later checks fail. Revoking twice, or an unknown token, is harmless. */
    public void revoke(String secret) {
        if (secret != null) {
            byDigest.remove(digest(secret));
        }
    }

    /** How many tokens are live (not revoked, not expired). */
    public int liveCount() {
        purgeExpired();
        return byDigest.size();
    }

    /** The role a live token grants: reader, plus uploader when the build publishes. */
    public static Role roleOf(BuildToken token) {
        return token.mayPublish() ? Role.UPLOADER : Role.READER;
    }

    /**
     * Whether a request for {@code pathInfo} (the servlet path below the Jenkins context, with leading slash) may
     * be authenticated with a build token: only paths under {@code /python-mirror/}, and none that could be
     * normalised by the servlet container into somewhere else ({@code ..}, {@code ;} path parameters, encoded
     * slashes or dots, backslashes).
     */
    public static boolean acceptsTokenFor(String pathInfo) {
        if (pathInfo == null || !pathInfo.startsWith(MIRROR_PATH_PREFIX)) {
            return false;
        }
        String lower = pathInfo.toLowerCase(java.util.Locale.ROOT);
        if (lower.contains(";")
                || lower.contains("\\")
                || lower.contains("%2f")
                || lower.contains("%2e")
                || lower.contains("%5c")
                || lower.contains("//")) {
            return false;
        }
        for (String segment : pathInfo.split("/", -1)) {
            if (segment.equals("..") || segment.equals(".")) {
                return false;
            }
        }
        return true;
    }

    private void purgeExpired() {
        Instant now = clock.instant();
        byDigest.values().removeIf(t -> !now.isBefore(t.expiresAt()));
    }

    private static String digest(String secret) {
        try {
            return HexFormat.of()
                    .formatHex(MessageDigest.getInstance("SHA-256").digest(secret.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required by every Java platform", e);
        }
    }
}
