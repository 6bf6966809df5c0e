package io.jenkins.plugins.pythonmirror.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DistsTest {

    private static Map<String, byte[]> unzip(byte[] zip) throws IOException {
        Map<String, byte[]> entries = new LinkedHashMap<>();
        try (ZipInputStream in = new ZipInputStream(new ByteArrayInputStream(zip))) {
            for (ZipEntry e = in.getNextEntry(); e != null; e = in.getNextEntry()) {
                entries.put(e.getName(), in.readAllBytes());
            }
        }
        return entries;
    }

    private static String utf8(byte[] b) {
        return new String(b, StandardCharsets.UTF_8);
    }

    @Test
    void wheelHasMetadataWheelAndAHashedRecord() throws IOException {
        BuiltDist wheel = Dists.wheel("My.Package", "1.2")
                .requires("dep-b>=1.0")
                .requiresPython(">=3.8")
                .extra("fast", "speedup")
                .payloadBytes(1000)
                .build();

        assertThat(wheel.filename()).isEqualTo("my_package-1.2-py3-none-any.whl");
        Map<String, byte[]> entries = unzip(wheel.bytes());
        assertThat(entries)
                .containsKeys(
                        "my_package/__init__.py",
                        "my_package/payload.bin",
                        "my_package-1.2.dist-info/METADATA",
                        "my_package-1.2.dist-info/WHEEL",
                        "my_package-1.2.dist-info/RECORD");
        assertThat(entries.get("my_package-1.2.dist-info/METADATA")).isEqualTo(wheel.metadata());
        assertThat(utf8(wheel.metadata()))
                .contains("Metadata-Version: 2.1\nName: My.Package\nVersion: 1.2\n")
                .contains("Requires-Python: >=3.8\n")
                .contains("Requires-Dist: dep-b>=1.0\n")
                .contains("Provides-Extra: fast\nRequires-Dist: speedup; extra == \"fast\"\n");
        assertThat(utf8(entries.get("my_package-1.2.dist-info/WHEEL")))
                .contains("Wheel-Version: 1.0", "Root-Is-Purelib: true", "Tag: py3-none-any");
        String record = utf8(entries.get("my_package-1.2.dist-info/RECORD"));
        for (Map.Entry<String, byte[]> e : entries.entrySet()) {
            String expected = e.getKey().endsWith("RECORD")
                    ? e.getKey() + ",,"
                    : e.getKey() + "," + Hashes.sha256Record(e.getValue()) + "," + e.getValue().length;
            assertThat(record).contains(expected + "\n");
        }
        assertThat(entries.get("my_package/payload.bin")).hasSize(1000);
    }

    @Test
    void buildsAreDeterministic() {
        assertThat(Dists.wheel("a", "1").payloadBytes(5000).build().sha256())
                .isEqualTo(Dists.wheel("a", "1").payloadBytes(5000).build().sha256());
        assertThat(Dists.sdist("a", "1").build().sha256())
                .isEqualTo(Dists.sdist("a", "1").build().sha256());
    }

    @Test
    void sdistIsATarGzThatTarAndPythonRead(@TempDir Path tmp) throws IOException {
        BuiltDist sdist = Dists.sdist("My.Package", "1.2").requires("dep-b").build();
        assertThat(sdist.filename()).isEqualTo("my_package-1.2.tar.gz");
        Path file = sdist.writeTo(tmp);

        ProcessResult tar = new PythonTools(tmp)
                .run(tmp, Map.of(), Duration.ofSeconds(30), "tar", "-tzf", file.toString())
                .assertSuccess();
        assertThat(tar.output())
                .contains(
                        "my_package-1.2/PKG-INFO",
                        "my_package-1.2/pyproject.toml",
                        "my_package-1.2/setup.cfg",
                        "my_package-1.2/setup.py",
                        "my_package-1.2/my_package/__init__.py");

        String script = "import tarfile,sys\n"
                + "t = tarfile.open(sys.argv[1])\n"
                + "print(t.extractfile('my_package-1.2/PKG-INFO').read().decode())\n";
        Files.writeString(tmp.resolve("read.py"), script);
        ProcessResult python = new PythonTools(tmp)
                .run(tmp, Map.of(), Duration.ofSeconds(30), PythonTools.DEBIAN_PYTHON, "read.py", file.toString())
                .assertSuccess();
        assertThat(python.output()).contains(utf8(sdist.metadata()));
    }
}
