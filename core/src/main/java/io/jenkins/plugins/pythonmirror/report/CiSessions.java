package io.jenkins.plugins.pythonmirror.report;

import io.jenkins.plugins.pythonmirror.access.Caller;
import io.jenkins.plugins.pythonmirror.build.BuildToken;
import io.jenkins.plugins.pythonmirror.build.BuildTokens;
import io.jenkins.plugins.pythonmirror.store.DataDir;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Sessions that CI systems other than Jenkins start and end over the mirror's API ({@code api/sessions}): each gets
 * a token that is valid like a build token, and the mirror records what the token's requests obtain. An ended
 * session's report is kept on disk ({@link EndedReports}) for {@code keepFor}, then swept. A session nobody ends
 * ends when its token expires.
 *
 * <p>The token's Basic user name is {@code session-<id without "s-">}, so server logs name the session.
 */
public final class CiSessions {

    private static final Logger LOG = Logger.getLogger(CiSessions.class.getName());

    /** What {@link #start} issued. */
    public record Started(String id, String creator, String label, BuildToken token) {}

    /** A running session. */
    private record Live(String creator, String label, BuildToken token) {}

    private final Sessions recorder;
    private final BuildTokens tokens;
    private final EndedReports ended;
    private final Clock clock;
    private final Duration keepFor;
    private final Duration tokenLifetime;
    private final Map<String, Live> live = new ConcurrentHashMap<>();

    private CiSessions(Sessions recorder, EndedReports ended, Clock clock, Duration keepFor, Duration tokenLifetime) {
        this.recorder = recorder;
        this.ended = ended;
        this.clock = clock;
        this.keepFor = keepFor;
        this.tokenLifetime = tokenLifetime;
        this.tokens = new BuildTokens(clock, tokenLifetime);
    }

    /**
     * Opens the sessions API's state in {@code dataDir} and sweeps reports older than {@code keepFor}.
     *
     * @param recorder the engine's recorder, which the request handler feeds
     * @param keepFor how long an ended session's report stays readable
     * @param tokenLifetime how long a session's token is valid at most (a session not ended by then ends)
     */
    public static CiSessions open(
            Sessions recorder, DataDir dataDir, Clock clock, Duration keepFor, Duration tokenLifetime)
            throws IOException {
        CiSessions s = new CiSessions(recorder, EndedReports.open(dataDir), clock, keepFor, tokenLifetime);
        s.sweep();
        return s;
    }

    /** Starts a session for {@code creator}; its token reads, and uploads when {@code publish}. */
    public Started start(String creator, boolean publish, String label) {
        String id = tokens.newSessionId();
        String username = "session-" + id.substring(2);
        BuildToken token = tokens.issue(username, "session " + id + " of " + creator, publish, tokenLifetime, id);
        recorder.begin(id, username, label);
        live.put(id, new Live(creator, label, token));
        LOG.info(creator + " started session " + id + (publish ? " (may publish)" : "")
                + (label == null ? "" : " '" + label + "'"));
        return new Started(id, creator, label, token);
    }

    /** The caller these Basic credentials make, if they are a live session's token. */
    public Optional<Caller> authenticate(String username, String secret) {
        return tokens.check(username, secret)
                .filter(t -> t.session() != null && live.containsKey(t.session()))
                .map(t -> new Caller(t.username(), BuildTokens.roleOf(t), t.session()));
    }

    /** Who started session {@code id}, running or ended (and not yet swept). */
    public Optional<String> creator(String id) {
        Live l = id == null ? null : live.get(id);
        return l != null ? Optional.of(l.creator()) : ended.creator(id);
    }

    /** What session {@code id} obtained: so far while it runs, all of it once it ended. */
    public Optional<SessionReport> report(String id) throws IOException {
        if (id != null && live.containsKey(id)) {
            Optional<SessionReport> now = recorder.snapshot(id);
            if (now.isPresent()) {
                return now;
            }
        }
        return ended.report(id);
    }

    /**
     * Ends session {@code id}: its token is refused from now on and its report is kept for {@code keepFor}. Ending an
     * ended session answers its report again; empty when the session is unknown.
     */
    public Optional<SessionReport> end(String id) throws IOException {
        Live l = id == null ? null : live.remove(id);
        if (l == null) {
            return ended.report(id);
        }
        tokens.revoke(l.token().secret());
        SessionReport report = recorder.end(id)
                .orElseGet(() -> new SessionReport(
                        id,
                        l.token().username(),
                        l.label(),
                        clock.instant(),
                        clock.instant(),
                        List.of(),
                        List.of(),
                        false));
        ended.save(l.creator(), report);
        LOG.info("Session " + id + " of " + l.creator() + " ended: " + report.summary());
        return Optional.of(report);
    }

    /** Ends sessions whose token expired and removes reports older than {@code keepFor}. */
    public void sweep() throws IOException {
        Instant now = clock.instant();
        for (Map.Entry<String, Live> e : live.entrySet()) {
            if (!now.isBefore(e.getValue().token().expiresAt())) {
                end(e.getKey());
            }
        }
        int removed = ended.sweep(now.minus(keepFor));
        if (removed > 0) {
            LOG.log(Level.FINE, "Removed {0} expired session report(s)", removed);
        }
    }

    /**
     * Ends every running session, keeping their reports: tokens live in memory only, so the engine calls this when it
     * closes, and a restart ends the sessions that were running with what they had obtained until then.
     */
    public void endAll() throws IOException {
        for (String id : List.copyOf(live.keySet())) {
            end(id);
        }
    }

    /** Whether session {@code id} is running. */
    public boolean isLive(String id) {
        return id != null && live.containsKey(id);
    }

    /** How long ended reports are kept. */
    public Duration keepFor() {
        return keepFor;
    }
}
