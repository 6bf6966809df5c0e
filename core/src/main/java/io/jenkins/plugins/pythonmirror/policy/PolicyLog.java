package io.jenkins.plugins.pythonmirror.policy;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Logs each withheld file once per reason, however many builds ask for it: the log says what the policy did
 * without repeating it on every page view or download attempt. Remembers a bounded number of lines.
 */
public final class PolicyLog {

    private static final Logger LOG = Logger.getLogger(PolicyLog.class.getName());

    private final Cache<String, Boolean> logged =
            Caffeine.newBuilder().maximumSize(10_000).build();

    /**
     * Logs {@code decision} for {@code filename} unless that exact line was logged already: refusals and blocks at
     * INFO, files that are only hidden for a while at FINE.
     */
    public void once(String filename, Decision decision, boolean refused) {
        if (decision.isVisible()) {
            return;
        }
        String line = (refused ? "Refused download: " : "Hidden from pages: ") + decision.explain(filename);
        if (logged.asMap().putIfAbsent(line, Boolean.TRUE) == null) {
            Level level = refused || decision.kind() == Decision.Kind.BLOCKED ? Level.INFO : Level.FINE;
            LOG.log(level, line);
        }
    }

    /** Forgets what was logged (the policy changed: its decisions are news again). */
    public void reset() {
        logged.invalidateAll();
    }
}
