package io.jenkins.plugins.pythonmirror.proxy;

import java.time.Clock;
import java.time.Duration;

/**
 * Skips an upstream for a while after several consecutive failures, so a dead upstream costs one timeout per
 * period instead of one per request. After the period one trial request is let through (half-open).
 */
final class CircuitBreaker {

    private final int threshold;
    private final Duration openFor;
    private final Clock clock;
    private int consecutiveFailures;
    private long openUntilMillis;
    private boolean trialInFlight;

    CircuitBreaker(int threshold, Duration openFor, Clock clock) {
        this.threshold = Math.max(1, threshold);
        this.openFor = openFor;
        this.clock = clock;
    }

    /** Whether a request may go to this upstream now; claims the single half-open trial if that is due. */
    synchronized boolean allowRequest() {
        if (consecutiveFailures < threshold) {
            return true;
        }
        if (clock.millis() < openUntilMillis || trialInFlight) {
            return false;
        }
        trialInFlight = true;
        return true;
    }

    synchronized boolean isOpen() {
        return consecutiveFailures >= threshold && clock.millis() < openUntilMillis;
    }

    synchronized void recordSuccess() {
        consecutiveFailures = 0;
        trialInFlight = false;
    }

    synchronized void recordFailure() {
        consecutiveFailures++;
        trialInFlight = false;
        if (consecutiveFailures >= threshold) {
            openUntilMillis = clock.millis() + openFor.toMillis();
        }
    }
}
