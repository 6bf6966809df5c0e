package io.jenkins.plugins.pythonmirror.sync;

import static org.assertj.core.api.Assertions.assertThat;

import io.jenkins.plugins.pythonmirror.MirrorException;
import io.jenkins.plugins.pythonmirror.pep.CoreMetadata;
import io.jenkins.plugins.pythonmirror.pep.ProjectName;
import io.jenkins.plugins.pythonmirror.simple.FileEntry;
import io.jenkins.plugins.pythonmirror.simple.ProjectPage;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/** The closure over an in-memory index: markers per environment and extra, unknown dependencies, errors. */
class ClosureWalkerTest {

    /** An index of pages and METADATA texts; counts page reads. */
    static final class MemoryIndex implements SyncIndex {
        final Map<String, List<FileEntry>> pages = new HashMap<>();
        final Map<String, String> metadata = new HashMap<>();
        final List<String> pageReads = new ArrayList<>();
        final Set<String> selected = new TreeSet<>();
        final List<String> metadataReads = new ArrayList<>();
        final Set<String> privateNames = new TreeSet<>();

        MemoryIndex add(String filename, String... requiresDist) {
            String project = filename.substring(0, filename.indexOf('-'));
            pages.computeIfAbsent(project, k -> new ArrayList<>()).add(SelectorTest.file(filename));
            StringBuilder m = new StringBuilder("Metadata-Version: 2.1\nName: " + project + "\n");
            for (String r : requiresDist) {
                m.append("Requires-Dist: ").append(r).append('\n');
            }
            metadata.put(filename, m.toString());
            return this;
        }

        @Override
        public boolean upstreamAllowed(ProjectName project) {
            return !privateNames.contains(project.toString());
        }

        @Override
        public PageAnswer page(ProjectName project) {
            pageReads.add(project.toString());
            List<FileEntry> files = pages.get(project.toString());
            if (files == null) {
                throw new MirrorException.NotFound("No upstream has a project named '" + project + "'");
            }
            return new PageAnswer(ProjectPage.of(project.toString(), files), false, null);
        }

        @Override
        public ProjectPage pageAgain(ProjectName project) {
            return ProjectPage.of(project.toString(), pages.get(project.toString()));
        }

        @Override
        public void selected(ProjectName project, FileEntry file) {
            selected.add(file.filename());
        }

        @Override
        public CoreMetadata metadata(ProjectName project, FileEntry file) {
            metadataReads.add(file.filename());
            return CoreMetadata.parse(metadata.get(file.filename()));
        }
    }

    private static final String TWO_ENVS =
            """
            environments:
              - python: "3.11"
                platforms: [manylinux_2_17_x86_64]
              - python: "3.12"
                platforms: [win_amd64]
            sdists: false
            """;

    @Test
    void followsMarkersPerEnvironmentAndExtrasUntilNothingNewAppears() {
        MemoryIndex index = new MemoryIndex()
                .add("a-1.0-py3-none-any.whl", "b", "e; python_version < \"3.12\"", "d; extra == \"extra\"")
                .add("b-1.0-py3-none-any.whl", "c; sys_platform == \"linux\"", "a") // a cycle back to a
                .add("c-1.0-py3-none-any.whl")
                .add("d-1.0-py3-none-any.whl")
                .add("e-1.0-py3-none-any.whl");
        ClosureWalker.Result r =
                ClosureWalker.walk(SyncSpec.parse("requirements: [a]\n" + TWO_ENVS), index, SyncProgress.NONE);
        assertThat(index.selected)
                .containsExactly(
                        "a-1.0-py3-none-any.whl",
                        "b-1.0-py3-none-any.whl",
                        "c-1.0-py3-none-any.whl",
                        "e-1.0-py3-none-any.whl");
        assertThat(index.pageReads).as("each page once").containsExactly("a", "b", "e", "c");
        assertThat(index.metadataReads)
                .as("each release's metadata once, for both environments")
                .hasSize(4)
                .doesNotHaveDuplicates();
        assertThat(r.errors()).isEmpty();

        MemoryIndex withExtra = new MemoryIndex();
        withExtra.pages.putAll(index.pages);
        withExtra.metadata.putAll(index.metadata);
        ClosureWalker.walk(SyncSpec.parse("requirements: [\"a[extra]\"]\n" + TWO_ENVS), withExtra, SyncProgress.NONE);
        assertThat(withExtra.selected).contains("d-1.0-py3-none-any.whl");
    }

    @Test
    void aMissingProjectIsAnErrorAndTheRestStillSyncs() {
        MemoryIndex index =
                new MemoryIndex().add("a-1.0-py3-none-any.whl", "ghost>=1", "b").add("b-1.0-py3-none-any.whl");
        ClosureWalker.Result r =
                ClosureWalker.walk(SyncSpec.parse("requirements: [a]\n" + TWO_ENVS), index, SyncProgress.NONE);
        assertThat(r.errors()).extracting(SyncReport.Problem::project).containsExactly("ghost");
        assertThat(index.selected).contains("b-1.0-py3-none-any.whl");
    }

    @Test
    void anSdistWithoutReliableMetadataIsReportedAsDependenciesUnknown() {
        MemoryIndex index = new MemoryIndex().add("s-1.0.tar.gz", "never-followed");
        ClosureWalker.Result r =
                ClosureWalker.walk(SyncSpec.parse("requirements: [s]\n" + TWO_ENVS), index, SyncProgress.NONE);
        assertThat(index.selected).containsExactly("s-1.0.tar.gz");
        assertThat(r.skipped()).extracting(SyncReport.Skip::reason).anyMatch(s -> s.startsWith("dependencies unknown"));
        assertThat(index.pageReads).containsExactly("s");

        // PEP 643: metadata 2.2 without Dynamic: Requires-Dist is reliable, so it is followed.
        index.metadata.put("s-1.0.tar.gz", "Metadata-Version: 2.2\nName: s\nRequires-Dist: t\n");
        index.add("t-1.0-py3-none-any.whl");
        index.pageReads.clear();
        ClosureWalker.walk(SyncSpec.parse("requirements: [s]\n" + TWO_ENVS), index, SyncProgress.NONE);
        assertThat(index.pageReads).containsExactly("s", "t");
    }

    @Test
    void eachPageIsAskedForOnceEvenWhenTheWalkComesBackAfterManyOthers() {
        MemoryIndex index = new MemoryIndex();
        String[] deps = new String[70];
        for (int i = 0; i < 70; i++) {
            deps[i] = "p" + i;
            index.add("p" + i + "-1.0-py3-none-any.whl", i == 69 ? new String[] {"p0>=0.5"} : new String[0]);
        }
        index.add("root-1.0-py3-none-any.whl", deps);
        ClosureWalker.Result r =
                ClosureWalker.walk(SyncSpec.parse("requirements: [root]\n" + TWO_ENVS), index, SyncProgress.NONE);
        assertThat(r.projects()).isEqualTo(71);
        assertThat(index.pageReads).hasSize(71).doesNotHaveDuplicates();
        assertThat(r.errors()).isEmpty();
    }

    @Test
    void aNameTheUpstreamMayNotBeAskedAboutIsSkippedWithItsReasonAndNeverRead() {
        MemoryIndex index = new MemoryIndex()
                .add("a-1.0-py3-none-any.whl", "secret>=1", "b")
                .add("b-1.0-py3-none-any.whl")
                .add("secret-9.0-py3-none-any.whl", "evil")
                .add("evil-1.0-py3-none-any.whl");
        index.privateNames.add("secret");
        ClosureWalker.Result r =
                ClosureWalker.walk(SyncSpec.parse("requirements: [a, secret]\n" + TWO_ENVS), index, SyncProgress.NONE);
        assertThat(index.pageReads).containsExactly("a", "b");
        assertThat(index.selected).containsExactly("a-1.0-py3-none-any.whl", "b-1.0-py3-none-any.whl");
        assertThat(index.metadataReads).doesNotContain("secret-9.0-py3-none-any.whl");
        assertThat(r.errors()).isEmpty();
        assertThat(r.skipped())
                .filteredOn(s -> s.project().equals("secret"))
                .extracting(SyncReport.Skip::reason)
                .containsExactlyInAnyOrder(SyncIndex.PRIVATE_SKIP, SyncIndex.PRIVATE_SKIP + " (required by a 1.0)");
    }
}
