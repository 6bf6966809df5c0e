package io.jenkins.plugins.pythonmirror.upload;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jenkins.plugins.pythonmirror.http.MirrorRequest;
import io.jenkins.plugins.pythonmirror.store.DataDir;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Enumeration;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
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
        return request(contentType, () -> new ByteArrayInputStream(body), body.length);
    }

    private interface Body {
        InputStream open();
    }

    private static MirrorRequest request(String contentType, Body body, long length) {
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
                    case "Content-Length" -> length < 0 ? null : Long.toString(length);
                    default -> null;
                };
            }

            @Override
            public InputStream body() {
                return body.open();
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

    /**
     * A body of {@code count} text fields of {@code fieldBytes} each, then a small file, generated as it is read; the
     * returned counter tells how many bytes the parser pulled.
     */
    private static InputStream streamedFields(int count, int fieldBytes, AtomicLong read) {
        Iterator<InputStream> parts = new Iterator<>() {
            int next = 0;

            @Override
            public boolean hasNext() {
                return next <= count;
            }

            @Override
            public InputStream next() {
                byte[] part;
                if (next < count) {
                    ByteArrayOutputStream out = new ByteArrayOutputStream();
                    out.writeBytes(
                            ("--" + BOUNDARY + "\r\nContent-Disposition: form-data; name=\"classifiers\"\r\n\r\n")
                                    .getBytes(StandardCharsets.UTF_8));
                    byte[] value = new byte[fieldBytes];
                    Arrays.fill(value, (byte) 'x');
                    out.writeBytes(value);
                    out.writeBytes("\r\n".getBytes(StandardCharsets.UTF_8));
                    part = out.toByteArray();
                } else {
                    part = body(Map.of(), "acme_lib-1.0.tar.gz", new byte[10]);
                }
                next++;
                return new ByteArrayInputStream(part);
            }
        };
        InputStream all = new SequenceInputStream(new Enumeration<InputStream>() {
            @Override
            public boolean hasMoreElements() {
                return parts.hasNext();
            }

            @Override
            public InputStream nextElement() {
                return parts.next();
            }
        });
        return new FilterInputStream(all) {
            @Override
            public int read() throws IOException {
                int b = super.read();
                if (b >= 0) {
                    read.incrementAndGet();
                }
                return b;
            }

            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                int n = super.read(b, off, len);
                if (n > 0) {
                    read.addAndGet(n);
                }
                return n;
            }
        };
    }

    @Test
    void textFieldsOverTheTotalCapAreRefusedWhileStreamingAndLeaveNothing() throws Exception {
        // 40 fields of 1 MiB: each under the per-field limit, 40 MiB together; the file limit is tiny.
        AtomicLong read = new AtomicLong();
        List<Map<String, List<String>>> sawFile = new ArrayList<>();
        assertThatThrownBy(() -> UploadForm.parse(
                        request(
                                "multipart/form-data; boundary=" + BOUNDARY,
                                () -> streamedFields(40, 1024 * 1024, read),
                                -1),
                        dataDir,
                        1024,
                        sawFile::add))
                .isInstanceOf(UploadRejected.class)
                .hasMessageStartingWith("Form fields larger than " + UploadForm.MAX_FIELDS_TOTAL_BYTES + " bytes")
                .hasMessageNotContaining("\n");
        assertThat(sawFile).as("refused before the file part").isEmpty();
        assertThat(read.get())
                .as("the parser stopped soon after the cap instead of reading the whole body")
                .isLessThan(UploadForm.MAX_FIELDS_TOTAL_BYTES + 2L * 1024 * 1024);
        assertThat(tempFiles()).isZero();
    }

    @Test
    void oneFieldOverTheFieldLimitIsRefused() throws Exception {
        AtomicLong read = new AtomicLong();
        assertThatThrownBy(() -> UploadForm.parse(
                        request(
                                "multipart/form-data; boundary=" + BOUNDARY,
                                () -> streamedFields(1, UploadForm.MAX_FIELD_BYTES + 1, read),
                                -1),
                        dataDir,
                        1024,
                        f -> {}))
                .isInstanceOf(UploadRejected.class)
                .hasMessageContaining("is longer than " + UploadForm.MAX_FIELD_BYTES + " bytes");
        assertThat(tempFiles()).isZero();
    }

    @Test
    void fieldsUpToTheTotalCapAreAccepted() throws Exception {
        AtomicLong read = new AtomicLong();
        int each = UploadForm.MAX_FIELDS_TOTAL_BYTES / 4;
        try (UploadForm form = UploadForm.parse(
                request("multipart/form-data; boundary=" + BOUNDARY, () -> streamedFields(4, each, read), -1),
                dataDir,
                1024,
                f -> {})) {
            assertThat(form.fields().get("classifiers")).hasSize(4);
            assertThat(form.size()).isEqualTo(10);
        }
    }
}
