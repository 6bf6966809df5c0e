package io.jenkins.plugins.pythonmirror.policy;

import static org.assertj.core.api.Assertions.assertThat;

import io.jenkins.plugins.pythonmirror.pep.ProjectName;
import io.jenkins.plugins.pythonmirror.simple.ProjectPage;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The status figures: what is withheld right now, which changes with the clock and with new filterings. */
class HeldBackTest {

    static final Instant NOW = Instant.parse("2026-12-05T10:00:00Z");

    @Test
    void countsHeldFilesOnlyUntilTheirInstantPasses() {
        ReleasePolicy policy = new ReleasePolicy(
                Duration.ofDays(7),
                ReleasePolicy.UnknownAge.HOLD,
                List.of(),
                Map.of(),
                List.of(BlockedRelease.parse("other==1.0", "bad")));
        HeldBack held = new HeldBack();
        ProjectName demo = ProjectName.parse("demo");
        ProjectName other = ProjectName.parse("other");
        held.record(demo, PolicyFilter.filter(demo, PolicyFilterTest.PAGE, policy, NOW));
        ProjectPage otherPage = ProjectPage.of(
                "other",
                List.of(
                        PolicyFilterTest.file("other-1.0.tar.gz", "2020-01-01T00:00:00Z"),
                        PolicyFilterTest.file("other-1.1.tar.gz", null)));
        held.record(other, PolicyFilter.filter(other, otherPage, policy, NOW));

        HeldBack.Counts now = held.counts(NOW);
        assertThat(now.filesHeldBack()).isEqualTo(4); // two of demo 2.0, other 1.0 blocked, other 1.1 unknown
        assertThat(now.projectsHeldBack()).isEqualTo(2);
        assertThat(now.filesBlocked()).isEqualTo(1);
        assertThat(now.filesUnknownAge()).isEqualTo(1);
        assertThat(now.nextRelease()).isEqualTo(Instant.parse("2026-12-12T08:00:00Z"));

        HeldBack.Counts later = held.counts(Instant.parse("2026-12-13T00:00:00Z"));
        assertThat(later.filesHeldBack()).isEqualTo(2);
        assertThat(later.projectsHeldBack()).isEqualTo(1);
        assertThat(later.nextRelease()).isNull();

        held.record(other, PolicyFilter.filter(other, otherPage, ReleasePolicy.NONE, NOW));
        assertThat(held.counts(NOW).filesBlocked()).isZero();
        held.clear();
        assertThat(held.counts(NOW)).isEqualTo(new HeldBack.Counts(0, 0, 0, 0, null));
    }
}
