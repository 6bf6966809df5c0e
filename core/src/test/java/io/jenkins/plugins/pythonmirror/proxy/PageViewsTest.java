package io.jenkins.plugins.pythonmirror.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import io.jenkins.plugins.pythonmirror.pep.ProjectName;
import io.jenkins.plugins.pythonmirror.proxy.RenderedPage.Body;
import io.jenkins.plugins.pythonmirror.simple.FileEntry;
import io.jenkins.plugins.pythonmirror.simple.PageFormat;
import io.jenkins.plugins.pythonmirror.simple.ProjectPage;
import io.jenkins.plugins.pythonmirror.store.DataDir;
import io.jenkins.plugins.pythonmirror.store.FileKey;
import io.jenkins.plugins.pythonmirror.store.FileSystemBlobStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The served form of an upstream page: PEP 691 name, PEP 700 sizes from stored files, versions, stable bytes. */
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
}
