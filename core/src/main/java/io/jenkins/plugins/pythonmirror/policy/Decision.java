package io.jenkins.plugins.pythonmirror.policy;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Objects;

/**
 * What the {@link ReleasePolicy} says about one file now: visible, held back until an instant, held back because its
 * age is unknown, or blocked with the admin's reason. {@link #reason()} is the one line a client sees in the 404 and
 * an admin in the log and the sync report.
 *
 * @param kind the outcome
 * @param until for {@link Kind#HELD}: the first instant the file is visible; else null
 * @param reason one line, empty for {@link Kind#VISIBLE}
 */
public record Decision(Kind kind, Instant until, String reason) {

    /** The outcomes. */
    public enum Kind {
        /** Shown on pages and served. */
        VISIBLE,
        /** Newer than the minimum release age: hidden until {@link Decision#until()}. */
        HELD,
        /** The upstream gives no upload time and the policy holds such files. */
        UNKNOWN_AGE,
        /** On the admin's block list. */
        BLOCKED
    }

    private static final Decision VISIBLE = new Decision(Kind.VISIBLE, null, "");

    public Decision {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(reason, "reason");
        if ((kind == Kind.HELD) != (until != null)) {
            throw new IllegalArgumentException("only a held file has an instant it is held until");
        }
    }

    public static Decision visible() {
        return VISIBLE;
    }

    static Decision held(Instant until, String age) {
        return new Decision(
                Kind.HELD,
                until,
                "held back by the mirror's minimum release age (" + age + ") until "
                        + until.truncatedTo(ChronoUnit.SECONDS));
    }

    static Decision unknownAge(String age) {
        return new Decision(
                Kind.UNKNOWN_AGE,
                null,
                "held back by the mirror's minimum release age (" + age + "): the upstream gives no upload time");
    }

    static Decision blocked(BlockedRelease rule) {
        return new Decision(
                Kind.BLOCKED, null, "blocked by the mirror's policy (" + rule.release() + "): " + rule.reason());
    }

    public boolean isVisible() {
        return kind == Kind.VISIBLE;
    }

    /** The line for a 404 body and the log: {@code "<filename> is held back … until …"}. */
    public String explain(String filename) {
        return filename + " is " + reason;
    }
}
