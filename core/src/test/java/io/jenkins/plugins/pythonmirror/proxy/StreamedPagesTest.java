package io.jenkins.plugins.pythonmirror.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import io.jenkins.plugins.pythonmirror.pep.ProjectName;
import io.jenkins.plugins.pythonmirror.policy.BlockedRelease;
import io.jenkins.plugins.pythonmirror.policy.PolicyFilter;
import io.jenkins.plugins.pythonmirror.policy.ReleasePolicy;
import io.jenkins.plugins.pythonmirror.simple.FileEntry;
import io.jenkins.plugins.pythonmirror.simple.PageFormat;
import io.jenkins.plugins.pythonmirror.simple.PageRenderer;
import io.jenkins.plugins.pythonmirror.simple.ProjectPage;
import io.jenkins.plugins.pythonmirror.simple.StreamedFiles;
import io.jenkins.plugins.pythonmirror.store.DataDir;
import io.jenkins.plugins.pythonmirror.store.FileSystemBlobStore;
import io.jenkins.plugins.pythonmirror.store.PageStore;
import io.jenkins.plugins.pythonmirror.store.StoredPage;
import java.io.InputStream;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Pages too large for memory: stored and loaded as streams, served byte for byte as if they were in memory. */
class StreamedPagesTest {

    @TempDir
    Path tmp;

    private static final ProjectName BIG = ProjectName.parse("big");

    /** {@code n} files, 10 per version; every tenth yanked, some with requires-python, sizes and metadata. */
    private static List<FileEntry> files(int n) {
        List<FileEntry> files = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            String name = "big-1." + (i / 10) + "-" + (i % 10) + "-py3-none-any.whl";
            String sha =
                    String.format(Locale.ROOT, "%016x", i * 0x9E3779B97F4A7C15L).repeat(4);
            files.add(FileEntry.builder(name, "https://files.example/p/" + name)
                    .hashes(Map.of("sha256", sha))
                    .requiresPython(i % 3 == 0 ? ">=3.8" : null)
                    .yanked(i % 10 == 9, i % 20 == 9 ? "broken <build>" : null)
                    .coreMetadata(i % 2 == 0 ? Map.of("sha256", sha) : null)
                    .size(i % 4 == 0 ? null : 1000L + i)
                    .uploadTime("2024-05-01T12:00:00.123456Z")
                    .build());
        }
        return files;
    }

    private static StoredPage stored(ProjectPage page) {
        return new StoredPage(page, URI.create("https://up.example/simple/big/"), "\"e1\"", "Wed", 77L, 1234L);
    }

    @Test
    void aPageOverTheMemoryLimitIsStoredAndLoadedAsAStream() throws Exception {
        PageStore store = new PageStore(DataDir.open(tmp.resolve("data")));
        List<FileEntry> files = files(StreamedFiles.IN_MEMORY_LIMIT + 1);
        ProjectPage page = new ProjectPage("big", files, List.of("1.0"), 77L, "active", null);
        store.save(BIG, stored(page));

        StoredPage loaded = store.load(BIG).orElseThrow();
        assertThat(loaded.page().isStreamed()).isTrue();
        assertThat(loaded.page().files()).hasSize(files.size());
        assertThat(new ArrayList<>(loaded.page().files())).isEqualTo(files);
        assertThat(loaded.page().versions()).containsExactly("1.0");
        assertThat(loaded.page().projectStatus()).isEqualTo("active");
        assertThat(loaded.etag()).isEqualTo("\"e1\"");
        assertThat(loaded.serial()).isEqualTo(77L);
        assertThat(loaded.fetchedAtMillis()).isEqualTo(1234L);

        // Saving a streamed page again (reading the very file it replaces) keeps it whole.
        StoredPage again = store.save(BIG, loaded);
        assertThat(new ArrayList<>(again.page().files())).isEqualTo(files);
        assertThat(new ArrayList<>(store.load(BIG).orElseThrow().page().files()))
                .isEqualTo(files);
    }

    @Test
    void aSmallPageIsLoadedIntoMemory() throws Exception {
        PageStore store = new PageStore(DataDir.open(tmp.resolve("data")));
        List<FileEntry> files = files(20);
        store.save(BIG, stored(ProjectPage.of("big", files)));
        StoredPage loaded = store.load(BIG).orElseThrow();
        assertThat(loaded.page().isStreamed()).isFalse();
        assertThat(loaded.page().files()).isEqualTo(files);
    }

    @Test
    void aStreamedPageIsServedByteForByteAsTheSamePageInMemory() throws Exception {
        DataDir data = DataDir.open(tmp.resolve("data"));
        PageStore store = new PageStore(data);
        // Large enough that its rendered bodies go to files rather than memory.
        List<FileEntry> files = files(15_000);
        ProjectPage inMemory = new ProjectPage("Big", files, List.of(), 77L, null, null);
        store.save(BIG, stored(inMemory));
        ProjectPage streamed = store.load(BIG).orElseThrow().page();
        assertThat(streamed.isStreamed()).isTrue();

        FileSystemBlobStore blobs = new FileSystemBlobStore(data);
        // The reference: the plain renderer over the rewritten page in memory (it works out the API version itself).
        ProjectPage served = new PageViews(blobs).rewrite(BIG, inMemory);
        try (InputStream json = new PageViews(blobs, data.tmp())
                .view(BIG, streamed)
                .body(PageFormat.JSON_V1, false)
                .open()) {
            assertThat(json.readAllBytes()).isEqualTo(PageRenderer.projectJson(served));
        }
        for (PageFormat format : PageFormat.values()) {
            for (boolean gzip : new boolean[] {false, true}) {
                RenderedPage.Body expected =
                        new PageViews(blobs).view(BIG, inMemory).body(format, gzip);
                RenderedPage.Body actual =
                        new PageViews(blobs, data.tmp()).view(BIG, streamed).body(format, gzip);
                assertThat(actual.etag()).isEqualTo(expected.etag());
                assertThat(actual.length()).isEqualTo(expected.length());
                if (!gzip) {
                    assertThat(actual.file())
                            .as("a large body is a file, not memory")
                            .isNotNull();
                }
                try (InputStream a = actual.open();
                        InputStream e = expected.open()) {
                    assertThat(a.readAllBytes()).isEqualTo(e.readAllBytes());
                }
            }
        }
    }

    @Test
    void aReleasePolicyFiltersAStreamedPageWithoutLoadingItAndLikeTheSamePageInMemory() throws Exception {
        DataDir data = DataDir.open(tmp.resolve("data"));
        PageStore store = new PageStore(data);
        List<FileEntry> files = files(StreamedFiles.IN_MEMORY_LIMIT + 100);
        ProjectPage inMemory = new ProjectPage("big", files, List.of(), 77L, null, null);
        store.save(BIG, stored(inMemory));
        ProjectPage streamed = store.load(BIG).orElseThrow().page();
        FileSystemBlobStore blobs = new FileSystemBlobStore(data);
        // Version 1.3 is blocked: its ten files leave both the page and versions.
        ReleasePolicy blocked = new ReleasePolicy(
                Duration.ZERO,
                ReleasePolicy.UnknownAge.ALLOW,
                List.of(),
                Map.of(),
                List.of(BlockedRelease.parse("big==1.3", "broken")));
        Instant now = Instant.parse("2026-12-05T10:00:00Z");

        PolicyFilter.Filtered fromStream =
                PolicyFilter.filter(BIG, new PageViews(blobs).rewrite(BIG, streamed), blocked, now);
        PolicyFilter.Filtered fromMemory =
                PolicyFilter.filter(BIG, new PageViews(blobs).rewrite(BIG, inMemory), blocked, now);

        assertThat(fromStream.page().isStreamed())
                .as("still read from disk, file by file")
                .isTrue();
        assertThat(fromStream.withheld()).hasSize(10).containsKey("big-1.3-0-py3-none-any.whl");
        assertThat(new ArrayList<>(fromStream.page().files()))
                .isEqualTo(fromMemory.page().files());
        assertThat(fromStream.page().files()).hasSize(files.size() - 10);
        assertThat(fromStream.page().versions())
                .isEqualTo(fromMemory.page().versions())
                .doesNotContain("1.3");
    }
}
