package io.jenkins.plugins.pythonmirror.proxy;

import io.jenkins.plugins.pythonmirror.simple.PageFormat;
import io.jenkins.plugins.pythonmirror.simple.PageRenderer;
import io.jenkins.plugins.pythonmirror.simple.ProjectPage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.lang.ref.Cleaner;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.EnumMap;
import java.util.HexFormat;
import java.util.Map;
import java.util.zip.GZIPOutputStream;

/**
 * A page as the mirror serves it, rendered once per format (plain and gzip) and then answered as stored bytes: page
 * requests are the hottest path of a busy mirror. A body up to {@link #IN_MEMORY_BODY} bytes is kept in memory; a
 * larger one (a project with hundreds of thousands of files) is rendered as a stream into a file under the spill
 * directory and served from there like a stored file, so neither rendering nor serving holds it in memory. Such a
 * file is deleted once no request holds its {@link Body} any more.
 */
public final class RenderedPage {

    /** Rendered bodies up to this size stay in memory; larger ones go to a file. */
    static final int IN_MEMORY_BODY = 4 * 1024 * 1024;

    private static final Cleaner CLEANER = Cleaner.create();

    /**
     * One ready response body: its bytes in memory, or a file of {@code length} bytes.
     *
     * @param bytes the body, or null when it is in {@code file}
     * @param file the file holding the body, or null when it is in {@code bytes}
     */
    public record Body(byte[] bytes, Path file, long length, String etag) {
        /** The body's bytes as a stream. */
        public InputStream open() throws IOException {
            return bytes != null ? new ByteArrayInputStream(bytes) : Files.newInputStream(file);
        }
    }

    private final ProjectPage page;
    private final Path spillDir;
    private final String apiVersion;
    private final Map<PageFormat, Body> plain = new EnumMap<>(PageFormat.class);
    private final Map<PageFormat, Body> gzipped = new EnumMap<>(PageFormat.class);

    /** A page whose bodies are all kept in memory. */
    public RenderedPage(ProjectPage page) {
        this(page, null);
    }

    /** @param spillDir where bodies larger than {@link #IN_MEMORY_BODY} go, or null to keep them in memory */
    public RenderedPage(ProjectPage page, Path spillDir) {
        this(page, spillDir, null);
    }

    /** @param apiVersion the JSON form's API version when already known (saves a pass), or null */
    RenderedPage(ProjectPage page, Path spillDir, String apiVersion) {
        this.page = page;
        this.spillDir = spillDir;
        this.apiVersion = apiVersion;
    }

    public ProjectPage page() {
        return page;
    }

    public synchronized Body body(PageFormat format, boolean gzip) {
        Map<PageFormat, Body> map = gzip ? gzipped : plain;
        Body body = map.get(format);
        if (body == null) {
            try {
                body = gzip ? gzip(body(format, false)) : render(format);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot render the page: " + e.getMessage(), e);
            }
            map.put(format, body);
        }
        return body;
    }

    private Body render(PageFormat format) throws IOException {
        MessageDigest sha256 = sha256();
        try (Spill out = new Spill(spillDir, format.isJson() ? "json" : "html")) {
            OutputStream digesting = new DigestOutputStream(out, sha256);
            if (format == PageFormat.JSON_V1) {
                PageRenderer.writeProjectJson(page, apiVersion, digesting);
            } else {
                PageRenderer.writeProjectHtml(page, digesting);
            }
            digesting.flush();
            return out.body(etagOfDigest(sha256.digest(), format));
        }
    }

    private Body gzip(Body plainBody) throws IOException {
        try (Spill out = new Spill(spillDir, "gz")) {
            try (GZIPOutputStream gz = new GZIPOutputStream(new NonClosing(out), 64 * 1024);
                    InputStream in = plainBody.open()) {
                in.transferTo(gz);
            }
            String etag = plainBody.etag();
            return out.body(etag.substring(0, etag.length() - 1) + "-gz\"");
        }
    }

    private static String etagOfDigest(byte[] digest, PageFormat format) {
        return "\"" + HexFormat.of().formatHex(digest, 0, 12) + "-" + format.ordinal() + "\"";
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Collects a body in memory up to {@link #IN_MEMORY_BODY} bytes, then moves it to a file and goes on there. */
    private static final class Spill extends OutputStream {
        private final Path dir;
        private final String suffix;
        private ByteArrayOutputStream memory = new ByteArrayOutputStream(64 * 1024);
        private Path file;
        private OutputStream fileOut;
        private long length;
        private boolean handedOver;

        Spill(Path dir, String suffix) {
            this.dir = dir;
            this.suffix = suffix;
        }

        @Override
        public void write(int b) throws IOException {
            write(new byte[] {(byte) b}, 0, 1);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            if (memory != null && dir != null && memory.size() + (long) len > IN_MEMORY_BODY) {
                file = Files.createTempFile(dir, "view-", "." + suffix + ".part");
                fileOut = new java.io.BufferedOutputStream(Files.newOutputStream(file), 64 * 1024);
                memory.writeTo(fileOut);
                memory = null;
            }
            if (memory != null) {
                memory.write(b, off, len);
            } else {
                fileOut.write(b, off, len);
            }
            length += len;
        }

        @Override
        public void flush() throws IOException {
            if (fileOut != null) {
                fileOut.flush();
            }
        }

        Body body(String etag) throws IOException {
            if (memory != null) {
                return new Body(memory.toByteArray(), null, length, etag);
            }
            fileOut.close();
            Body body = new Body(null, file, length, etag);
            Path spilled = file;
            // The file lives as long as the body: requests still sending it hold the body.
            CLEANER.register(body, () -> {
                try {
                    Files.deleteIfExists(spilled);
                } catch (IOException ignored) {
                    // tmp/ is swept at start
                }
            });
            handedOver = true;
            return body;
        }

        @Override
        public void close() throws IOException {
            if (fileOut != null && !handedOver) {
                fileOut.close();
                Files.deleteIfExists(file);
            }
        }
    }

    /** Lets a GZIPOutputStream finish without closing the spill under it. */
    private static final class NonClosing extends java.io.FilterOutputStream {
        NonClosing(OutputStream out) {
            super(out);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            out.write(b, off, len);
        }

        @Override
        public void close() throws IOException {
            flush();
        }
    }
}
