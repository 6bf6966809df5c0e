package io.jenkins.plugins.pythonmirror.build;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jenkins.plugins.pythonmirror.access.Role;
import io.jenkins.plugins.pythonmirror.testutil.ManualClock;
import java.time.Duration;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class BuildTokensTest {

    final ManualClock clock = new ManualClock();
    final BuildTokens tokens = new BuildTokens(clock, Duration.ofHours(2));

    @Test
    void issuedTokenIsUrlSafeRandomAndAtLeast128Bits() {
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < 200; i++) {
            BuildToken t = tokens.issue("job#" + i, i, false);
            assertThat(t.secret()).matches("[A-Za-z0-9_-]{32}"); // 24 bytes = 192 bits
            assertThat(seen.add(t.secret())).isTrue();
        }
    }

    @Test
    void checkAcceptsLiveTokenWithItsUsernameOnly() {
        BuildToken t = tokens.issue("folder/job#12", 12, true);
        assertThat(t.username()).isEqualTo("build-12");
        assertThat(tokens.check("build-12", t.secret())).contains(t);
        assertThat(tokens.check("build-13", t.secret())).isEmpty();
        assertThat(tokens.check("build-12", t.secret() + "x")).isEmpty();
        assertThat(tokens.check("build-12", t.secret().substring(1))).isEmpty();
        assertThat(tokens.check(null, t.secret())).isEmpty();
        assertThat(tokens.check("build-12", null)).isEmpty();
    }

    @Test
    void revokedTokenIsRefusedAndRevokingTwiceIsHarmless() {
        BuildToken t = tokens.issue("job#1", 1, false);
        tokens.revoke(t.secret());
        tokens.revoke(t.secret());
        tokens.revoke(null);
        assertThat(tokens.check(t.username(), t.secret())).isEmpty();
        assertThat(tokens.liveCount()).isZero();
    }

    @Test
    void tokenExpiresAtItsMaximumLifetimeEvenIfNotRevoked() {
        BuildToken t = tokens.issue("job#1", 1, false);
        assertThat(t.expiresAt()).isEqualTo(clock.now.plus(Duration.ofHours(2)));
        clock.now = clock.now.plus(Duration.ofHours(2)).minusSeconds(1);
        assertThat(tokens.check(t.username(), t.secret())).isPresent();
        clock.now = clock.now.plusSeconds(1);
        assertThat(tokens.check(t.username(), t.secret())).isEmpty();
        assertThat(tokens.liveCount()).isZero();
    }

    @Test
    void aTokenIssuedBeforeARestartCanBeReinstatedUntilItExpires() {
        BuildToken t = tokens.issue("job#5", 5, false);
        BuildTokens afterRestart = new BuildTokens(clock, Duration.ofHours(2));
        assertThat(afterRestart.check(t.username(), t.secret())).isEmpty();
        assertThat(afterRestart.reinstate(t)).isTrue();
        assertThat(afterRestart.check(t.username(), t.secret())).contains(t);
        clock.now = t.expiresAt();
        BuildTokens later = new BuildTokens(clock, Duration.ofHours(2));
        assertThat(later.reinstate(t)).isFalse();
        assertThat(later.check(t.username(), t.secret())).isEmpty();
    }

    @Test
    void aLifetimeGivenAtIssueAppliesToThatTokenAlone() {
        BuildToken shortLived = tokens.issue("job#7", 7, false, Duration.ofMinutes(30));
        BuildToken usual = tokens.issue("job#8", 8, false);
        assertThat(shortLived.expiresAt()).isEqualTo(clock.now.plus(Duration.ofMinutes(30)));
        assertThat(usual.expiresAt()).isEqualTo(clock.now.plus(Duration.ofHours(2)));
        clock.now = clock.now.plus(Duration.ofMinutes(30));
        assertThat(tokens.check(shortLived.username(), shortLived.secret())).isEmpty();
        assertThat(tokens.check(usual.username(), usual.secret())).isPresent();
    }

    @Test
    void everyTokenHasItsOwnSessionAndAChosenUserNameWorksToo() {
        BuildToken a = tokens.issue("job#1", 1, false, Duration.ofHours(1));
        BuildToken b = tokens.issue("job#1", 1, false, Duration.ofHours(1));
        BuildToken ci = tokens.issue("session-4", "gitlab:pipeline/77", true, Duration.ofHours(1));
        assertThat(a.session()).startsWith("s-").isNotEqualTo(b.session());
        assertThat(ci.username()).isEqualTo("session-4");
        assertThat(tokens.check("session-4", ci.secret())).contains(ci);
        assertThat(new BuildToken("build-1", "x", "job#1", false, clock.now).session())
                .isNull();
    }

    @Test
    void lifetimeMustBePositive() {
        assertThatThrownBy(() -> tokens.setMaxLifetime(Duration.ZERO)).hasMessageContaining("must be positive");
        assertThatThrownBy(() -> tokens.issue("job#1", 1, false, Duration.ofSeconds(-1)))
                .hasMessageContaining("must be positive");
    }

    @Test
    void toStringNeverShowsTheSecret() {
        BuildToken t = tokens.issue("job#3", 3, true);
        assertThat(t.toString()).doesNotContain(t.secret()).contains("build-3", "job#3");
    }

    @Test
    void roleIsReaderOrUploader() {
        assertThat(BuildTokens.roleOf(tokens.issue("j#1", 1, false))).isEqualTo(Role.READER);
        assertThat(BuildTokens.roleOf(tokens.issue("j#1", 1, true))).isEqualTo(Role.UPLOADER);
    }

    @ParameterizedTest
    @ValueSource(strings = {"/python-mirror/simple/", "/python-mirror/simple/six/", "/python-mirror/upload/"})
    void tokenIsAcceptedUnderTheMirrorPath(String path) {
        assertThat(BuildTokens.acceptsTokenFor(path)).isTrue();
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "/api/json",
                "/python-mirror",
                "/python-mirrorx/simple/",
                "/job/x/build",
                "/python-mirror/../script",
                "/python-mirror/%2e%2e/script",
                "/python-mirror/..%2Fscript",
                "/python-mirror/;x=y/../script",
                "/python-mirror/..\\script",
                "/python-mirror//../script",
                "",
            })
    void tokenIsRefusedElsewhere(String path) {
        assertThat(BuildTokens.acceptsTokenFor(path)).isFalse();
        assertThat(BuildTokens.acceptsTokenFor(null)).isFalse();
    }
}
