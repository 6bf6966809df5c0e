package io.jenkins.plugins.pythonmirror.simple;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLDecoder;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Comment;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;

/** PEP 503 HTML project pages, read with a real HTML parser (jsoup); see {@link PageParser}. */
final class HtmlPageParser {

    private static final Pattern SERIAL = Pattern.compile("\\s*SERIAL\\s+(\\d{1,18})\\s*");
    private static final String LINKS_FOR = "Links for ";

    private HtmlPageParser() {}

    static ProjectPage parse(byte[] body, Charset charset, URI pageUrl) throws InvalidPageException {
        checkLooksLikeHtml(body);
        Document doc;
        try {
            doc = Jsoup.parse(
                    new ByteArrayInputStream(body),
                    charset == null ? null : charset.name(),
                    pageUrl == null ? "" : pageUrl.toString());
        } catch (IOException | RuntimeException e) {
            throw new InvalidPageException("not a readable HTML page: " + e.getMessage(), e);
        }
        String status = null;
        String statusReason = null;
        for (Element meta : doc.getElementsByTag("meta")) {
            String name = meta.attr("name").strip().toLowerCase(Locale.ROOT);
            switch (name) {
                case "pypi:repository-version" -> PageParser.checkRepositoryVersion(meta.attr("content"));
                case "pypi:project-status" -> status = meta.attr("content");
                case "pypi:project-status-reason" -> statusReason = meta.attr("content");
                default -> {}
            }
        }
        URI base = pageUrl;
        Element baseElement = doc.selectFirst("base[href]");
        if (baseElement != null) {
            try {
                base = new URI(PageParser.resolve(pageUrl, baseElement.attr("href")));
            } catch (URISyntaxException e) {
                throw new InvalidPageException("invalid <base href> '" + baseElement.attr("href") + "'");
            }
        }
        List<FileEntry> files = new ArrayList<>();
        for (Element a : doc.getElementsByTag("a")) {
            if (a.hasAttr("href")) {
                FileEntry f = file(a, base);
                if (f != null) {
                    files.add(f);
                }
            }
        }
        return new ProjectPage(name(doc), files, List.of(), serial(doc), status, statusReason);
    }

    /** The file an anchor links to, or null for a directory link. */
    private static FileEntry file(Element a, URI base) throws InvalidPageException {
        Map<String, String> hashes = new HashMap<>();
        String url = PageParser.resolveFileUrl(base, a.attr("href"), hashes);
        if (isDirectory(url)) {
            return null;
        }
        String filename = a.text().strip();
        if (filename.isEmpty()) {
            filename = lastSegment(url);
        }
        String where = "link '" + Hashes.shorten(filename) + "'";
        String requiresPython = a.hasAttr("data-requires-python") ? a.attr("data-requires-python") : null;
        // PEP 714: data-core-metadata wins; the legacy data-dist-info-metadata is the fallback.
        String metadataAttr = a.hasAttr("data-core-metadata")
                ? "data-core-metadata"
                : a.hasAttr("data-dist-info-metadata") ? "data-dist-info-metadata" : null;
        Map<String, String> coreMetadata =
                metadataAttr == null ? null : metadata(a.attr(metadataAttr).strip(), where + " " + metadataAttr);
        Boolean gpgSig = null;
        if (a.hasAttr("data-gpg-sig")) {
            String g = a.attr("data-gpg-sig").strip();
            gpgSig = "true".equalsIgnoreCase(g) ? Boolean.TRUE : "false".equalsIgnoreCase(g) ? Boolean.FALSE : null;
        }
        try {
            return new FileEntry(
                    filename,
                    url,
                    hashes,
                    requiresPython == null || requiresPython.isBlank() ? null : requiresPython.strip(),
                    a.hasAttr("data-yanked"), // PEP 592: present without value still means yanked
                    a.hasAttr("data-yanked") ? a.attr("data-yanked") : null,
                    coreMetadata,
                    null,
                    null,
                    gpgSig);
        } catch (IllegalArgumentException e) {
            throw new InvalidPageException(e.getMessage());
        }
    }

    /**
     * A link to a directory ({@code ../}, Apache's {@code ?C=N;O=D} sort links) is navigation added by static web
     * servers serving a simple tree, never a distribution file, so it is skipped rather than refused.
     */
    private static boolean isDirectory(String url) {
        int end = url.indexOf('?');
        String path = end < 0 ? url : url.substring(0, end);
        return path.isEmpty() || path.endsWith("/");
    }

    /** PEP 658: {@code true}, or {@code <hashname>=<hexdigest>}; {@code false} is read as absent. */
    private static Map<String, String> metadata(String value, String where) throws InvalidPageException {
        if (value.equalsIgnoreCase("true") || value.isEmpty()) {
            return Map.of();
        }
        if (value.equalsIgnoreCase("false")) {
            return null;
        }
        int eq = value.indexOf('=');
        if (eq <= 0) {
            throw new InvalidPageException(
                    where + ": expected 'true' or 'hash=hex' but got '" + Hashes.shorten(value) + "'");
        }
        return Map.of(value.substring(0, eq).strip(), value.substring(eq + 1).strip());
    }

    private static String name(Document doc) {
        for (String tag : new String[] {"title", "h1"}) {
            Element e = doc.selectFirst(tag);
            if (e != null) {
                String text = e.text().strip();
                if (text.startsWith(LINKS_FOR) && text.length() > LINKS_FOR.length()) {
                    return text.substring(LINKS_FOR.length()).strip();
                }
            }
        }
        return null;
    }

    /** PyPI ends project pages with {@code <!--SERIAL n-->}. */
    private static Long serial(Document doc) {
        Long[] found = {null};
        doc.traverse((node, depth) -> {
            if (found[0] == null && node instanceof Comment c) {
                Matcher m = SERIAL.matcher(c.getData());
                if (m.matches()) {
                    found[0] = Long.parseLong(m.group(1));
                }
            }
        });
        return found[0];
    }

    private static String lastSegment(String url) {
        String path = url;
        try {
            String p = new URI(url).getRawPath();
            if (p != null) {
                path = p;
            }
        } catch (URISyntaxException e) {
            // keep the whole string; FileEntry will judge the name
        }
        String segment = path.substring(path.lastIndexOf('/') + 1);
        try {
            return URLDecoder.decode(segment.replace("+", "%2B"), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return segment;
        }
    }

    /** jsoup reads anything as HTML, so refuse what plainly is not: binary data, or text without any tag. */
    private static void checkLooksLikeHtml(byte[] body) throws InvalidPageException {
        for (byte b : body) {
            if (b == '{') {
                // Mislabelled JSON may contain '<' (requires-python) and would read as an empty project.
                throw new InvalidPageException("not an HTML page: the body is JSON");
            }
            if (b != ' ' && b != '\t' && b != '\n' && b != '\r' && b != '\f') {
                break;
            }
        }
        int limit = Math.min(body.length, 8192);
        for (int i = 0; i < limit; i++) {
            int b = body[i] & 0xff;
            if (b < 0x20 && b != '\t' && b != '\n' && b != '\r' && b != '\f') {
                throw new InvalidPageException(
                        "not an HTML page: binary content (byte 0x" + Integer.toHexString(b) + " at offset " + i + ")");
            }
        }
        for (byte b : body) {
            if (b == '<') {
                return;
            }
        }
        throw new InvalidPageException("not an HTML page: no markup");
    }
}
