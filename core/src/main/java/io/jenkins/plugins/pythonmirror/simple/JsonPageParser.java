package io.jenkins.plugins.pythonmirror.simple;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * PEP 691 JSON project pages, read with Jackson's streaming parser one file at a time (each file entry as a small
 * tree), so pages of any size are read in bounded memory; see {@link PageParser}. Top-level fields may come in any
 * order.
 */
final class JsonPageParser {

    /** Strict about duplicate keys; values inside a page are read as trees (so no trailing-token check here). */
    static final ObjectMapper MAPPER = new ObjectMapper().enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);

    private JsonPageParser() {}

    static ProjectPage parse(byte[] body, URI pageUrl) throws InvalidPageException {
        try (PageReader reader = reader(MAPPER.createParser(body), pageUrl, false)) {
            List<FileEntry> files = new ArrayList<>();
            for (FileEntry f = reader.next(); f != null; f = reader.next()) {
                files.add(f);
            }
            return reader.head().withFiles(files);
        } catch (InvalidPageException e) {
            throw e;
        } catch (IOException e) {
            throw invalid(e);
        }
    }

    /** A reader of the page in {@code in}; the reader closes it. */
    static PageReader reader(InputStream in, URI pageUrl) throws IOException {
        try {
            return reader(MAPPER.createParser(in), pageUrl, false);
        } catch (IOException e) {
            in.close();
            throw e;
        }
    }

    /**
     * A reader of a page object inside a larger document: {@code parser} (made by {@link #MAPPER}) is on the page's
     * {@code START_OBJECT}; the reader stops after its {@code END_OBJECT} and leaves the parser open.
     */
    static PageReader nested(JsonParser parser, URI pageUrl) throws IOException {
        return new Reader(parser, pageUrl, true);
    }

    private static PageReader reader(JsonParser parser, URI pageUrl, boolean nested) throws IOException {
        try {
            JsonToken first = parser.nextToken();
            if (first != JsonToken.START_OBJECT) {
                parser.close();
                throw new InvalidPageException("JSON page is not an object");
            }
        } catch (JsonProcessingException e) {
            parser.close();
            throw invalid(e);
        }
        return new Reader(parser, pageUrl, nested);
    }

    static InvalidPageException invalid(IOException e) {
        if (e instanceof InvalidPageException ipe) {
            return ipe;
        }
        if (e instanceof JsonProcessingException jpe) {
            JsonLocation at = jpe.getLocation();
            String where = at == null ? "" : " at line " + at.getLineNr() + " column " + at.getColumnNr();
            return new InvalidPageException("not valid JSON" + where + ": " + firstLine(jpe.getOriginalMessage()), e);
        }
        return new InvalidPageException("not valid JSON: " + firstLine(e.getMessage()), e);
    }

    /** Pulls the files of one page object; the page's own fields are collected as they pass. */
    private static final class Reader implements PageReader {
        private final JsonParser p;
        private final URI pageUrl;
        private final boolean nested;
        private boolean inFiles;
        private boolean sawFiles;
        private boolean finished;
        private int index;
        private String name;
        private List<String> versions = List.of();
        private Long lastSerial;
        private String status;
        private String statusReason;

        Reader(JsonParser p, URI pageUrl, boolean nested) {
            this.p = p;
            this.pageUrl = pageUrl;
            this.nested = nested;
        }

        @Override
        public FileEntry next() throws IOException {
            if (finished) {
                return null;
            }
            try {
                while (true) {
                    if (inFiles) {
                        JsonToken t = p.nextToken();
                        if (t == JsonToken.END_ARRAY) {
                            inFiles = false;
                            continue;
                        }
                        if (t == null) {
                            throw new InvalidPageException("not valid JSON: the page ends inside 'files'");
                        }
                        JsonNode node = p.readValueAsTree();
                        return file(node, "files[" + index++ + "]", pageUrl);
                    }
                    JsonToken t = p.nextToken();
                    if (t == JsonToken.END_OBJECT) {
                        finish();
                        return null;
                    }
                    if (t != JsonToken.FIELD_NAME) {
                        throw new InvalidPageException("not valid JSON: the page ends early");
                    }
                    String field = p.currentName();
                    JsonToken value = p.nextToken();
                    if (field.equals("files")) {
                        sawFiles = true;
                        if (value != JsonToken.START_ARRAY) {
                            throw new InvalidPageException("'files' is not a list");
                        }
                        inFiles = true;
                        continue;
                    }
                    switch (field) {
                        case "meta", "name", "versions", "project-status" -> field(field, p.readValueAsTree());
                        default -> p.skipChildren();
                    }
                }
            } catch (InvalidPageException e) {
                throw e;
            } catch (JsonProcessingException e) {
                throw invalid(e);
            }
        }

        private void field(String field, JsonNode node) throws InvalidPageException {
            switch (field) {
                case "meta" -> {
                    if (present(node)) {
                        if (!node.isObject()) {
                            throw new InvalidPageException("'meta' is not an object");
                        }
                        PageParser.checkRepositoryVersion(string(node, "api-version", "meta"));
                        lastSerial = integer(node, "_last-serial", "meta");
                    }
                }
                case "name" -> name = text(node, "name", "page");
                case "versions" -> {
                    if (present(node)) {
                        if (!node.isArray()) {
                            throw new InvalidPageException("'versions' is not a list");
                        }
                        List<String> list = new ArrayList<>(node.size());
                        for (JsonNode item : node) {
                            if (!item.isTextual()) {
                                throw new InvalidPageException("'versions' holds a non-string " + item.getNodeType());
                            }
                            list.add(item.textValue());
                        }
                        versions = list;
                    }
                }
                case "project-status" -> {
                    if (present(node)) {
                        if (node.isObject()) { // PEP 792: {"status": …, "reason": …}
                            status = string(node, "status", "project-status");
                            statusReason = string(node, "reason", "project-status");
                        } else if (node.isTextual()) {
                            status = node.textValue();
                        } else {
                            throw new InvalidPageException("'project-status' is not an object");
                        }
                    }
                }
                default -> throw new IllegalStateException(field);
            }
        }

        private void finish() throws IOException {
            finished = true;
            if (!sawFiles) {
                throw new InvalidPageException("JSON page has no 'files'");
            }
            if (!nested && p.nextToken() != null) {
                throw new InvalidPageException("not valid JSON: more content after the page object");
            }
        }

        @Override
        public ProjectPage head() {
            return new ProjectPage(name, List.of(), versions, lastSerial, status, statusReason);
        }

        @Override
        public void close() throws IOException {
            if (!nested) {
                p.close();
            }
        }
    }

    private static FileEntry file(JsonNode f, String where, URI pageUrl) throws InvalidPageException {
        if (!f.isObject()) {
            throw new InvalidPageException(where + " is not an object");
        }
        String filename = string(f, "filename", where);
        if (filename == null) {
            throw new InvalidPageException(where + " has no 'filename'");
        }
        where = where + " '" + Hashes.shorten(filename) + "'";
        String url = string(f, "url", where);
        if (url == null) {
            throw new InvalidPageException(where + " has no 'url'");
        }
        JsonNode h = f.get("hashes");
        if (!present(h)) { // PEP 691: hashes MUST be present, even if empty
            throw new InvalidPageException(where + " has no 'hashes'");
        }
        Map<String, String> hashes = hashMap(h, where + " hashes");
        String absolute = PageParser.resolveFileUrl(pageUrl, url, hashes);

        boolean yanked = false;
        String yankedReason = null;
        JsonNode y = f.get("yanked");
        if (present(y)) {
            if (y.isBoolean()) {
                yanked = y.booleanValue();
            } else if (y.isTextual()) {
                // PEP 691: a non-empty string is a reason; an empty string is falsy, i.e. not yanked.
                yanked = !y.textValue().isEmpty();
                yankedReason = yanked ? y.textValue() : null;
            } else {
                throw new InvalidPageException(where + " 'yanked' is neither a boolean nor a string");
            }
        }
        // PEP 714: prefer core-metadata; fall back to the old key and to PyPI's misnamed one (warehouse#13705).
        Map<String, String> coreMetadata = null;
        for (String key : new String[] {"core-metadata", "dist-info-metadata", "data-dist-info-metadata"}) {
            JsonNode m = f.get(key);
            if (present(m)) {
                coreMetadata = metadata(m, where + " " + key);
                break;
            }
        }
        Long size = integer(f, "size", where);
        JsonNode g = f.get("gpg-sig");
        Boolean gpgSig = null;
        if (present(g)) {
            if (!g.isBoolean()) {
                throw new InvalidPageException(where + " 'gpg-sig' is not a boolean");
            }
            gpgSig = g.booleanValue();
        }
        String requiresPython = string(f, "requires-python", where);
        try {
            return new FileEntry(
                    filename,
                    absolute,
                    hashes,
                    requiresPython == null || requiresPython.isBlank() ? null : requiresPython,
                    yanked,
                    yankedReason,
                    coreMetadata,
                    size,
                    string(f, "upload-time", where),
                    gpgSig);
        } catch (IllegalArgumentException e) {
            throw new InvalidPageException(e.getMessage());
        }
    }

    private static Map<String, String> metadata(JsonNode m, String where) throws InvalidPageException {
        if (m.isBoolean()) {
            return m.booleanValue() ? Map.of() : null;
        }
        if (m.isObject()) {
            return hashMap(m, where);
        }
        throw new InvalidPageException(where + " is neither a boolean nor an object");
    }

    private static Map<String, String> hashMap(JsonNode h, String where) throws InvalidPageException {
        if (!h.isObject()) {
            throw new InvalidPageException(where + " is not an object");
        }
        Map<String, String> map = new HashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = h.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            if (!e.getValue().isTextual()) {
                throw new InvalidPageException(where + " " + e.getKey() + " is not a string");
            }
            // Lower-cased here so that a URL fragment cannot add a second spelling of the same algorithm.
            map.put(e.getKey().toLowerCase(Locale.ROOT), e.getValue().textValue());
        }
        return map;
    }

    private static boolean present(JsonNode n) {
        return n != null && !n.isNull();
    }

    /** A field's value that must be a string (or null / absent). */
    private static String text(JsonNode n, String key, String where) throws InvalidPageException {
        if (!present(n)) {
            return null;
        }
        if (!n.isTextual()) {
            throw new InvalidPageException(where + " '" + key + "' is not a string but " + n.getNodeType());
        }
        return n.textValue();
    }

    private static String string(JsonNode parent, String key, String where) throws InvalidPageException {
        JsonNode n = parent.get(key);
        if (!present(n)) {
            return null;
        }
        if (!n.isTextual()) {
            throw new InvalidPageException(where + " '" + key + "' is not a string but " + n.getNodeType());
        }
        return n.textValue();
    }

    private static Long integer(JsonNode parent, String key, String where) throws InvalidPageException {
        JsonNode n = parent.get(key);
        if (!present(n)) {
            return null;
        }
        if (!n.isIntegralNumber() || !n.canConvertToLong()) {
            throw new InvalidPageException(where + " '" + key + "' is not an integer");
        }
        return n.longValue();
    }

    private static String firstLine(String s) {
        if (s == null) {
            return "";
        }
        int nl = s.indexOf('\n');
        return nl < 0 ? s : s.substring(0, nl);
    }
}
