package io.jenkins.plugins.pythonmirror.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import io.jenkins.plugins.pythonmirror.pep.ProjectName;
import io.jenkins.plugins.pythonmirror.policy.BlockedRelease;
import io.jenkins.plugins.pythonmirror.policy.Decision;
import io.jenkins.plugins.pythonmirror.policy.HeldBack;
import io.jenkins.plugins.pythonmirror.policy.PolicyLog;
import io.jenkins.plugins.pythonmirror.policy.ReleasePolicy;
import io.jenkins.plugins.pythonmirror.proxy.RenderedPage.Body;
import io.jenkins.plugins.pythonmirror.simple.FileEntry;
import io.jenkins.plugins.pythonmirror.simple.PageFormat;
import io.jenkins.plugins.pythonmirror.simple.ProjectPage;
import io.jenkins.plugins.pythonmirror.store.DataDir;
import io.jenkins.plugins.pythonmirror.store.FileKey;
import io.jenkins.plugins.pythonmirror.store.FileSystemBlobStore;
import io.jenkins.plugins.pythonmirror.testutil.ManualClock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The served form of an upstream page: PEP 691 name, PEP 700 sizes from stored files, versions, stable bytes; the
 * release policy's step, and when a cached view is made again.
 */
class PageViewsTest {

    @TempDir
    Path tmp;

    private static final String STORED_SHA = "a".repeat(64);
    private static final String OTHER_SHA = "b".repeat(64);

    /** What an HTML upstream (devpi, pypiserver, a file tree) gives: no name in the title, no sizes. */
    private static ProjectPage htmlUpstreamPage() {
        return ProjectPage.of(
                null,
                List.of(
                        FileEntry.of(
                                "Demo.Pkg-1.0.tar.gz", "https://up/Demo.Pkg-1.0.tar.gz", Map.of("sha256", STORED_SHA)),
                        FileEntry.of(
                                "demo_pkg-2.0-py3-none-any.whl",
                                "https://up/demo_pkg-2.0-py3-none-any.whl",
                                Map.of("sha256", OTHER_SHA))));
    }

    @Test
    void namesTheProjectNormalizedAndFillsSizesOfStoredFiles() throws Exception {
        FileSystemBlobStore blobs = new FileSystemBlobStore(DataDir.open(tmp));
        FileKey key = new FileKey(STORED_SHA, "Demo.Pkg-1.0.tar.gz");
        Path temp = blobs.newTempFile(key);
        Files.write(temp, new byte[1234]);
        blobs.commit(temp, key);
        PageViews views = new PageViews(blobs);
        ProjectName project = ProjectName.parse("Demo.Pkg");

        ProjectPage served = views.rewrite(project, htmlUpstreamPage());

        assertThat(served.name()).isEqualTo("demo-pkg");
        assertThat(served.files()).extracting(FileEntry::size).containsExactly(1234L, null);
        assertThat(served.files().get(0).url()).isEqualTo("../../files/" + STORED_SHA + "/Demo.Pkg-1.0.tar.gz");
        assertThat(served.versions()).containsExactly("1.0", "2.0");
    }

    @Test
    void theSamePageServesTheSameBytesAndEtagOnEveryHit() throws Exception {
        PageViews views = new PageViews(new FileSystemBlobStore(DataDir.open(tmp)));
        ProjectName project = ProjectName.parse("demo-pkg");
        ProjectPage source = htmlUpstreamPage();
        for (PageFormat format : PageFormat.values()) {
            Body first = views.view(project, source).body(format, false);
            views.invalidate(project); // rendered again from scratch: still byte-identical
            Body second = views.view(project, source).body(format, false);
            Body fromAnEqualCopy = new PageViews(new FileSystemBlobStore(DataDir.open(tmp)))
                    .view(project, ProjectPage.of(null, List.copyOf(source.files())))
                    .body(format, false);
            assertThat(second.bytes()).isEqualTo(first.bytes()).isEqualTo(fromAnEqualCopy.bytes());
            assertThat(second.etag()).isEqualTo(first.etag()).isEqualTo(fromAnEqualCopy.etag());
        }
    }

    /** demo 1.0 a month old, 2.0 an hour old (at the manual clock's start). */
    private static ProjectPage agedUpstreamPage() {
        return ProjectPage.of(
                "demo",
                List.of(
                        FileEntry.builder("demo-1.0-py3-none-any.whl", "https://up/demo-1.0-py3-none-any.whl")
                                .hashes(Map.of("sha256", STORED_SHA))
                                .size(10L)
                                .uploadTime("2026-10-26T10:00:00Z")
                                .build(),
                        FileEntry.builder("demo-2.0-py3-none-any.whl", "https://up/demo-2.0-py3-none-any.whl")
                                .hashes(Map.of("sha256", OTHER_SHA))
                                .size(10L)
                                .uploadTime("2026-11-26T09:00:00Z")
                                .build()));
    }

    private static String json(RenderedPage page) {
        return new String(page.body(PageFormat.JSON_V1, false).bytes(), java.nio.charset.StandardCharsets.UTF_8);
    }

    @Test
    void aHeldFileAppearsOnTheCachedViewWhenItsTimeComes() throws Exception {
        ManualClock clock = new ManualClock(); // 2026-11-26T10:00:00Z
        ReleasePolicy sevenDays =
                new ReleasePolicy(Duration.ofDays(7), ReleasePolicy.UnknownAge.ALLOW, List.of(), Map.of(), List.of());
        HeldBack heldBack = new HeldBack();
        PageViews views = new PageViews(
                new FileSystemBlobStore(DataDir.open(tmp)), () -> sevenDays, clock, heldBack, new PolicyLog());
        ProjectName demo = ProjectName.parse("demo");
        ProjectPage source = agedUpstreamPage();

        RenderedPage before = views.view(demo, source);
        assertThat(json(before)).contains("demo-1.0-py3-none-any.whl").doesNotContain("demo-2.0");
        assertThat(views.view(demo, source)).as("reused while nothing changes").isSameAs(before);
        assertThat(views.decision(demo, source, "demo-2.0-py3-none-any.whl").until())
                .isEqualTo(Instant.parse("2026-12-03T09:00:00Z"));
        assertThat(heldBack.counts(clock.instant()).filesHeldBack()).isEqualTo(1);

        clock.now = Instant.parse("2026-12-03T08:59:59Z");
        assertThat(views.view(demo, source)).isSameAs(before);
        clock.now = Instant.parse("2026-12-03T09:00:00Z");
        RenderedPage after = views.view(demo, source);
        assertThat(json(after)).contains("demo-2.0-py3-none-any.whl").contains("\"2.0\"");
        assertThat(views.decision(demo, source, "demo-2.0-py3-none-any.whl").isVisible())
                .isTrue();
        assertThat(heldBack.counts(clock.instant()).filesHeldBack()).isZero();
    }

    @Test
    void aPolicyChangeIsSeenByTheNextView() throws Exception {
        ManualClock clock = new ManualClock();
        AtomicReference<ReleasePolicy> policy = new AtomicReference<>(ReleasePolicy.NONE);
        PageViews views = new PageViews(
                new FileSystemBlobStore(DataDir.open(tmp)), policy::get, clock, new HeldBack(), new PolicyLog());
        ProjectName demo = ProjectName.parse("demo");
        ProjectPage source = agedUpstreamPage();
        assertThat(json(views.view(demo, source))).contains("demo-2.0");
        assertThat(views.policyActive()).isFalse();

        policy.set(new ReleasePolicy(
                Duration.ZERO,
                ReleasePolicy.UnknownAge.ALLOW,
                List.of(),
                Map.of(),
                List.of(BlockedRelease.parse("demo==1.0", "compromised"))));
        assertThat(json(views.view(demo, source))).contains("demo-2.0").doesNotContain("demo-1.0");
        assertThat(views.decision(demo, source, "demo-1.0-py3-none-any.whl").reason())
                .isEqualTo("blocked by the mirror's policy (demo==1.0): compromised");
        assertThat(views.decision(demo, source, "demo-1.0.tar.gz").kind())
                .as("a file the page does not list is judged by its name")
                .isEqualTo(Decision.Kind.BLOCKED);

        policy.set(ReleasePolicy.NONE);
        assertThat(json(views.view(demo, source))).contains("demo-1.0").contains("demo-2.0");
    }
}
