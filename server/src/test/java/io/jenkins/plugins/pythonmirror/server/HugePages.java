package io.jenkins.plugins.pythonmirror.server;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Locale;
import java.util.concurrent.Executors;

/**
 * A generated upstream for huge project pages (JDK only, so the benchmark can run it without Maven's classpath):
 * pages of any number of files are written as they are sent, never held in memory, so the JVM that measures the
 * mirror's memory is not measuring the test's. Routes, each under {@code /json/simple/} and {@code /html/simple/}:
 * {@code huge/} ({@code files} files, 60 per version, about 170 bytes each in JSON, 165 in HTML with
 * {@code data-core-metadata}), {@code mid/} (2,000 versions
 * of 5 files), {@code blob/} (one file of {@code blobBytes}, served at {@code /blob/}). Nothing is stored on disk
 * but the blob.
 */
final class HugePages implements AutoCloseable {

    static final int FILES_PER_VERSION = 60;

    private final HttpServer server;
    private final int files;
    private volatile Path blob;
    private volatile String blobSha256;
    private final String blobName = "blob-1.0.tar.gz";

    /**
     * @param files how many files {@code huge/} lists (330,000 make a JSON page of about 56 MB, HTML of 54 MB)
     * @param blob a file served as the single file of {@code blob/}, or null for none
     */
    HugePages(int files, Path blob) throws IOException {
        this.files = files;
        if (blob != null) {
            setBlob(blob);
        }
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 64);
        server.setExecutor(Executors.newFixedThreadPool(4, r -> {
            Thread t = new Thread(r, "huge-pages");
            t.setDaemon(true);
            return t;
        }));
        server.createContext("/", this::handle);
        server.start();
    }

    /** Serves {@code file} as the one file of {@code blob/}. */
    void setBlob(Path file) throws IOException {
        this.blobSha256 = sha256(file);
        this.blob = file;
    }

    URI jsonIndex() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/json/simple/");
    }

    URI htmlIndex() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/html/simple/");
    }

    String blobName() {
        return blobName;
    }

    String blobSha256() {
        return blobSha256;
    }

    /** The {@code i}-th file of {@code huge/}: a wheel with a build tag, so every name is unique. */
    static String filename(String project, int i, int perVersion) {
        return project + "-1.0.dev" + (i / perVersion) + "-" + (i % perVersion) + "-py3-none-any.whl";
    }

    /** A made-up sha256 for the {@code i}-th file (never downloaded). */
    static String sha(int i) {
        return String.format(Locale.ROOT, "%016x", i * 0x9E3779B97F4A7C15L).repeat(4);
    }

    private void handle(HttpExchange x) throws IOException {
        String path = x.getRequestURI().getPath();
        try (x) {
            if (path.equals("/blob/" + blobName) && blob != null) {
                x.getResponseHeaders().set("Content-Type", "application/octet-stream");
                x.sendResponseHeaders(200, Files.size(blob));
                try (OutputStream out = x.getResponseBody()) {
                    Files.copy(blob, out);
                }
                return;
            }
            boolean json = path.startsWith("/json/simple/");
            boolean html = path.startsWith("/html/simple/");
            String project = json || html ? path.substring("/json/simple/".length()) : "";
            int count;
            int perVersion;
            switch (project) {
                case "huge/" -> {
                    count = files;
                    perVersion = FILES_PER_VERSION;
                }
                case "mid/" -> {
                    count = 2_000 * 5;
                    perVersion = 5;
                }
                case "blob/" -> {
                    count = blob == null ? 0 : 1;
                    perVersion = 1;
                }
                default -> {
                    x.sendResponseHeaders(404, -1);
                    return;
                }
            }
            String name = project.substring(0, project.length() - 1);
            x.getResponseHeaders()
                    .set("Content-Type", json ? "application/vnd.pypi.simple.v1+json" : "text/html; charset=utf-8");
            x.sendResponseHeaders(200, 0); // chunked: written as it is made
            try (OutputStream out = new BufferedOutputStream(x.getResponseBody(), 64 * 1024)) {
                if (json) {
                    writeJson(out, name, count, perVersion);
                } else {
                    writeHtml(out, name, count, perVersion);
                }
            }
        }
    }

    private String fileName(String project, int i, int perVersion) {
        return project.equals("blob") ? blobName : filename(project, i, perVersion);
    }

    private String fileSha(String project, int i) {
        return project.equals("blob") ? blobSha256 : sha(i);
    }

    private String url(String project, int i, int perVersion) {
        // blob: to the blob route; others short, relative to the page (never fetched; the mirror links its own)
        return project.equals("blob") ? "../../../blob/" + blobName : "f/" + i;
    }

    private void writeJson(OutputStream out, String project, int count, int perVersion) throws IOException {
        write(out, "{\"meta\":{\"api-version\":\"1.1\"},\"name\":\"" + project + "\",\"files\":[");
        StringBuilder sb = new StringBuilder(256);
        for (int i = 0; i < count; i++) {
            sb.setLength(0);
            if (i > 0) {
                sb.append(',');
            }
            String file = fileName(project, i, perVersion);
            sb.append("{\"filename\":\"").append(file).append("\",\"url\":\"").append(url(project, i, perVersion));
            sb.append("\",\"hashes\":{\"sha256\":\"")
                    .append(fileSha(project, i))
                    .append("\"},\"size\":");
            sb.append(project.equals("blob") ? blobSize() : 100_000 + i).append('}');
            write(out, sb);
        }
        write(out, "]}");
    }

    private void writeHtml(OutputStream out, String project, int count, int perVersion) throws IOException {
        write(
                out,
                "<!DOCTYPE html>\n<html><head><meta name=\"pypi:repository-version\" content=\"1.0\">"
                        + "<title>Links for " + project + "</title></head><body><h1>Links for " + project + "</h1>\n");
        StringBuilder sb = new StringBuilder(256);
        for (int i = 0; i < count; i++) {
            sb.setLength(0);
            String file = fileName(project, i, perVersion);
            sb.append("<a href=\"").append(url(project, i, perVersion)).append("#sha256=");
            sb.append(fileSha(project, i))
                    .append("\" data-core-metadata=\"true\">")
                    .append(file);
            sb.append("</a><br/>\n");
            write(out, sb);
        }
        write(out, "</body></html>\n<!--SERIAL 42-->\n");
    }

    private long blobSize() {
        try {
            return Files.size(blob);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void write(OutputStream out, CharSequence s) throws IOException {
        out.write(s.toString().getBytes(StandardCharsets.UTF_8));
    }

    private static String sha256(Path file) throws IOException {
        try {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            try (var in = Files.newInputStream(file)) {
                byte[] buffer = new byte[64 * 1024];
                int n;
                while ((n = in.read(buffer)) != -1) {
                    md.update(buffer, 0, n);
                }
            }
            return HexFormat.of().formatHex(md.digest());
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
