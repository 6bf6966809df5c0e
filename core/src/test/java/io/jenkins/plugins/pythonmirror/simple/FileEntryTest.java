package io.jenkins.plugins.pythonmirror.simple;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class FileEntryTest {

    private static final String SHA = "AbCdEf".repeat(10) + "0123";

    @Test
    void hashesAreLowerCaseSortedAndUnmodifiable() {
        Map<String, String> hashes = new HashMap<>(Map.of("SHA256", SHA, "md5", "FF"));
        FileEntry f = FileEntry.of("p-1.0.tar.gz", "https://x/p-1.0.tar.gz", hashes);
        hashes.clear();

        assertThat(f.hashes()).containsExactly(Map.entry("md5", "ff"), Map.entry("sha256", SHA.toLowerCase()));
        assertThat(f.sha256()).isEqualTo(SHA.toLowerCase());
        assertThatThrownBy(() -> f.hashes().put("x", "00")).isInstanceOf(UnsupportedOperationException.class);
        assertThat(FileEntry.of("p-1.0.tar.gz", "u", null).hashes()).isEmpty();
    }

    @Test
    void yankReasonExistsExactlyWhenYanked() {
        FileEntry f = FileEntry.of("p-1.0.tar.gz", "u", Map.of());

        assertThat(f.withYanked(true, null).yankedReason()).isEmpty();
        assertThat(f.withYanked(true, "bad").yankedReason()).isEqualTo("bad");
        assertThat(f.withYanked(false, "ignored").yankedReason()).isNull();
        assertThat(f.withYanked(true, "bad").withYanked(false, null)).isEqualTo(f);
    }

    @Test
    void coreMetadataDistinguishesAbsentFromOfferedWithoutHash() {
        FileEntry.Builder b = FileEntry.builder("p-1.0-py3-none-any.whl", "u");

        assertThat(b.build().hasCoreMetadata()).isFalse();
        assertThat(b.coreMetadata(Map.of()).build().coreMetadata()).isEmpty();
        assertThat(b.coreMetadata(Map.of("SHA256", SHA)).build().coreMetadata())
                .containsExactly(Map.entry("sha256", SHA.toLowerCase()));
    }

    @Test
    void withersAndBuilderKeepOtherFields() {
        FileEntry f = FileEntry.builder("p-1.0.tar.gz", "https://up/p-1.0.tar.gz")
                .hashes(Map.of("sha256", SHA))
                .requiresPython(">=3.8")
                .size(10L)
                .uploadTime("2024-01-01T00:00:00Z")
                .gpgSig(true)
                .build();

        FileEntry moved = f.withUrl("https://mirror/p-1.0.tar.gz");
        assertThat(moved.url()).isEqualTo("https://mirror/p-1.0.tar.gz");
        assertThat(moved.withUrl(f.url())).isEqualTo(f);
        assertThat(f.toBuilder().build()).isEqualTo(f);
        assertThat(f.toBuilder().requiresPython("  ").build().requiresPython()).isNull();
    }

    @Test
    void refusesUnsafeOrBrokenValues() {
        assertThatThrownBy(() -> FileEntry.of("../p.tar.gz", "u", Map.of()))
                .hasMessage("unsafe filename '../p.tar.gz'");
        assertThatThrownBy(() -> FileEntry.of("a\\b", "u", Map.of())).hasMessageContaining("unsafe filename");
        assertThatThrownBy(() -> FileEntry.of("a\nb", "u", Map.of())).hasMessageContaining("control character");
        assertThatThrownBy(() -> FileEntry.of("", "u", Map.of())).hasMessage("file has no filename");
        assertThatThrownBy(() -> FileEntry.of("p.whl", "", Map.of())).hasMessage("file 'p.whl' has no url");
        assertThatThrownBy(() -> FileEntry.of("p.whl", "u", Map.of("sha256", "g0")))
                .hasMessage("p.whl sha256: hash value is not hex: 'g0'");
        assertThatThrownBy(() -> FileEntry.of("p.whl", "u", Map.of("sha 256", "00")))
                .hasMessage("p.whl: invalid hash algorithm name 'sha 256'");
        assertThatThrownBy(() -> FileEntry.builder("p.whl", "u").size(-1L).build())
                .hasMessage("file 'p.whl' has negative size -1");
    }
}
