package io.jenkins.plugins.pythonmirror.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RetainedFilesTest {

    @TempDir
    Path tmp;

    static final FileKey SIX = new FileKey("a".repeat(64), "six-1.16.0-py2.py3-none-any.whl");
    static final FileKey FLASK = new FileKey("b".repeat(64), "flask-3.1.3-py3-none-any.whl");

    @Test
    void keepsFilesPerOwnerAcrossARestart() throws Exception {
        DataDir dir = DataDir.open(tmp);
        RetainedFiles retained = RetainedFiles.load(dir);
        retained.replace("team/app", List.of(SIX, FLASK));
        retained.replace("team/lib", List.of(SIX));

        RetainedFiles again = RetainedFiles.load(DataDir.open(tmp));
        assertThat(again.all()).containsExactlyInAnyOrder(SIX, FLASK);
        assertThat(again.owners()).containsExactlyInAnyOrder("team/app", "team/lib");

        again.replace("team/app", List.of());
        assertThat(again.contains(FLASK)).isFalse();
        assertThat(again.contains(SIX)).isTrue();
        again.keepOnly(Set.of("other"));
        assertThat(again.all()).isEmpty();
        assertThat(RetainedFiles.load(DataDir.open(tmp)).all()).isEmpty();
    }

    @Test
    void anUnreadableFileMeansNothingIsRetained() throws Exception {
        DataDir dir = DataDir.open(tmp);
        Files.writeString(dir.state().resolve("retained.json"), "{not json");
        assertThat(RetainedFiles.load(dir).all()).isEmpty();
    }
}
