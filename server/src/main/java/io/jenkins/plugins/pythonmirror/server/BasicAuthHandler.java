package io.jenkins.plugins.pythonmirror.server;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.jenkins.plugins.pythonmirror.access.Caller;
import io.jenkins.plugins.pythonmirror.report.CiSessions;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Optional;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/**
 * HTTP Basic authentication against the {@link UserStore}, in front of the mirror: no credentials make the caller
 * anonymous; wrong or malformed credentials are answered 401 here, never silently treated as anonymous; right ones
 * become a {@link Caller} with the user's role, which {@link #callerOf} hands to the engine.
 *
 * <p>The tokens of sessions started over {@code api/sessions} are accepted too (Basic {@code session-…:token}): they
 * are checked first, by a hash lookup, and never remembered, so a session that ends is refused at once.
 *
 * <p>bcrypt is slow by design and pip sends its credentials with every request, so verified credentials are
 * remembered for a minute, keyed by a sha256 of {@code user:password} (the password itself is not kept). A change
 * to the users file clears that memory.
 */
final class BasicAuthHandler extends Handler.Wrapper {

    private static final Logger LOG = Logger.getLogger(BasicAuthHandler.class.getName());
    private static final String ATTRIBUTE = Caller.class.getName();
    static final Duration CACHE_FOR = Duration.ofMinutes(1);

    private final UserStore users;
    private final CiSessions sessions;
    private final Cache<String, Caller> verified = Caffeine.newBuilder()
            .expireAfterWrite(CACHE_FOR)
            .maximumSize(10_000)
            .build();

    /** Signs callers in against {@code users}, and against the tokens of {@code sessions} (null: none). */
    BasicAuthHandler(UserStore users, CiSessions sessions, Handler next) {
        super(next);
        this.users = users;
        this.sessions = sessions;
    }

    /** The caller this handler established for {@code request} (anonymous if none). */
    static Caller callerOf(Request request) {
        Object caller = request.getAttribute(ATTRIBUTE);
        return caller instanceof Caller c ? c : Caller.ANONYMOUS;
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) throws Exception {
        String header = request.getHeaders().get(HttpHeader.AUTHORIZATION);
        if (header != null) {
            Optional<Caller> caller = authenticate(header);
            if (caller.isEmpty()) {
                LOG.fine(() -> "Rejected credentials from " + Request.getRemoteAddr(request));
                unauthorized(response, callback);
                return true;
            }
            request.setAttribute(ATTRIBUTE, caller.get());
        }
        return super.handle(request, response, callback);
    }

    Optional<Caller> authenticate(String header) {
        if (!header.regionMatches(true, 0, "Basic ", 0, 6)) {
            return Optional.empty();
        }
        String decoded;
        try {
            decoded = new String(Base64.getDecoder().decode(header.substring(6).trim()), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
        int colon = decoded.indexOf(':');
        if (colon <= 0) {
            return Optional.empty();
        }
        String name = decoded.substring(0, colon);
        String password = decoded.substring(colon + 1);
        if (sessions != null) {
            Optional<Caller> token = sessions.authenticate(name, password);
            if (token.isPresent()) {
                return token;
            }
        }
        try {
            if (users.reloadIfChanged()) {
                verified.invalidateAll();
            }
        } catch (IOException e) {
            LOG.log(Level.WARNING, "Cannot re-read " + users.file() + "; using the users read before", e);
        }
        String key = sha256(decoded);
        Caller known = verified.getIfPresent(key);
        if (known != null) {
            return Optional.of(known);
        }
        Optional<Caller> caller = users.verify(name, password).map(r -> r.caller(name));
        caller.ifPresent(c -> verified.put(key, c));
        return caller;
    }

    private static void unauthorized(Response response, Callback callback) {
        response.setStatus(401);
        response.getHeaders().put(HttpHeader.WWW_AUTHENTICATE, "Basic realm=\"python-mirror\"");
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, "text/plain; charset=utf-8");
        response.getHeaders().put(HttpHeader.CACHE_CONTROL, "no-store");
        response.write(
                true, ByteBuffer.wrap("Wrong user name or password\n".getBytes(StandardCharsets.UTF_8)), callback);
    }

    private static String sha256(String s) {
        try {
            return HexFormat.of()
                    .formatHex(MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
