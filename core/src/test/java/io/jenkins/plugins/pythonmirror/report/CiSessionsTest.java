package io.jenkins.plugins.pythonmirror.report;

import static org.assertj.core.api.Assertions.assertThat;

import io.jenkins.plugins.pythonmirror.access.Caller;
import io.jenkins.plugins.pythonmirror.access.Role;
import io.jenkins.plugins.pythonmirror.store.DataDir;
import io.jenkins.plugins.pythonmirror.testutil.ManualClock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CiSessionsTest {

    static final String SHA_A = "a".repeat(64);
    static final String SHA_B = "b".repeat(64);
    static final Duration KEEP = Duration.ofDays(7);
    static final Duration TOKEN_LIFETIME = Duration.ofHours(24);

    @TempDir
    Path tmp;

    final ManualClock clock = new ManualClock();
    Sessions recorder;
    DataDir dataDir;
    CiSessions sessions;

    @BeforeEach
    void open() throws Exception {
        recorder = new Sessions(clock, 100, Duration.ofDays(2));
        dataDir = DataDir.open(tmp.resolve("data"));
        sessions = CiSessions.open(recorder, dataDir, clock, KEEP, TOKEN_LIFETIME);
    }

    /** As after a restart: a fresh recorder and fresh tokens over the same data directory. */
    private CiSessions reopen() throws Exception {
        recorder = new Sessions(clock, 100, Duration.ofDays(2));
        return CiSessions.open(recorder, DataDir.open(tmp.resolve("data")), clock, KEEP, TOKEN_LIFETIME);
    }

    @Test
    void aSessionsTokenIsACallerOfThatSessionWhoReadsOrPublishes() {
        CiSessions.Started read = sessions.start("ci", false, "nightly #12");
        CiSessions.Started publish = sessions.start("ci", true, null);

        assertThat(read.id()).matches("s-[A-Za-z0-9_-]{16}");
        assertThat(read.token().username()).isEqualTo("session-" + read.id().substring(2));
        assertThat(read.token().session()).isEqualTo(read.id());
        assertThat(sessions.authenticate(read.token().username(), read.token().secret()))
                .contains(new Caller(read.token().username(), Role.READER, read.id()));
        assertThat(sessions.authenticate(
                                publish.token().username(), publish.token().secret())
                        .map(Caller::role))
                .contains(Role.UPLOADER);
        assertThat(sessions.authenticate(
                        read.token().username(), publish.token().secret()))
                .isEmpty();
        assertThat(sessions.authenticate(read.token().username(), "guess")).isEmpty();
        assertThat(sessions.creator(read.id())).contains("ci");
    }

    @Test
    void anEndedSessionRefusesItsTokenAndKeepsItsReportAcrossARestart() throws Exception {
        CiSessions.Started s = sessions.start("ci", false, "nightly");
        recorder.fileServed(s.id(), "flask-3.1.3-py3-none-any.whl", SHA_A, 101_000, Source.UPSTREAM);
        recorder.fileServed(s.id(), "acme_lib-1.0.tar.gz", SHA_B, 2_000, Source.PRIVATE);
        recorder.notFound(s.id(), "No_Such");
        assertThat(sessions.report(s.id()).orElseThrow().files()).hasSize(2);
        assertThat(sessions.report(s.id()).orElseThrow().endedAt()).isNull();

        clock.advance(Duration.ofMinutes(5));
        SessionReport ended = sessions.end(s.id()).orElseThrow();

        assertThat(ended.endedAt()).isEqualTo(clock.now);
        assertThat(sessions.authenticate(s.token().username(), s.token().secret()))
                .isEmpty();
        assertThat(sessions.isLive(s.id())).isFalse();
        assertThat(sessions.end(s.id())).as("ending again answers the report").contains(ended);
        assertThat(Files.exists(dataDir.state().resolve("sessions/" + s.id() + ".json")))
                .isTrue();

        CiSessions restarted = reopen();
        assertThat(restarted.creator(s.id())).contains("ci");
        SessionReport kept = restarted.report(s.id()).orElseThrow();
        assertThat(kept).isEqualTo(ended);
        assertThat(kept.label()).isEqualTo("nightly");
        assertThat(kept.missing()).containsExactly("no-such");
        assertThat(kept.files())
                .extracting(Obtained::project, Obtained::sha256, Obtained::size, Obtained::source)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple("acme-lib", SHA_B, 2_000L, Source.PRIVATE),
                        org.assertj.core.groups.Tuple.tuple("flask", SHA_A, 101_000L, Source.UPSTREAM));
    }

    @Test
    void reportsAreSweptOnceTheyAreOlderThanTheKeepTime() throws Exception {
        CiSessions.Started s = sessions.start("ci", false, null);
        sessions.end(s.id());
        Path file = dataDir.state().resolve("sessions/" + s.id() + ".json");

        clock.advance(KEEP.minusSeconds(1));
        sessions.sweep();
        assertThat(sessions.report(s.id())).isPresent();

        clock.advance(Duration.ofSeconds(2));
        sessions.sweep();
        assertThat(sessions.report(s.id())).isEmpty();
        assertThat(sessions.creator(s.id())).isEmpty();
        assertThat(Files.exists(file)).isFalse();
    }

    @Test
    void aSweepAtStartDropsReportsThatExpiredWhileTheServerWasDown() throws Exception {
        CiSessions.Started s = sessions.start("ci", false, null);
        sessions.end(s.id());
        clock.advance(KEEP.plusHours(1));

        CiSessions restarted = reopen();

        assertThat(restarted.creator(s.id())).isEmpty();
        assertThat(Files.list(dataDir.state().resolve("sessions"))).isEmpty();
    }

    @Test
    void aSessionNobodyEndsEndsWhenItsTokenExpiresAndIsKeptFromThen() throws Exception {
        CiSessions.Started s = sessions.start("ci", false, null);
        recorder.fileServed(s.id(), "flask-3.1.3-py3-none-any.whl", SHA_A, 101_000, Source.CACHE);

        clock.advance(TOKEN_LIFETIME);
        sessions.sweep();

        assertThat(sessions.isLive(s.id())).isFalse();
        SessionReport r = sessions.report(s.id()).orElseThrow();
        assertThat(r.endedAt()).isEqualTo(clock.now);
        assertThat(r.files()).hasSize(1);
    }

    @Test
    void endingAllAtShutdownKeepsWhatRunningSessionsObtained() throws Exception {
        CiSessions.Started s = sessions.start("ci", false, null);
        recorder.fileServed(s.id(), "flask-3.1.3-py3-none-any.whl", SHA_A, 101_000, Source.CACHE);

        sessions.endAll();

        assertThat(sessions.authenticate(s.token().username(), s.token().secret()))
                .isEmpty();
        CiSessions restarted = reopen();
        assertThat(restarted.report(s.id()).orElseThrow().files()).hasSize(1);
        assertThat(restarted.isLive(s.id())).isFalse();
    }

    @Test
    void anUnreadableReportFileIsIgnoredNotFatal() throws Exception {
        Files.writeString(dataDir.state().resolve("sessions/s-broken.json"), "{not json");
        CiSessions restarted = reopen();
        assertThat(restarted.creator("s-broken")).isEmpty();
    }
}
