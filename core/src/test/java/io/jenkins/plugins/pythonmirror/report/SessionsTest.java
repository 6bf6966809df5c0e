package io.jenkins.plugins.pythonmirror.report;

import static org.assertj.core.api.Assertions.assertThat;

import io.jenkins.plugins.pythonmirror.testutil.ManualClock;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SessionsTest {

    static final String SHA_A = "a".repeat(64);
    static final String SHA_B = "b".repeat(64);
    static final String SHA_C = "c".repeat(64);

    final ManualClock clock = new ManualClock();
    final Sessions sessions = new Sessions(clock, 100, Duration.ofHours(48));

    @Test
    void recordsFilesAndMissingProjectsOfItsOwnSessionOnly() {
        sessions.begin("s1", "build-7", "Test");
        sessions.begin("s2", "build-8", null);

        sessions.fileServed("s1", "Flask-3.1.3-py3-none-any.whl", SHA_A, 101_000, Source.UPSTREAM);
        sessions.fileServed("s1", "acme_lib-1.0.tar.gz", SHA_B, 2_000, Source.PRIVATE);
        sessions.fileServed("s2", "six-1.16.0-py2.py3-none-any.whl", SHA_C, 11_000, Source.CACHE);
        sessions.fileServed(null, "six-1.16.0-py2.py3-none-any.whl", SHA_C, 11_000, Source.CACHE);
        sessions.fileServed("unknown", "six-1.16.0-py2.py3-none-any.whl", SHA_C, 11_000, Source.CACHE);
        sessions.notFound("s1", "No_Such.Thing");

        SessionReport r = sessions.end("s1").orElseThrow();
        assertThat(r.username()).isEqualTo("build-7");
        assertThat(r.label()).isEqualTo("Test");
        assertThat(r.files())
                .extracting(Obtained::project, Obtained::version, Obtained::source)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple("acme-lib", "1.0", Source.PRIVATE),
                        org.assertj.core.groups.Tuple.tuple("flask", "3.1.3", Source.UPSTREAM));
        assertThat(r.missing()).containsExactly("no-such-thing");
        assertThat(r.endedAt()).isEqualTo(clock.now);
        assertThat(sessions.end("s1")).isEmpty();
        assertThat(sessions.snapshot("s2").orElseThrow().files()).hasSize(1);
    }

    @Test
    void aFileServedAgainKeepsItsFirstSource() {
        sessions.begin("s", "build-1", null);
        sessions.fileServed("s", "six-1.16.0-py2.py3-none-any.whl", SHA_C, 11_000, Source.UPSTREAM);
        sessions.fileServed("s", "six-1.16.0-py2.py3-none-any.whl", SHA_C, 11_000, Source.CACHE);
        assertThat(sessions.snapshot("s").orElseThrow().files())
                .singleElement()
                .extracting(Obtained::source)
                .isEqualTo(Source.UPSTREAM);
    }

    @Test
    void aProjectFoundLaterIsNoLongerMissing() {
        sessions.begin("s", "build-1", null);
        sessions.notFound("s", "six");
        sessions.fileServed("s", "six-1.16.0-py2.py3-none-any.whl", SHA_C, 11_000, Source.CACHE);
        assertThat(sessions.snapshot("s").orElseThrow().missing()).isEmpty();
    }

    @Test
    void beginningAgainKeepsWhatWasRecorded() {
        sessions.begin("s", "build-1", null);
        sessions.fileServed("s", "six-1.16.0-py2.py3-none-any.whl", SHA_C, 11_000, Source.CACHE);
        sessions.begin("s", "build-1", null); // a Pipeline resumed
        assertThat(sessions.snapshot("s").orElseThrow().files()).hasSize(1);
    }

    @Test
    void memoryIsBoundedPerSessionAndTheReportSaysItWasCut() {
        Sessions big = new Sessions(clock, Sessions.DEFAULT_MAX_FILES, Duration.ofHours(48));
        big.begin("s", "build-1", null);
        for (int i = 0; i < 10_000; i++) {
            big.fileServed("s", "p" + i + "-1.0-py3-none-any.whl", sha(i), 1_000, Source.CACHE);
        }
        SessionReport ten = big.snapshot("s").orElseThrow();
        assertThat(ten.files()).hasSize(10_000);
        assertThat(ten.truncated()).isFalse();

        for (int i = 0; i < 150; i++) {
            sessions.begin("t", "build-2", null);
            sessions.fileServed("t", "p" + i + "-1.0-py3-none-any.whl", sha(i), 1_000, Source.CACHE);
        }
        SessionReport cut = sessions.snapshot("t").orElseThrow();
        assertThat(cut.files()).hasSize(100);
        assertThat(cut.truncated()).isTrue();
        for (int i = 0; i < 5_000; i++) {
            sessions.notFound("t", "missing-" + i);
        }
        assertThat(sessions.snapshot("t").orElseThrow().missing()).hasSize(Sessions.MAX_MISSING);
    }

    @Test
    void aSessionNobodyEndedIsDroppedAfterItsMaximumAge() {
        sessions.begin("old", "build-1", null);
        clock.advance(Duration.ofHours(49));
        sessions.begin("new", "build-2", null);
        assertThat(sessions.isLive("old")).isFalse();
        assertThat(sessions.isLive("new")).isTrue();
        assertThat(sessions.liveCount()).isEqualTo(1);
    }

    @ParameterizedTest(name = "{0} -> {1} {2}")
    @CsvSource({
        "requests-2.31.0-py3-none-any.whl, requests, 2.31.0",
        "Zope.Interface-6.0-cp311-cp311-manylinux_2_17_x86_64.whl, zope-interface, 6.0",
        "pkg_name-1.0rc1.tar.gz, pkg-name, 1.0rc1",
        "pkg-name-1.0.zip, pkg-name, 1.0",
        "oldthing-0.9-py2.7.egg, oldthing, 0.9",
    })
    void projectAndVersionComeFromTheFilename(String filename, String project, String version) {
        Obtained o = Sessions.obtained(filename, SHA_A, 1, Source.CACHE);
        assertThat(o.project()).isEqualTo(project);
        assertThat(o.version()).isEqualTo(version);
    }

    @Test
    void summaryLineCountsSourcesAndFetchedBytes() {
        sessions.begin("s", "build-1", null);
        sessions.fileServed("s", "a-1.0-py3-none-any.whl", SHA_A, 12_100_000, Source.UPSTREAM);
        sessions.fileServed("s", "b-1.0-py3-none-any.whl", SHA_B, 5_000, Source.CACHE);
        sessions.fileServed("s", "c-1.0-py3-none-any.whl", SHA_C, 5_000, Source.PRIVATE);
        assertThat(sessions.snapshot("s").orElseThrow().summary())
                .isEqualTo("3 files, 1 from cache, 1 fetched (12.1 MB), 1 private");
    }

    static String sha(int i) {
        return String.format("%064x", i);
    }
}
