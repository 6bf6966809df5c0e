package io.jenkins.plugins.pythonmirror.simple;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.Charset;
import java.nio.charset.IllegalCharsetNameException;
import java.nio.charset.UnsupportedCharsetException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;

/**
 * Reads an upstream project page, JSON (PEP 691) or HTML (PEP 503), into a {@link ProjectPage}.
 *
 * <p>File URLs come back absolute, resolved against the page URL (and an HTML {@code <base href>}), without
 * fragment; a {@code #sha256=…} fragment is moved into {@link FileEntry#hashes()}. Anything that is not a valid page
 * of API major version 1 is an {@link InvalidPageException} naming the first problem; unknown keys and attributes
 * are ignored as PEP 691 requires.
 */
public final class PageParser {

    /** Pages larger than this are refused; callers should stop reading at this size. */
    public static final int MAX_PAGE_BYTES = 64 * 1024 * 1024;

    private PageParser() {}

    /**
     * Parses {@code body} as the representation its content type names.
     *
     * <p>JSON for {@code application/vnd.pypi.simple.v1+json}, {@code …latest+json} and {@code application/json};
     * HTML for {@code text/html}, {@code …v1+html} and {@code …latest+html}. Another simple-API version is refused.
     * Any other or a missing content type is sniffed: a body starting with <code>{</code> is JSON, else HTML.
     *
     * @param pageUrl the URL the page was fetched from, to resolve relative file URLs; null keeps them as given
     */
    public static ProjectPage parse(byte[] body, String contentType, URI pageUrl) throws InvalidPageException {
        checkSize(body);
        ContentType type = ContentType.of(contentType);
        boolean json = type.json() != null ? type.json() : looksLikeJson(body);
        return json ? JsonPageParser.parse(body, pageUrl) : HtmlPageParser.parse(body, type.charset(), pageUrl);
    }

    /**
     * A reader of the page stored in {@code body}, in the representation {@code contentType} names (sniffed as
     * {@link #parse} does): files one at a time, so a page of any size up to {@link #MAX_PAGE_BYTES} is read in
     * bounded memory.
     */
    public static PageReader open(Path body, String contentType, URI pageUrl) throws IOException {
        long size = Files.size(body);
        if (size == 0) {
            throw new InvalidPageException("empty page");
        }
        if (size > MAX_PAGE_BYTES) {
            throw new InvalidPageException("page of " + size + " bytes is larger than the 64 MiB limit");
        }
        ContentType type = ContentType.of(contentType);
        boolean json;
        if (type.json() != null) {
            json = type.json();
        } else {
            try (InputStream in = Files.newInputStream(body)) {
                json = looksLikeJson(in.readNBytes(64 * 1024));
            }
        }
        if (json) {
            return JsonPageParser.reader(new BufferedInputStream(Files.newInputStream(body), 64 * 1024), pageUrl);
        }
        return HtmlPageParser.reader(body, type.charset(), pageUrl);
    }

    /**
     * A reader of a PEP 691 page object inside a larger JSON document (such as the mirror's stored pages): {@code
     * parser} is on the page's {@code START_OBJECT} and was made by {@link #jsonFactory()}; the reader stops after
     * the page's {@code END_OBJECT} and leaves the parser open.
     */
    public static PageReader openJson(JsonParser parser, URI pageUrl) throws IOException {
        return JsonPageParser.nested(parser, pageUrl);
    }

    /** The JSON factory pages are read and written with (strict duplicate detection). */
    public static JsonFactory jsonFactory() {
        return JsonPageParser.MAPPER.getFactory();
    }

    /** What a Content-Type header says: JSON, HTML or unknown ({@code json} null: sniff), and the charset. */
    private record ContentType(Boolean json, Charset charset) {
        static ContentType of(String contentType) throws InvalidPageException {
            if (contentType == null) {
                return new ContentType(null, null);
            }
            String[] parts = contentType.split(";");
            String mediaType = parts[0].strip().toLowerCase(Locale.ROOT);
            Charset charset = null;
            for (int i = 1; i < parts.length; i++) {
                String p = parts[i].strip();
                if (p.regionMatches(true, 0, "charset=", 0, 8)) {
                    charset =
                            PageParser.charset(p.substring(8).replace("\"", "").strip());
                }
            }
            switch (mediaType) {
                case "application/vnd.pypi.simple.v1+json",
                        "application/vnd.pypi.simple.latest+json",
                        "application/json":
                    return new ContentType(true, charset);
                case "text/html", "application/vnd.pypi.simple.v1+html", "application/vnd.pypi.simple.latest+html":
                    return new ContentType(false, charset);
                default:
                    if (mediaType.startsWith("application/vnd.pypi.simple.")) {
                        throw new InvalidPageException("unsupported repository version: content type " + mediaType);
                    }
                    return new ContentType(null, charset);
            }
        }
    }

    /** Parses a PEP 691 JSON project page. */
    public static ProjectPage parseJson(byte[] body, URI pageUrl) throws InvalidPageException {
        checkSize(body);
        return JsonPageParser.parse(body, pageUrl);
    }

    /** Parses a PEP 503 HTML project page; the charset comes from a BOM or {@code <meta charset>}, else UTF-8. */
    public static ProjectPage parseHtml(byte[] body, URI pageUrl) throws InvalidPageException {
        checkSize(body);
        return HtmlPageParser.parse(body, null, pageUrl);
    }

    private static void checkSize(byte[] body) throws InvalidPageException {
        if (body == null || body.length == 0) {
            throw new InvalidPageException("empty page");
        }
        if (body.length > MAX_PAGE_BYTES) {
            throw new InvalidPageException("page of " + body.length + " bytes is larger than the 64 MiB limit");
        }
    }

    private static boolean looksLikeJson(byte[] body) {
        int i = 0;
        // Skip a UTF-8 byte order mark, then whitespace.
        if (body.length >= 3 && (body[0] & 0xff) == 0xef && (body[1] & 0xff) == 0xbb && (body[2] & 0xff) == 0xbf) {
            i = 3;
        }
        while (i < body.length && (body[i] == ' ' || body[i] == '\t' || body[i] == '\n' || body[i] == '\r')) {
            i++;
        }
        return i < body.length && body[i] == '{';
    }

    static Charset charset(String name) {
        try {
            return Charset.forName(name);
        } catch (IllegalCharsetNameException | UnsupportedCharsetException e) {
            return null; // fall back to detection / UTF-8
        }
    }

    /** PEP 629: a missing version means 1.0; any major version but 1 must be refused. */
    static void checkRepositoryVersion(String version) throws InvalidPageException {
        if (version == null) {
            return;
        }
        String v = version.strip();
        int dot = v.indexOf('.');
        String major = dot < 0 ? v : v.substring(0, dot);
        int m;
        try {
            m = Integer.parseInt(major);
        } catch (NumberFormatException e) {
            throw new InvalidPageException("malformed repository version '" + Hashes.shorten(version) + "'");
        }
        if (m != 1) {
            throw new InvalidPageException("unsupported repository version " + v + " (only 1.x is understood)");
        }
    }

    /**
     * Resolves {@code href} against {@code base} into an absolute URL without fragment; a PEP 503 hash fragment
     * ({@code #sha256=hex}) is added to {@code hashes} unless the algorithm is already there.
     */
    static String resolveFileUrl(URI base, String href, Map<String, String> hashes) throws InvalidPageException {
        String ref = href.strip();
        int hash = ref.indexOf('#');
        if (hash >= 0) {
            String fragment = ref.substring(hash + 1);
            ref = ref.substring(0, hash);
            int eq = fragment.indexOf('=');
            if (eq > 0) {
                String algorithm = fragment.substring(0, eq).toLowerCase(Locale.ROOT);
                if (Hashes.FRAGMENT_ALGORITHMS.contains(algorithm)) {
                    hashes.putIfAbsent(algorithm, fragment.substring(eq + 1));
                }
            }
        }
        return resolve(base, ref);
    }

    /** Resolves {@code ref} against {@code base} (null: keep as given). */
    static String resolve(URI base, String ref) throws InvalidPageException {
        URI uri;
        try {
            uri = new URI(ref.strip().replace(" ", "%20"));
        } catch (URISyntaxException e) {
            throw new InvalidPageException("invalid URL '" + Hashes.shorten(ref) + "'");
        }
        if (base == null || uri.isAbsolute()) {
            return uri.toString();
        }
        if (base.isOpaque() || !base.isAbsolute()) {
            throw new InvalidPageException("cannot resolve '" + Hashes.shorten(ref) + "' against " + base);
        }
        if (base.getRawPath() == null || base.getRawPath().isEmpty()) {
            // java.net.URI would resolve "x" against "http://h" to "http://hx".
            base = URI.create(base.getScheme() + "://" + base.getRawAuthority() + "/");
        }
        return base.resolve(uri).toString();
    }
}
