package io.jenkins.plugins.pythonmirror.simple;

import java.io.BufferedInputStream;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLDecoder;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jsoup.nodes.Comment;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.jsoup.nodes.Node;
import org.jsoup.nodes.TextNode;
import org.jsoup.parser.Parser;
import org.jsoup.parser.StreamParser;

/**
 * PEP 503 HTML project pages, read with a real HTML parser (jsoup) in streaming mode, so a page of any size is read
 * in bounded memory; see {@link PageParser}.
 *
 * <p>jsoup's {@link StreamParser} hands over each element as it is closed, with the same HTML5 tree building (entity
 * decoding, implied tags, broken markup) as a whole-document parse. An anchor is turned into its file and then
 * removed from the tree, with the text and {@code <br>}s before it, so the tree never holds more than the current
 * element; comments stay (PyPI's {@code <!--SERIAL n-->} is read at the end). A {@code <base href>} applies to the
 * anchors after it (it belongs in the head, before any).
 */
final class HtmlPageParser {

    private static final Pattern SERIAL = Pattern.compile("\\s*SERIAL\\s+(\\d{1,18})\\s*");
    private static final String LINKS_FOR = "Links for ";

    private HtmlPageParser() {}

    static ProjectPage parse(byte[] body, Charset charset, URI pageUrl) throws InvalidPageException {
        // jsoup streams with charset detection from a file only: a small page in memory takes the same way.
        Path temp = null;
        try {
            temp = Files.createTempFile("python-mirror-page-", ".html");
            Files.write(temp, body);
            try (PageReader reader = reader(temp, charset, pageUrl)) {
                List<FileEntry> files = new ArrayList<>();
                for (FileEntry f = reader.next(); f != null; f = reader.next()) {
                    files.add(f);
                }
                return reader.head().withFiles(files);
            }
        } catch (InvalidPageException e) {
            throw e;
        } catch (IOException | RuntimeException e) {
            throw new InvalidPageException("not a readable HTML page: " + e.getMessage(), e);
        } finally {
            if (temp != null) {
                try {
                    Files.deleteIfExists(temp);
                } catch (IOException ignored) {
                    // the system's temp cleanup takes it
                }
            }
        }
    }

    /** A reader of the HTML page in {@code body}. */
    static PageReader reader(Path body, Charset charset, URI pageUrl) throws IOException {
        checkLooksLikeHtml(body);
        StreamParser parser = new StreamParser(Parser.htmlParser());
        InputStream in = null;
        try {
            in = new BufferedInputStream(Files.newInputStream(body), 64 * 1024);
            Charset cs = charset != null ? charset : detectCharset(in);
            parser.parse(
                    new BufferedReader(new InputStreamReader(in, cs), 64 * 1024),
                    pageUrl == null ? "" : pageUrl.toString());
        } catch (IOException | RuntimeException e) {
            if (in != null) {
                in.close();
            }
            throw new InvalidPageException("not a readable HTML page: " + e.getMessage(), e);
        }
        return new Reader(parser, pageUrl);
    }

    /** Pulls the anchors of a page as files; meta tags, base, title and h1 are noted as they pass. */
    private static final class Reader implements PageReader {
        private final StreamParser parser;
        private final Iterator<Element> elements;
        private URI base;
        private String title;
        private String h1;
        private String status;
        private String statusReason;
        private Long serial;
        private boolean done;

        Reader(StreamParser parser, URI pageUrl) {
            this.parser = parser;
            this.elements = parser.iterator();
            this.base = pageUrl;
        }

        private boolean baseSeen;

        @Override
        public FileEntry next() throws IOException {
            if (done) {
                return null;
            }
            try {
                while (elements.hasNext()) {
                    Element e = elements.next();
                    switch (e.normalName()) {
                        case "meta" -> meta(e);
                        case "base" -> {
                            if (!baseSeen && e.hasAttr("href")) {
                                baseSeen = true;
                                try {
                                    base = new URI(PageParser.resolve(base, e.attr("href")));
                                } catch (URISyntaxException x) {
                                    throw new InvalidPageException("invalid <base href> '" + e.attr("href") + "'");
                                }
                            }
                        }
                        case "title" -> title = title == null ? e.text() : title;
                        case "h1" -> h1 = h1 == null ? e.text() : h1;
                        default -> {}
                    }
                    if (e.normalName().equals("a") && e.hasAttr("href")) {
                        FileEntry f = file(e, base);
                        prune(e);
                        if (f != null) {
                            return f;
                        }
                    } else if (!e.normalName().equals("html")
                            && !e.normalName().equals("head")
                            && !e.normalName().equals("body")) {
                        prune(e);
                    }
                }
            } catch (UncheckedIOException e) {
                throw new InvalidPageException("not a readable HTML page: " + e.getMessage(), e);
            }
            done = true;
            serial = serial(parser.document());
            parser.close();
            return null;
        }

        private void meta(Element meta) throws InvalidPageException {
            String name = meta.attr("name").strip().toLowerCase(Locale.ROOT);
            switch (name) {
                case "pypi:repository-version" -> PageParser.checkRepositoryVersion(meta.attr("content"));
                case "pypi:project-status" -> status = meta.attr("content");
                case "pypi:project-status-reason" -> statusReason = meta.attr("content");
                default -> {}
            }
        }

        /** Drops a handled element and the text before it: the tree keeps only what is still open. */
        private static void prune(Element e) {
            Node before = e.previousSibling();
            while (before instanceof TextNode) {
                Node earlier = before.previousSibling();
                before.remove();
                before = earlier;
            }
            e.remove();
        }

        @Override
        public ProjectPage head() {
            return new ProjectPage(name(title, h1), List.of(), List.of(), serial, status, statusReason);
        }

        @Override
        public void close() {
            parser.close();
        }
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

    /**
     * The charset of a page whose Content-Type names none, as browsers and jsoup find it: a byte order mark (then
     * skipped), else a {@code <meta charset>} or {@code http-equiv} declaration in the first 5 KiB, else UTF-8.
     */
    static Charset detectCharset(InputStream in) throws IOException {
        in.mark(5 * 1024 + 4);
        byte[] first = in.readNBytes(5 * 1024);
        in.reset();
        if (first.length >= 3 && (first[0] & 0xff) == 0xef && (first[1] & 0xff) == 0xbb && (first[2] & 0xff) == 0xbf) {
            in.skipNBytes(3);
            return StandardCharsets.UTF_8;
        }
        if (first.length >= 2 && (first[0] & 0xff) == 0xfe && (first[1] & 0xff) == 0xff) {
            in.skipNBytes(2);
            return StandardCharsets.UTF_16BE;
        }
        if (first.length >= 2 && (first[0] & 0xff) == 0xff && (first[1] & 0xff) == 0xfe) {
            in.skipNBytes(2);
            return StandardCharsets.UTF_16LE;
        }
        Document head = Parser.htmlParser().parseInput(new String(first, StandardCharsets.ISO_8859_1), "");
        for (Element meta : head.select("meta[http-equiv], meta[charset]")) {
            String name = meta.hasAttr("charset") ? meta.attr("charset") : charsetOf(meta);
            Charset cs = name == null ? null : PageParser.charset(name.strip());
            if (cs != null) {
                return cs;
            }
        }
        return StandardCharsets.UTF_8;
    }

    private static String charsetOf(Element meta) {
        if (!meta.attr("http-equiv").strip().equalsIgnoreCase("content-type")) {
            return null;
        }
        Matcher m = CONTENT_CHARSET.matcher(meta.attr("content"));
        return m.find() ? m.group(1).replace("\"", "").replace("'", "") : null;
    }

    private static final Pattern CONTENT_CHARSET = Pattern.compile("(?i)\\bcharset=\\s*([\"']?[\\w.:-]+)");

    /** "Links for NAME" in the title, else in the first h1 (PEP 503 leaves the name to the page's text). */
    private static String name(String title, String h1) {
        for (String text : new String[] {title, h1}) {
            if (text != null) {
                String t = text.strip();
                if (t.startsWith(LINKS_FOR) && t.length() > LINKS_FOR.length()) {
                    return t.substring(LINKS_FOR.length()).strip();
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
    private static void checkLooksLikeHtml(Path body) throws IOException {
        try (InputStream in = Files.newInputStream(body)) {
            byte[] head = in.readNBytes(8192);
            for (byte b : head) {
                if (b == '{') {
                    // Mislabelled JSON may contain '<' (requires-python) and would read as an empty project.
                    throw new InvalidPageException("not an HTML page: the body is JSON");
                }
                if (b != ' ' && b != '\t' && b != '\n' && b != '\r' && b != '\f') {
                    break;
                }
            }
            for (int i = 0; i < head.length; i++) {
                int b = head[i] & 0xff;
                if (b < 0x20 && b != '\t' && b != '\n' && b != '\r' && b != '\f') {
                    throw new InvalidPageException("not an HTML page: binary content (byte 0x" + Integer.toHexString(b)
                            + " at offset " + i + ")");
                }
            }
            byte[] chunk = head;
            while (chunk.length > 0) {
                for (byte b : chunk) {
                    if (b == '<') {
                        return;
                    }
                }
                chunk = in.readNBytes(64 * 1024);
            }
        }
        throw new InvalidPageException("not an HTML page: no markup");
    }
}
