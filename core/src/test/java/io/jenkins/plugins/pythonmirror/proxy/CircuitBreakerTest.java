package io.jenkins.plugins.pythonmirror.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import io.jenkins.plugins.pythonmirror.testutil.ManualClock;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class CircuitBreakerTest {

    @Test
    void opensAfterConsecutiveFailuresAndLetsOneTrialThroughLater() {
        ManualClock clock = new ManualClock();
        CircuitBreaker breaker = new CircuitBreaker(3, Duration.ofSeconds(30), clock);
        breaker.recordFailure();
        breaker.recordFailure();
        assertThat(breaker.allowRequest()).isTrue();
        breaker.recordFailure();
        assertThat(breaker.isOpen()).isTrue();
        assertThat(breaker.allowRequest()).isFalse();

        clock.advance(Duration.ofMillis(30_001));
        assertThat(breaker.allowRequest()).as("half-open trial").isTrue();
        assertThat(breaker.allowRequest()).as("only one trial at a time").isFalse();
        breaker.recordFailure();
        assertThat(breaker.isOpen()).isTrue();
        assertThat(breaker.allowRequest()).isFalse();

        clock.advance(Duration.ofMillis(30_001));
        assertThat(breaker.allowRequest()).isTrue();
        breaker.recordSuccess();
        assertThat(breaker.isOpen()).isFalse();
        assertThat(breaker.allowRequest()).isTrue();
        assertThat(breaker.allowRequest()).isTrue();
    }

    @Test
    void aSuccessResetsTheFailureCount() {
        CircuitBreaker breaker = new CircuitBreaker(2, Duration.ofSeconds(30), new ManualClock());
        breaker.recordFailure();
        breaker.recordSuccess();
        breaker.recordFailure();
        assertThat(breaker.isOpen()).isFalse();
    }
}
