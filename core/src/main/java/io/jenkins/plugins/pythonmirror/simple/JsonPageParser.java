package io.jenkins.plugins.pythonmirror.simple;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** PEP 691 JSON project pages; see {@link PageParser}. */
final class JsonPageParser {

    static final ObjectMapper MAPPER = new ObjectMapper()
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);

    private JsonPageParser() {}

    static ProjectPage parse(byte[] body, URI pageUrl) throws InvalidPageException {
        JsonNode root;
        try {
            root = MAPPER.readTree(body);
        } catch (JsonProcessingException e) {
            JsonLocation at = e.getLocation();
            String where = at == null ? "" : " at line " + at.getLineNr() + " column " + at.getColumnNr();
            throw new InvalidPageException("not valid JSON" + where + ": " + firstLine(e.getOriginalMessage()), e);
        } catch (IOException e) {
            throw new InvalidPageException("not valid JSON: " + firstLine(e.getMessage()), e);
        }
        if (root == null || !root.isObject()) {
            throw new InvalidPageException("JSON page is not an object");
        }
        JsonNode meta = root.get("meta");
        Long lastSerial = null;
        if (present(meta)) {
            if (!meta.isObject()) {
                throw new InvalidPageException("'meta' is not an object");
            }
            PageParser.checkRepositoryVersion(string(meta, "api-version", "meta"));
            lastSerial = integer(meta, "_last-serial", "meta");
        }
        String name = string(root, "name", "page");
        List<String> versions = new ArrayList<>();
        JsonNode v = root.get("versions");
        if (present(v)) {
            if (!v.isArray()) {
                throw new InvalidPageException("'versions' is not a list");
            }
            for (JsonNode item : v) {
                if (!item.isTextual()) {
                    throw new InvalidPageException("'versions' holds a non-string " + item.getNodeType());
                }
                versions.add(item.textValue());
            }
        }
        String status = null;
        String statusReason = null;
        JsonNode s = root.get("project-status");
        if (present(s)) {
            if (s.isObject()) { // PEP 792: {"status": …, "reason": …}
                status = string(s, "status", "project-status");
                statusReason = string(s, "reason", "project-status");
            } else if (s.isTextual()) {
                status = s.textValue();
            } else {
                throw new InvalidPageException("'project-status' is not an object");
            }
        }
        JsonNode files = root.get("files");
        if (files == null) {
            throw new InvalidPageException("JSON page has no 'files'");
        }
        if (!files.isArray()) {
            throw new InvalidPageException("'files' is not a list");
        }
        List<FileEntry> entries = new ArrayList<>(files.size());
        for (int i = 0; i < files.size(); i++) {
            entries.add(file(files.get(i), "files[" + i + "]", pageUrl));
        }
        return new ProjectPage(name, entries, versions, lastSerial, status, statusReason);
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
