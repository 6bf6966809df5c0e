package io.jenkins.plugins.pythonmirror.simple;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import io.jenkins.plugins.pythonmirror.pep.ProjectName;
import java.io.BufferedWriter;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

/**
 * Writes simple-repository pages: PEP 503 HTML and PEP 691 JSON, API version 1.1 where the page can honour PEP 700
 * (JSON project pages whose files all have a size and a listed version; else they say 1.0, see {@link Pep700}).
 *
 * <p>File URLs are written exactly as {@link FileEntry#url()} gives them. Output is deterministic: fixed key order,
 * hashes sorted by algorithm. HTML carries the PEP 658 metadata under both {@code data-core-metadata} and the legacy
 * {@code data-dist-info-metadata} (PEP 714 allows both in HTML). JSON carries only {@code core-metadata}: PEP 714
 * says servers should not emit the old JSON key, because pip 22.3–23.1 crash on it.
 */
public final class PageRenderer {

    /** The API version we speak: PEP 700 (versions, size, upload-time). */
    public static final String API_VERSION = "1.1";

    private static final JsonFactory JSON = JsonPageParser.MAPPER.getFactory();

    private PageRenderer() {}

    /** The PEP 503 HTML project page. */
    public static byte[] projectHtml(ProjectPage page) {
        ByteArrayOutputStream buffer =
                new ByteArrayOutputStream(256 + 320 * page.files().size());
        try {
            writeProjectHtml(page, buffer);
        } catch (IOException e) {
            throw new UncheckedIOException("writing to memory cannot fail", e);
        }
        return buffer.toByteArray();
    }

    /** Writes the PEP 503 HTML project page to {@code out}, file by file (a streamed page is never in memory). */
    public static void writeProjectHtml(ProjectPage page, OutputStream out) throws IOException {
        Writer w = new BufferedWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8), 64 * 1024);
        StringBuilder sb = new StringBuilder(1024);
        String title = page.name() == null ? "Links" : "Links for " + displayName(page.name());
        sb.append("<!DOCTYPE html>\n<html>\n  <head>\n    <meta charset=\"utf-8\">\n");
        sb.append("    <meta name=\"pypi:repository-version\" content=\"")
                .append(API_VERSION)
                .append("\">\n");
        if (page.projectStatus() != null) {
            meta(sb, "pypi:project-status", page.projectStatus());
            if (page.projectStatusReason() != null) {
                meta(sb, "pypi:project-status-reason", page.projectStatusReason());
            }
        }
        sb.append("    <title>");
        escape(sb, title);
        sb.append("</title>\n  </head>\n  <body>\n    <h1>");
        escape(sb, title);
        sb.append("</h1>\n");
        w.append(sb);
        for (FileEntry f : page.files()) {
            sb.setLength(0);
            anchor(sb, f);
            w.append(sb);
        }
        sb.setLength(0);
        sb.append("  </body>\n</html>\n");
        if (page.lastSerial() != null) {
            sb.append("<!--SERIAL ").append(page.lastSerial()).append("-->\n");
        }
        w.append(sb);
        w.flush();
    }

    private static void anchor(StringBuilder out, FileEntry f) {
        out.append("    <a href=\"");
        escape(out, f.url());
        String algorithm = Hashes.preferred(f.hashes());
        if (algorithm != null) {
            out.append('#').append(algorithm).append('=').append(f.hashes().get(algorithm));
        }
        out.append('"');
        if (f.requiresPython() != null) {
            attribute(out, "data-requires-python", f.requiresPython());
        }
        if (f.yanked()) {
            if (f.yankedReason().isEmpty()) {
                out.append(" data-yanked"); // PEP 592: yanked without a reason
            } else {
                attribute(out, "data-yanked", f.yankedReason());
            }
        }
        if (f.coreMetadata() != null) {
            String value = metadataValue(f.coreMetadata());
            attribute(out, "data-core-metadata", value);
            attribute(out, "data-dist-info-metadata", value);
        }
        if (f.gpgSig() != null) {
            attribute(out, "data-gpg-sig", f.gpgSig().toString());
        }
        out.append('>');
        escape(out, f.filename());
        out.append("</a><br>\n");
    }

    /** The PEP 691 JSON project page; {@link PageParser#parseJson} reads it back to an equal page. */
    public static byte[] projectJson(ProjectPage page) {
        ByteArrayOutputStream buffer =
                new ByteArrayOutputStream(256 + 400 * page.files().size());
        try {
            writeProjectJson(page, buffer);
        } catch (IOException e) {
            throw new UncheckedIOException("writing to memory cannot fail", e);
        }
        return buffer.toByteArray();
    }

    /** Writes the PEP 691 JSON project page to {@code out}, file by file (a streamed page is never in memory). */
    public static void writeProjectJson(ProjectPage page, OutputStream out) throws IOException {
        writeProjectJson(page, null, out);
    }

    /**
     * As {@link #writeProjectJson(ProjectPage, OutputStream)}, with the page's API version already known (from
     * {@link Pep700#facts}), which saves a pass over a page streamed from disk; null works it out.
     */
    public static void writeProjectJson(ProjectPage page, String apiVersion, OutputStream out) throws IOException {
        try (JsonGenerator g = JSON.createGenerator(out, JsonEncoding.UTF8)) {
            g.disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET);
            writeProjectJson(page, apiVersion, g);
        }
    }

    private static void writeProjectJson(ProjectPage page, String apiVersion, JsonGenerator g) throws IOException {
        g.writeStartObject();
        g.writeObjectFieldStart("meta");
        // PEP 700: 1.1 only when every file has a size and a listed version; never claim what the page lacks
        g.writeStringField("api-version", apiVersion != null ? apiVersion : Pep700.apiVersion(page));
        if (page.lastSerial() != null) {
            g.writeNumberField("_last-serial", page.lastSerial());
        }
        g.writeEndObject();
        if (page.name() != null) {
            g.writeStringField("name", displayName(page.name())); // PEP 691: the normalized name
        }
        if (page.projectStatus() != null) {
            g.writeObjectFieldStart("project-status");
            g.writeStringField("status", page.projectStatus());
            if (page.projectStatusReason() != null) {
                g.writeStringField("reason", page.projectStatusReason());
            }
            g.writeEndObject();
        }
        g.writeArrayFieldStart("versions");
        for (String v : page.versions()) {
            g.writeString(v);
        }
        g.writeEndArray();
        g.writeArrayFieldStart("files");
        for (FileEntry f : page.files()) {
            writeFile(g, f);
        }
        g.writeEndArray();
        g.writeEndObject();
    }

    /** The PEP 503 HTML root page: one link per project, to {@code <normalized name>/} relative to it. */
    public static byte[] indexHtml(List<String> projectNames) {
        StringBuilder out = new StringBuilder(256 + 64 * projectNames.size());
        out.append("<!DOCTYPE html>\n<html>\n  <head>\n    <meta charset=\"utf-8\">\n");
        out.append("    <meta name=\"pypi:repository-version\" content=\"")
                .append(API_VERSION)
                .append("\">\n");
        out.append("    <title>Simple index</title>\n  </head>\n  <body>\n");
        for (String name : projectNames) {
            out.append("    <a href=\"");
            escape(out, hrefFor(name));
            out.append("\">");
            escape(out, name);
            out.append("</a><br>\n");
        }
        out.append("  </body>\n</html>\n");
        return out.toString().getBytes(StandardCharsets.UTF_8);
    }

    /** The PEP 691 JSON root page; names are written as given. */
    public static byte[] indexJson(List<String> projectNames) {
        ByteArrayOutputStream buffer = new ByteArrayOutputStream(64 + 32 * projectNames.size());
        try (JsonGenerator g = JSON.createGenerator(buffer, JsonEncoding.UTF8)) {
            g.writeStartObject();
            g.writeObjectFieldStart("meta");
            g.writeStringField("api-version", API_VERSION);
            g.writeEndObject();
            g.writeArrayFieldStart("projects");
            for (String name : projectNames) {
                g.writeStartObject();
                g.writeStringField("name", name);
                g.writeEndObject();
            }
            g.writeEndArray();
            g.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException("writing to memory cannot fail", e);
        }
        return buffer.toByteArray();
    }

    /** Writes one file entry of a PEP 691 page as the next value of {@code g}. */
    public static void writeFile(JsonGenerator g, FileEntry f) throws IOException {
        g.writeStartObject();
        g.writeStringField("filename", f.filename());
        g.writeStringField("url", f.url());
        hashes(g, "hashes", f.hashes()); // PEP 691: always present, even if empty
        if (f.requiresPython() != null) {
            g.writeStringField("requires-python", f.requiresPython());
        }
        if (f.size() != null) {
            g.writeNumberField("size", f.size());
        }
        String uploadTime = Pep700.uploadTime(f.uploadTime()); // PEP 700's one UTC format, or nothing
        if (uploadTime != null) {
            g.writeStringField("upload-time", uploadTime);
        }
        if (!f.yanked()) {
            g.writeBooleanField("yanked", false);
        } else if (f.yankedReason().isEmpty()) {
            g.writeBooleanField("yanked", true);
        } else {
            g.writeStringField("yanked", f.yankedReason());
        }
        if (f.coreMetadata() != null) {
            if (f.coreMetadata().isEmpty()) {
                g.writeBooleanField("core-metadata", true);
            } else {
                hashes(g, "core-metadata", f.coreMetadata());
            }
        }
        if (f.gpgSig() != null) {
            g.writeBooleanField("gpg-sig", f.gpgSig());
        }
        g.writeEndObject();
    }

    /** A project's normalized name (PEP 503, as PyPI titles its pages); other page names as given. */
    private static String displayName(String name) {
        return ProjectName.isValid(name) ? ProjectName.normalize(name) : name;
    }

    private static void hashes(JsonGenerator g, String field, Map<String, String> hashes) throws IOException {
        g.writeObjectFieldStart(field);
        for (Map.Entry<String, String> e : hashes.entrySet()) {
            g.writeStringField(e.getKey(), e.getValue());
        }
        g.writeEndObject();
    }

    private static String metadataValue(Map<String, String> coreMetadata) {
        String algorithm = Hashes.preferred(coreMetadata);
        return algorithm == null ? "true" : algorithm + "=" + coreMetadata.get(algorithm);
    }

    private static void meta(StringBuilder out, String name, String content) {
        out.append("    <meta name=\"").append(name).append('"');
        attribute(out, "content", content);
        out.append(">\n");
    }

    private static void attribute(StringBuilder out, String name, String value) {
        out.append(' ').append(name).append("=\"");
        escape(out, value);
        out.append('"');
    }

    /** Escapes for both text and quoted attribute values. */
    static void escape(StringBuilder out, String s) {
        int first = 0;
        while (first < s.length() && !needsEscape(s.charAt(first))) {
            first++;
        }
        out.append(s, 0, first); // the common case: nothing to escape, one bulk copy
        for (int i = first; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '&' -> out.append("&amp;");
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&#39;");
                default -> out.append(c);
            }
        }
    }

    private static boolean needsEscape(char c) {
        return c == '&' || c == '<' || c == '>' || c == '"' || c == '\'';
    }

    /** PEP 503 root links point at the normalized name; anything outside the name alphabet is percent-encoded. */
    private static String hrefFor(String name) {
        String normalized = ProjectName.normalize(name);
        StringBuilder href = new StringBuilder(normalized.length() + 1);
        for (byte b : normalized.getBytes(StandardCharsets.UTF_8)) {
            char c = (char) (b & 0xff);
            if (c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '-' || c == '.' || c == '_') {
                href.append(c);
            } else {
                href.append('%').append(Character.toUpperCase(Character.forDigit((b >> 4) & 0xf, 16)));
                href.append(Character.toUpperCase(Character.forDigit(b & 0xf, 16)));
            }
        }
        return href.append('/').toString();
    }
}
