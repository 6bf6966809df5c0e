package io.jenkins.plugins.pythonmirror.privateindex;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jenkins.plugins.pythonmirror.MirrorException;
import io.jenkins.plugins.pythonmirror.pep.ProjectName;
import io.jenkins.plugins.pythonmirror.store.DataDir;
import io.jenkins.plugins.pythonmirror.store.FileKey;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PrivateIndexTest {

    private static final ProjectName ACME = ProjectName.parse("acme-lib");

    @TempDir
    Path tmp;

    private DataDir dataDir;
    private PrivateIndex index;

    @BeforeEach
    void open() throws Exception {
        dataDir = DataDir.open(tmp.resolve("data"));
        index = PrivateIndex.open(dataDir);
    }

    private PrivateIndex.Added add(String filename, String content) throws Exception {
        byte[] bytes = content.getBytes(StandardCharsets.UTF_8);
        Path temp = dataDir.newTempFile("t");
        Files.write(temp, bytes);
        PrivateFile f = new PrivateFile(
                filename, "1.0", sha256(bytes), "b2", bytes.length, ">=3.8", null, false, null, "t", "ulla");
        return index.add(ACME, "Acme-Lib", f, temp, filename.endsWith(".whl") ? bytes : null);
    }

    private static String sha256(byte[] bytes) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    }

    @Test
    void storesFilesAndFindsThemByKey() throws Exception {
        assertThat(add("acme_lib-1.0-py3-none-any.whl", "wheel")).isEqualTo(PrivateIndex.Added.STORED);

        assertThat(index.contains(ACME)).isTrue();
        Path stored = tmp.resolve("data/private/acme-lib/acme_lib-1.0-py3-none-any.whl");
        assertThat(stored).hasContent("wheel");
        assertThat(tmp.resolve("data/private/acme-lib/index.json")).exists();
        FileKey key = new FileKey(sha256("wheel".getBytes(StandardCharsets.UTF_8)), "acme_lib-1.0-py3-none-any.whl");
        assertThat(index.find(key)).map(PrivateIndex.Located::path).contains(stored);
        assertThat(index.find(new FileKey("0".repeat(64), key.filename()))).isEmpty();
        assertThat(index.bytes()).isEqualTo(5);
    }

    @Test
    void duplicatesFollowPyPI() throws Exception {
        add("acme_lib-1.0.tar.gz", "one");
        assertThat(add("acme_lib-1.0.tar.gz", "one")).isEqualTo(PrivateIndex.Added.IDENTICAL);
        assertThatThrownBy(() -> add("acme_lib-1.0.tar.gz", "two"))
                .isInstanceOf(MirrorException.BadRequest.class)
                .hasMessageStartingWith("File already exists");
        assertThatThrownBy(() -> add("acme_lib-1.0.zip", "one"))
                .isInstanceOf(MirrorException.BadRequest.class)
                .hasMessageStartingWith("File already exists");
        assertThat(tmp.resolve("data/private/acme-lib/acme_lib-1.0.tar.gz")).hasContent("one");
        assertThat(index.project(ACME).orElseThrow().files()).hasSize(1);
    }

    @Test
    void yankUnyankAndDeleteSurviveReopening() throws Exception {
        add("acme_lib-1.0.tar.gz", "one");
        add("acme_lib-1.0-py3-none-any.whl", "two");
        index.setYanked(ACME, "acme_lib-1.0.tar.gz", true, "bad");
        index.delete(ACME, "acme_lib-1.0-py3-none-any.whl");

        PrivateIndex reopened = PrivateIndex.open(dataDir);
        ProjectIndex p = reopened.project(ACME).orElseThrow();
        assertThat(p.displayName()).isEqualTo("Acme-Lib");
        assertThat(p.files()).singleElement().satisfies(f -> {
            assertThat(f.yanked()).isTrue();
            assertThat(f.yankedReason()).isEqualTo("bad");
            assertThat(f.requiresPython()).isEqualTo(">=3.8");
        });
        assertThat(tmp.resolve("data/private/acme-lib/acme_lib-1.0-py3-none-any.whl"))
                .doesNotExist();
        assertThat(tmp.resolve("data/private/acme-lib/acme_lib-1.0-py3-none-any.whl.metadata"))
                .doesNotExist();

        reopened.setYanked(ACME, "acme_lib-1.0.tar.gz", false, null);
        assertThat(reopened.project(ACME).orElseThrow().files().get(0).yankedReason())
                .isNull();
        assertThatThrownBy(() -> reopened.setYanked(ACME, "nope-1.0.tar.gz", true, null))
                .isInstanceOf(MirrorException.NotFound.class);
    }

    @Test
    void filesNoIndexNamesAreRemovedAtOpen() throws Exception {
        add("acme_lib-1.0.tar.gz", "one");
        Path orphan = tmp.resolve("data/private/acme-lib/acme_lib-2.0.tar.gz");
        Files.writeString(orphan, "renamed into place, index never written");

        PrivateIndex reopened = PrivateIndex.open(dataDir);

        assertThat(orphan).doesNotExist();
        assertThat(reopened.project(ACME).orElseThrow().files()).hasSize(1);
    }

    @Test
    void aProjectFolderWithoutAnIndexIsRemovedAtOpen() throws Exception {
        // A crash during a project's first upload (file renamed in, index not yet written) ...
        Path first = tmp.resolve("data/private/first-upload");
        Files.createDirectories(first);
        Files.writeString(first.resolve("first_upload-1.0.tar.gz"), "renamed into place, index never written");
        Files.writeString(first.resolve("first_upload-1.0-py3-none-any.whl.metadata"), "Metadata-Version: 2.1");
        // ... or during deleteProject (index deleted first, files not yet).
        add("acme_lib-1.0.tar.gz", "one");
        Files.delete(tmp.resolve("data/private/acme-lib/index.json"));

        PrivateIndex reopened = PrivateIndex.open(dataDir);

        assertThat(first).doesNotExist();
        assertThat(tmp.resolve("data/private/acme-lib")).doesNotExist();
        assertThat(reopened.project(ACME)).isEmpty();
        assertThat(reopened.project(ProjectName.parse("first-upload"))).isEmpty();
    }

    @Test
    void aDamagedIndexStopsTheStartInsteadOfLosingFiles() throws Exception {
        add("acme_lib-1.0.tar.gz", "one");
        Files.writeString(tmp.resolve("data/private/acme-lib/index.json"), "{ not json");
        assertThatThrownBy(() -> PrivateIndex.open(dataDir)).hasMessageContaining("unreadable");
    }

    @Test
    void deletingTheProjectReleasesTheName() throws Exception {
        add("acme_lib-1.0.tar.gz", "one");
        index.deleteProject(ACME);
        assertThat(index.contains(ACME)).isFalse();
        assertThat(tmp.resolve("data/private/acme-lib")).doesNotExist();
        assertThat(PrivateIndex.open(dataDir).contains(ACME)).isFalse();
    }
}
