package io.jenkins.plugins.pythonmirror.upload;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jenkins.plugins.pythonmirror.pep.ProjectName;
import io.jenkins.plugins.pythonmirror.pep.Version;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.zip.GZIPOutputStream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ArchiveCheckTest {

    private static final ProjectName ACME = ProjectName.parse("acme-lib");
    private static final Version V1 = Version.parse("1.0");
    private static final String PKG_INFO = "Metadata-Version: 2.1\nName: acme-lib\nVersion: 1.0\n";

    @TempDir
    Path tmp;

    private Path write(String name, byte[] bytes) throws IOException {
        return Files.write(tmp.resolve(name), bytes);
    }

    private static byte[] zip(Map<String, String> entries) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(out)) {
            for (Map.Entry<String, String> e : entries.entrySet()) {
                zip.putNextEntry(new ZipEntry(e.getKey()));
                zip.write(e.getValue().getBytes(StandardCharsets.UTF_8));
                zip.closeEntry();
            }
        }
        return out.toByteArray();
    }

    /** A .tar.gz; a value starting with "->" makes a symbolic link to the rest. */
    private static byte[] tarGz(Map<String, String> entries) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (TarArchiveOutputStream tar = new TarArchiveOutputStream(new GZIPOutputStream(out))) {
            tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
            for (Map.Entry<String, String> e : entries.entrySet()) {
                if (e.getValue().startsWith("->")) {
                    TarArchiveEntry link = new TarArchiveEntry(e.getKey(), TarArchiveEntry.LF_SYMLINK);
                    link.setLinkName(e.getValue().substring(2));
                    tar.putArchiveEntry(link);
                    tar.closeArchiveEntry();
                    continue;
                }
                byte[] data = e.getValue().getBytes(StandardCharsets.UTF_8);
                TarArchiveEntry entry = new TarArchiveEntry(e.getKey());
                entry.setSize(data.length);
                tar.putArchiveEntry(entry);
                tar.write(data);
                tar.closeArchiveEntry();
            }
        }
        return out.toByteArray();
    }

    private static Map<String, String> wheel() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("acme_lib/__init__.py", "");
        m.put("acme_lib-1.0.dist-info/METADATA", PKG_INFO);
        m.put("acme_lib-1.0.dist-info/WHEEL", "Wheel-Version: 1.0\n");
        return m;
    }

    @Test
    void aSoundWheelGivesItsMetadata() throws Exception {
        Path file = write("w.whl", zip(wheel()));
        assertThat(new String(ArchiveCheck.wheel(file, "w.whl", ACME, V1), StandardCharsets.UTF_8))
                .isEqualTo(PKG_INFO);
    }

    @Test
    void aWheelWithTwoDistInfosIsRefused() throws Exception {
        Map<String, String> m = wheel();
        m.put("other-1.0.dist-info/METADATA", PKG_INFO);
        Path file = write("w.whl", zip(m));
        assertThatThrownBy(() -> ArchiveCheck.wheel(file, "w.whl", ACME, V1))
                .isInstanceOf(UploadRejected.class)
                .hasMessageContaining("exactly one .dist-info");
    }

    @Test
    void unsafeMemberNamesAreRefused() {
        for (String name : new String[] {"/etc/passwd", "a/../../x", "..", "a\\b", "C:evil", "a\u0001b"}) {
            assertThatThrownBy(() -> ArchiveCheck.checkMemberName("f", name))
                    .as(name)
                    .isInstanceOf(UploadRejected.class)
                    .hasMessageContaining("unsafe path");
        }
        ArchiveCheck.checkMemberName("f", "acme_lib/..hidden/ok.py");
    }

    @Test
    void sdistsInBothSpellingsGiveTheirPkgInfo() throws Exception {
        for (String stem : new String[] {"acme_lib-1.0", "acme-lib-1.0"}) {
            Map<String, String> m = new LinkedHashMap<>();
            m.put(stem + "/PKG-INFO", PKG_INFO);
            m.put(stem + "/" + "deep/".repeat(30) + "long-name.py", "x"); // a PAX long name
            Path file = write(stem + ".tar.gz", tarGz(m));
            assertThat(ArchiveCheck.sdist(file, stem + ".tar.gz", stem))
                    .asString()
                    .isEqualTo(PKG_INFO);
        }
    }

    @Test
    void sdistMembersMustStayInTheTopDirectory() throws Exception {
        Map<String, String> outside = new LinkedHashMap<>();
        outside.put("acme_lib-1.0/PKG-INFO", PKG_INFO);
        outside.put("elsewhere/evil.py", "x");
        Path a = write("a.tar.gz", tarGz(outside));
        assertThatThrownBy(() -> ArchiveCheck.sdist(a, "acme_lib-1.0.tar.gz", "acme_lib-1.0"))
                .hasMessageContaining("outside its top-level directory");

        Map<String, String> link = new LinkedHashMap<>();
        link.put("acme_lib-1.0/PKG-INFO", PKG_INFO);
        link.put("acme_lib-1.0/escape", "->../../../etc/passwd");
        Path b = write("b.tar.gz", tarGz(link));
        assertThatThrownBy(() -> ArchiveCheck.sdist(b, "acme_lib-1.0.tar.gz", "acme_lib-1.0"))
                .hasMessageContaining("link leaving the archive");
    }

    @Test
    void anSdistWithoutPkgInfoOrTruncatedIsRefused() throws Exception {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("acme_lib-1.0/setup.py", "x");
        Path none = write("n.tar.gz", tarGz(m));
        assertThatThrownBy(() -> ArchiveCheck.sdist(none, "acme_lib-1.0.tar.gz", "acme_lib-1.0"))
                .hasMessageContaining("has no acme_lib-1.0/PKG-INFO");

        m.put("acme_lib-1.0/PKG-INFO", PKG_INFO);
        byte[] whole = tarGz(m);
        Path cut = write("c.tar.gz", java.util.Arrays.copyOf(whole, whole.length - 10));
        assertThatThrownBy(() -> ArchiveCheck.sdist(cut, "acme_lib-1.0.tar.gz", "acme_lib-1.0"))
                .isInstanceOf(UploadRejected.class)
                .hasMessageContaining("not a sound .tar.gz");
    }
}
