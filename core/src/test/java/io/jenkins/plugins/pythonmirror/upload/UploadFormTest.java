package io.jenkins.plugins.pythonmirror.upload;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jenkins.plugins.pythonmirror.http.MirrorRequest;
import io.jenkins.plugins.pythonmirror.store.DataDir;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class UploadFormTest {

    private static final String BOUNDARY = "xYzZY";

    @TempDir
    Path tmp;

    private DataDir dataDir;

    @BeforeEach
    void open() throws Exception {
        dataDir = DataDir.open(tmp.resolve("data"));
    }

    private static byte[] body(Map<String, String> fields, String filename, byte[] content) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        fields.forEach((k, v) -> out.writeBytes(
                ("--" + BOUNDARY + "\r\nContent-Disposition: form-data; name=\"" + k + "\"\r\n\r\n" + v + "\r\n")
                        .getBytes(StandardCharsets.UTF_8)));
        out.writeBytes(("--" + BOUNDARY + "\r\nContent-Disposition: form-data; name=\"content\"; filename=\"" + filename
                        + "\"\r\nContent-Type: application/octet-stream\r\n\r\n")
                .getBytes(StandardCharsets.UTF_8));
        out.writeBytes(content);
        out.writeBytes(("\r\n--" + BOUNDARY + "--\r\n").getBytes(StandardCharsets.UTF_8));
        return out.toByteArray();
    }

    private static MirrorRequest request(String contentType, byte[] body) {
        return new MirrorRequest() {
            @Override
            public String method() {
                return "POST";
            }

            @Override
            public String path() {
                return "upload/";
            }

            @Override
            public String query() {
                return null;
            }

            @Override
            public String header(String name) {
                return switch (name) {
                    case "Content-Type" -> contentType;
                    case "Content-Length" -> Integer.toString(body.length);
                    default -> null;
                };
            }

            @Override
            public InputStream body() {
                return new ByteArrayInputStream(body);
            }

            @Override
            public String remoteAddress() {
                return "127.0.0.1";
            }
        };
    }

    private long tempFiles() throws Exception {
        try (Stream<Path> s = Files.list(dataDir.tmp())) {
            return s.count();
        }
    }

    @Test
    void fieldsBeforeTheFileAreSeenAndTheFileStreamsToTmpWithItsDigests() throws Exception {
        byte[] content = "hello".getBytes(StandardCharsets.UTF_8);
        byte[] body = body(Map.of("name", "acme-lib", ":action", "file_upload"), "acme_lib-1.0.tar.gz", content);
        List<String> seen = new ArrayList<>();
        Path file;
        try (UploadForm form = UploadForm.parse(
                request("multipart/form-data; boundary=" + BOUNDARY, body),
                dataDir,
                1024,
                fields -> seen.addAll(fields.keySet()))) {
            assertThat(seen).containsExactlyInAnyOrder("name", ":action");
            assertThat(form.field("name")).isEqualTo("acme-lib");
            assertThat(form.filename()).isEqualTo("acme_lib-1.0.tar.gz");
            assertThat(form.size()).isEqualTo(5);
            file = form.file();
            assertThat(file).hasBinaryContent(content).startsWith(dataDir.tmp());
            assertThat(form.digests().sha256())
                    .isEqualTo("2cf24dba5fb0a30e26e83b2ac5b9e29e1b161e5c1fa7425e73043362938b9824");
            assertThat(form.digests().md5Hex()).isEqualTo("5d41402abc4b2a76b9719d911017c592");
        }
        assertThat(file).as("closing deletes the temp file").doesNotExist();
    }

    @Test
    void aFileOverTheLimitIsRefusedAndLeavesNothing() throws Exception {
        byte[] body = body(Map.of("name", "acme-lib"), "acme_lib-1.0.tar.gz", new byte[2048]);
        assertThatThrownBy(() -> UploadForm.parse(
                        request("multipart/form-data; boundary=" + BOUNDARY, body), dataDir, 1024, f -> {}))
                .isInstanceOf(UploadRejected.class)
                .hasMessageContaining("File too large");
        assertThat(tempFiles()).isZero();
    }

    @Test
    void aRefusalBeforeTheFileLeavesNothing() throws Exception {
        byte[] body = body(Map.of("name", "acme-lib"), "acme_lib-1.0.tar.gz", new byte[10]);
        assertThatThrownBy(() -> UploadForm.parse(
                        request("multipart/form-data; boundary=" + BOUNDARY, body), dataDir, 1024, f -> {
                            throw new UploadRejected("no");
                        }))
                .hasMessage("no");
        assertThat(tempFiles()).isZero();
    }

    @Test
    void aBodyThatIsNotMultipartIsRefused() {
        assertThatThrownBy(() -> UploadForm.parse(
                        request("application/json", "{}".getBytes(StandardCharsets.UTF_8)), dataDir, 1024, f -> {}))
                .isInstanceOf(UploadRejected.class)
                .hasMessageContaining("multipart/form-data");
    }

    @Test
    void aBodyCutShortIsRefused() throws Exception {
        byte[] whole = body(Map.of("name", "acme-lib"), "acme_lib-1.0.tar.gz", new byte[100]);
        byte[] cut = java.util.Arrays.copyOf(whole, whole.length - 60);
        assertThatThrownBy(() -> UploadForm.parse(
                        request("multipart/form-data; boundary=" + BOUNDARY, cut), dataDir, 1024, f -> {}))
                .isInstanceOf(UploadRejected.class)
                .hasMessageContaining("Malformed multipart");
        assertThat(tempFiles()).isZero();
    }
}
