package io.jenkins.plugins.pythonmirror.policy;

import static org.assertj.core.api.Assertions.assertThat;

import io.jenkins.plugins.pythonmirror.pep.ProjectName;
import io.jenkins.plugins.pythonmirror.simple.FileEntry;
import io.jenkins.plugins.pythonmirror.simple.PageRenderer;
import io.jenkins.plugins.pythonmirror.simple.ProjectPage;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The policy step of the page pipeline, on its own: what leaves the page, what stays, and until when. */
class PolicyFilterTest {

    static final ProjectName DEMO = ProjectName.parse("demo");
    static final Instant NOW = Instant.parse("2026-12-05T10:00:00Z");
    static final ReleasePolicy SEVEN_DAYS =
            new ReleasePolicy(Duration.ofDays(7), ReleasePolicy.UnknownAge.ALLOW, List.of(), Map.of(), List.of());

    static FileEntry file(String filename, String uploadTime) {
        return FileEntry.builder(filename, "../../files/" + "a".repeat(64) + "/" + filename)
                .hashes(Map.of("sha256", "a".repeat(64)))
                .size(10L)
                .uploadTime(uploadTime)
                .build();
    }

    /** 1.0 a month old; 2.0 (wheel and sdist) an hour and two hours old; 3.0 listed without files. */
    static final ProjectPage PAGE = new ProjectPage(
            "demo",
            List.of(
                    file("demo-1.0-py3-none-any.whl", "2026-11-05T10:00:00Z"),
                    file("demo-2.0-py3-none-any.whl", "2026-12-05T09:00:00Z"),
                    file("demo-2.0.tar.gz", "2026-12-05T08:00:00Z")),
            List.of("1.0", "2.0", "3.0"),
            7L,
            null,
            null);

    @Test
    void heldFilesLeaveThePageAndTheirVersionLeavesVersions() {
        PolicyFilter.Filtered f = PolicyFilter.filter(DEMO, PAGE, SEVEN_DAYS, NOW);

        assertThat(f.page().files()).extracting(FileEntry::filename).containsExactly("demo-1.0-py3-none-any.whl");
        // 3.0 had no file to withhold: the upstream's listing of it stays as it was
        assertThat(f.page().versions()).containsExactly("1.0", "3.0");
        assertThat(f.withheld()).containsOnlyKeys("demo-2.0-py3-none-any.whl", "demo-2.0.tar.gz");
        assertThat(f.decision("demo-1.0-py3-none-any.whl").isVisible()).isTrue();
        assertThat(f.page().lastSerial()).isEqualTo(7L);
    }

    @Test
    void theResultHoldsUntilTheEarliestHeldFileComesOfAge() {
        PolicyFilter.Filtered f = PolicyFilter.filter(DEMO, PAGE, SEVEN_DAYS, NOW);
        assertThat(f.validUntil()).isEqualTo(Instant.parse("2026-12-12T08:00:00Z"));

        PolicyFilter.Filtered later = PolicyFilter.filter(DEMO, PAGE, SEVEN_DAYS, f.validUntil());
        assertThat(later.page().files())
                .extracting(FileEntry::filename)
                .containsExactly("demo-1.0-py3-none-any.whl", "demo-2.0.tar.gz");
        assertThat(later.page().versions()).as("2.0 has a visible file again").containsExactly("1.0", "2.0", "3.0");
        assertThat(later.validUntil()).isEqualTo(Instant.parse("2026-12-12T09:00:00Z"));
    }

    @Test
    void bothMediaTypesRenderedFromTheResultLeaveTheHeldVersionOut() {
        ProjectPage filtered = PolicyFilter.filter(DEMO, PAGE, SEVEN_DAYS, NOW).page();
        String json = new String(PageRenderer.projectJson(filtered), StandardCharsets.UTF_8);
        String html = new String(PageRenderer.projectHtml(filtered), StandardCharsets.UTF_8);
        assertThat(json)
                .contains("demo-1.0-py3-none-any.whl")
                .doesNotContain("demo-2.0")
                .doesNotContain("\"2.0\"");
        assertThat(html).contains("demo-1.0-py3-none-any.whl").doesNotContain("demo-2.0");
    }

    @Test
    void aBlockedReleaseLeavesThePageAndNeverExpires() {
        ReleasePolicy block = new ReleasePolicy(
                Duration.ZERO,
                ReleasePolicy.UnknownAge.ALLOW,
                List.of(),
                Map.of(),
                List.of(BlockedRelease.parse("demo==1.0", "compromised")));
        PolicyFilter.Filtered f = PolicyFilter.filter(DEMO, PAGE, block, NOW);
        assertThat(f.page().files()).extracting(FileEntry::filename).doesNotContain("demo-1.0-py3-none-any.whl");
        assertThat(f.page().versions()).containsExactly("2.0", "3.0");
        assertThat(f.validUntil()).isEqualTo(Instant.MAX);
        assertThat(f.decision("demo-1.0-py3-none-any.whl").kind()).isEqualTo(Decision.Kind.BLOCKED);
    }

    @Test
    void withoutRulesThePageIsPassedOnAsItIsAndUnknownAgesAreCounted() {
        ProjectPage html = ProjectPage.of("demo", List.of(file("demo-1.0.tar.gz", null), file("demo-1.1.tar.gz", "x")));
        PolicyFilter.Filtered f = PolicyFilter.filter(DEMO, html, ReleasePolicy.NONE, NOW);
        assertThat(f.page()).isSameAs(html);
        assertThat(f.withheld()).isEmpty();
        assertThat(f.unknownAge()).isEqualTo(2);
        assertThat(f.validUntil()).isEqualTo(Instant.MAX);
    }
}
