package io.jenkins.plugins.pythonmirror.testkit;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Writes simple-API pages (PEP 503 HTML or PEP 691 JSON, API version 1.1) from the fake's state. */
final class PageRenderer {

    static final String JSON_TYPE = "application/vnd.pypi.simple.v1+json";
    static final String HTML_TYPE = "text/html; charset=utf-8";
    private static final String API_VERSION = "1.1";
    private static final ObjectMapper JSON = new ObjectMapper();

    /** A rendered page. */
    record Page(byte[] body, String contentType, String etag, long lastModifiedMillis, long serial) {}

    private final FakePyPI.PageFormat format;
    private final boolean relativeUrls;

    PageRenderer(FakePyPI.PageFormat format, boolean relativeUrls) {
        this.format = format;
        this.relativeUrls = relativeUrls;
    }

    String contentType() {
        return format == FakePyPI.PageFormat.JSON ? JSON_TYPE : HTML_TYPE;
    }

    Page root(List<ProjectState> projects, long serial, long lastModified) {
        byte[] body = format == FakePyPI.PageFormat.JSON ? rootJson(projects, serial) : rootHtml(projects);
        return page(body, lastModified, serial);
    }

    Page project(ProjectState project, String baseUrl) {
        List<FileHandle> files = List.copyOf(project.files.values());
        byte[] body = format == FakePyPI.PageFormat.JSON
                ? projectJson(project, files, baseUrl)
                : projectHtml(project, files, baseUrl);
        return page(body, project.lastModifiedMillis, project.serial);
    }

    private Page page(byte[] body, long lastModified, long serial) {
        // The ETag depends on the content only, as a CDN's would.
        String etag = "\"" + Hashes.sha256Hex(body).substring(0, 24) + "\"";
        return new Page(body, contentType(), etag, lastModified, serial);
    }

    private static byte[] rootHtml(List<ProjectState> projects) {
        StringBuilder html = new StringBuilder(head("Simple index"));
        for (ProjectState p : projects) {
            html.append("    <a href=\"/simple/")
                    .append(p.normalized)
                    .append("/\">")
                    .append(escape(p.name))
                    .append("</a>\n");
        }
        html.append("  </body>\n</html>\n");
        return html.toString().getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] rootJson(List<ProjectState> projects, long serial) {
        List<Map<String, Object>> list = new ArrayList<>();
        for (ProjectState p : projects) {
            list.add(Map.of("name", p.name, "_last-serial", p.serial));
        }
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("meta", Map.of("api-version", API_VERSION, "_last-serial", serial));
        doc.put("projects", list);
        return json(doc);
    }

    private byte[] projectHtml(ProjectState project, List<FileHandle> files, String baseUrl) {
        StringBuilder html = new StringBuilder(head("Links for " + escape(project.name)));
        html.append("    <h1>Links for ").append(escape(project.name)).append("</h1>\n");
        for (FileHandle f : files) {
            html.append("    <a href=\"")
                    .append(escape(url(f, baseUrl)))
                    .append("#sha256=")
                    .append(f.pageSha256())
                    .append('"');
            if (f.requiresPythonValue() != null) {
                // PEP 503: < and > must be HTML-escaped in data-requires-python.
                html.append(" data-requires-python=\"")
                        .append(escape(f.requiresPythonValue()))
                        .append('"');
            }
            if (f.yankedValue() != null) {
                html.append(
                        f.yankedValue().isEmpty()
                                ? " data-yanked"
                                : " data-yanked=\"" + escape(f.yankedValue()) + "\"");
            }
            if (f.metadataValue() != null) {
                String hash = "sha256=" + Hashes.sha256Hex(f.metadataValue());
                // PEP 714: the new attribute, plus the legacy one with the same value.
                html.append(" data-core-metadata=\"").append(hash).append('"');
                html.append(" data-dist-info-metadata=\"").append(hash).append('"');
            }
            html.append('>').append(escape(f.filename())).append("</a><br />\n");
        }
        html.append("  </body>\n</html>\n<!--SERIAL ").append(project.serial).append("-->\n");
        return html.toString().getBytes(StandardCharsets.UTF_8);
    }

    private byte[] projectJson(ProjectState project, List<FileHandle> files, String baseUrl) {
        Set<String> versions = new LinkedHashSet<>();
        List<Map<String, Object>> fileList = new ArrayList<>();
        for (FileHandle f : files) {
            String version = versionOf(f.filename());
            if (version != null) {
                versions.add(version);
            }
            Map<String, Object> entry = new LinkedHashMap<>();
            entry.put("filename", f.filename());
            entry.put("url", url(f, baseUrl));
            entry.put("hashes", Map.of("sha256", f.pageSha256()));
            entry.put("size", f.size());
            if (f.requiresPythonValue() != null) {
                entry.put("requires-python", f.requiresPythonValue());
            }
            if (f.yankedValue() != null) {
                entry.put("yanked", f.yankedValue().isEmpty() ? Boolean.TRUE : f.yankedValue());
            }
            if (f.metadataValue() != null) {
                Map<String, String> hash = Map.of("sha256", Hashes.sha256Hex(f.metadataValue()));
                entry.put("core-metadata", hash);
                // As PyPI does: the misnamed legacy key (warehouse#13705). The correct PEP 691 key
                // "dist-info-metadata" as a dict crashes pip 23.0.x (pip#12042; Debian 12's pip), so it is not sent.
                entry.put("data-dist-info-metadata", hash);
            }
            entry.put("upload-time", f.uploadTimeValue());
            fileList.add(entry);
        }
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("meta", Map.of("api-version", API_VERSION, "_last-serial", project.serial));
        doc.put("name", project.normalized);
        doc.put("versions", List.copyOf(versions));
        doc.put("files", fileList);
        return json(doc);
    }

    private String url(FileHandle f, String baseUrl) {
        return relativeUrls ? "../.." + f.path() : baseUrl + f.path().substring(1);
    }

    /** The version part of a wheel or sdist filename, or null if the name has neither form. */
    static String versionOf(String filename) {
        if (filename.endsWith(".whl")) {
            String[] parts = filename.split("-");
            return parts.length >= 5 ? parts[1] : null;
        }
        for (String ext : new String[] {".tar.gz", ".zip", ".tar.bz2"}) {
            if (filename.endsWith(ext)) {
                String stem = filename.substring(0, filename.length() - ext.length());
                int dash = stem.lastIndexOf('-');
                return dash > 0 ? stem.substring(dash + 1) : null;
            }
        }
        return null;
    }

    private static String head(String title) {
        return "<!DOCTYPE html>\n<html>\n  <head>\n"
                + "    <meta name=\"pypi:repository-version\" content=\"" + API_VERSION + "\">\n"
                + "    <title>" + title + "</title>\n  </head>\n  <body>\n";
    }

    static String escape(String s) {
        return s.replace("&", "&amp;")
                .replace("<", "&lt;")
                .replace(">", "&gt;")
                .replace("\"", "&quot;")
                .replace("'", "&#x27;");
    }

    private static byte[] json(Object doc) {
        try {
            return JSON.writeValueAsBytes(doc);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
