package io.jenkins.plugins.pythonmirror.testkit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Checks a PEP 691 JSON project page against the simple repository API as PEP 691 and PEP 700 write it, on its own
 * (it shares no code with the mirror): the required keys and their types, and what {@code api-version} 1.1 promises
 * ({@code versions}, a {@code size} for every file, {@code upload-time} in its one format, every file tied to a
 * listed version). {@link #problems} lists every violation; an empty list means the page conforms.
 */
public final class SimpleApiValidator {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern API_VERSION = Pattern.compile("(\\d+)\\.(\\d+)");
    // PEP 700: yyyy-mm-ddThh:mm:ss.ffffffZ, UTC, the fraction optional with up to 6 digits
    private static final Pattern UPLOAD_TIME =
            Pattern.compile("\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}(\\.\\d{1,6})?Z");
    private static final Set<String> STATUSES = Set.of("active", "archived", "quarantined", "deprecated");
    private static final List<String> EXTENSIONS =
            List.of(".whl", ".tar.gz", ".zip", ".tar.bz2", ".tgz", ".tar.xz", ".tar", ".egg", ".exe", ".msi");

    private SimpleApiValidator() {}

    /** The violations of a JSON project page for the project {@code expectedName} (any spelling; null: any). */
    public static List<String> problems(byte[] body, String expectedName) {
        List<String> out = new ArrayList<>();
        JsonNode root;
        try {
            root = JSON.readTree(body);
        } catch (IOException e) {
            return List.of("not JSON: " + e.getMessage());
        }
        if (root == null || !root.isObject()) {
            return List.of("the page is not a JSON object");
        }
        // PEP 691: meta.api-version, a Major.Minor string; major 1 is the only one defined
        JsonNode meta = root.get("meta");
        String apiVersion =
                meta != null && meta.isObject() && meta.path("api-version").isTextual()
                        ? meta.get("api-version").textValue()
                        : null;
        var m = apiVersion == null ? null : API_VERSION.matcher(apiVersion);
        if (m == null || !m.matches() || !m.group(1).equals("1")) {
            out.add("meta.api-version must be a 1.x string, not "
                    + (meta == null ? "missing" : meta.get("api-version")));
        }
        boolean v11 = m != null && m.matches() && m.group(1).equals("1") && Integer.parseInt(m.group(2)) >= 1;
        // PEP 691: name, the normalized project name
        JsonNode name = root.get("name");
        String projectName = name != null && name.isTextual() ? name.textValue() : null;
        if (projectName == null) {
            out.add("name is required and must be a string");
        } else if (!projectName.equals(normalize(projectName))) {
            out.add("name '" + projectName + "' is not normalized");
        } else if (expectedName != null && !projectName.equals(normalize(expectedName))) {
            out.add("name '" + projectName + "' is not the project's, " + normalize(expectedName));
        }
        Set<String> versions = versions(root.get("versions"), v11, out);
        JsonNode status = root.get("project-status");
        if (status != null
                && !(status.isObject()
                        && status.path("status").isTextual()
                        && STATUSES.contains(status.get("status").textValue()))) {
            out.add("project-status must be an object with a known status");
        }
        JsonNode files = root.get("files");
        if (files == null || !files.isArray()) {
            out.add("files is required and must be a list");
            return out;
        }
        for (int i = 0; i < files.size(); i++) {
            file(files.get(i), "files[" + i + "]", v11, projectName, versions, out);
        }
        return out;
    }

    private static Set<String> versions(JsonNode node, boolean v11, List<String> out) {
        if (node == null) {
            if (v11) {
                out.add("versions is required from api-version 1.1 (PEP 700)");
            }
            return null;
        }
        Set<String> seen = new HashSet<>();
        if (!node.isArray()) {
            out.add("versions must be a list");
            return null;
        }
        for (JsonNode v : node) {
            if (!v.isTextual()) {
                out.add("versions holds a non-string " + v);
            } else if (!seen.add(v.textValue())) {
                out.add("versions lists '" + v.textValue() + "' twice");
            }
        }
        return seen;
    }

    private static void file(
            JsonNode f, String where, boolean v11, String project, Set<String> versions, List<String> out) {
        if (!f.isObject()) {
            out.add(where + " is not an object");
            return;
        }
        String filename = f.path("filename").isTextual() ? f.get("filename").textValue() : null;
        if (filename == null || filename.isEmpty()) {
            out.add(where + ".filename is required and must be a string");
        } else {
            where = where + " (" + filename + ")";
        }
        if (!f.path("url").isTextual() || f.get("url").textValue().isEmpty()) {
            out.add(where + ".url is required and must be a string");
        }
        JsonNode hashes = f.get("hashes");
        if (hashes == null || !hashes.isObject()) {
            out.add(where + ".hashes is required and must be an object, even if empty");
        } else {
            stringValues(hashes, where + ".hashes", out);
        }
        optional(f, "requires-python", where, out, JsonNode::isTextual, "a string");
        optional(f, "yanked", where, out, n -> n.isBoolean() || n.isTextual(), "a boolean or a string");
        optional(f, "gpg-sig", where, out, JsonNode::isBoolean, "a boolean");
        for (String key : List.of("core-metadata", "dist-info-metadata", "data-dist-info-metadata")) {
            optional(f, key, where, out, n -> n.isBoolean() || n.isObject(), "a boolean or a hash object");
            if (f.path(key).isObject()) {
                stringValues(f.get(key), where + "." + key, out);
            }
        }
        JsonNode size = f.get("size");
        if (size == null) {
            if (v11) {
                out.add(where + ".size is required from api-version 1.1 (PEP 700)");
            }
        } else if (!size.isIntegralNumber() || size.asLong() < 0) {
            out.add(where + ".size must be a non-negative integer");
        }
        JsonNode uploadTime = f.get("upload-time");
        if (uploadTime != null
                && !(uploadTime.isTextual()
                        && UPLOAD_TIME.matcher(uploadTime.textValue()).matches())) {
            out.add(where + ".upload-time must be yyyy-mm-ddThh:mm:ss[.ffffff]Z, not " + uploadTime);
        }
        if (v11 && filename != null && project != null && versions != null && !listed(filename, project, versions)) {
            out.add(where + " is not tied to any of the listed versions (PEP 700)");
        }
    }

    private interface Check {
        boolean ok(JsonNode n);
    }

    private static void optional(JsonNode f, String key, String where, List<String> out, Check check, String what) {
        JsonNode n = f.get(key);
        if (n != null && !check.ok(n)) {
            out.add(where + "." + key + " must be " + what);
        }
    }

    private static void stringValues(JsonNode object, String where, List<String> out) {
        for (Iterator<Map.Entry<String, JsonNode>> it = object.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            if (!e.getValue().isTextual()) {
                out.add(where + "." + e.getKey() + " must be a string");
            }
        }
    }

    /**
     * Whether the filename's version part (right after a name that normalizes to the project) is one of the listed
     * versions, as written or, for plain release numbers, equal as numbers (1.01 is 1.1, 1.0 is 1).
     */
    static boolean listed(String filename, String project, Set<String> versions) {
        String lower = filename.toLowerCase(Locale.ROOT);
        String stem = filename;
        for (String ext : EXTENSIONS) {
            if (lower.endsWith(ext)) {
                stem = filename.substring(0, filename.length() - ext.length());
                break;
            }
        }
        for (int dash = stem.indexOf('-'); dash > 0; dash = stem.indexOf('-', dash + 1)) {
            if (!normalize(stem.substring(0, dash)).equals(project)) {
                continue;
            }
            String rest = stem.substring(dash + 1).toLowerCase(Locale.ROOT);
            for (String v : versions) {
                String lv = v.toLowerCase(Locale.ROOT);
                if (rest.startsWith(lv)
                        && (rest.length() == lv.length() || "-.".indexOf(rest.charAt(lv.length())) >= 0)) {
                    return true;
                }
                String token = rest.split("-", 2)[0];
                if (token.endsWith(".win32") || token.contains(".win-")) {
                    token = token.substring(0, token.indexOf(".win"));
                }
                if (release(token) != null && release(token).equals(release(lv))) {
                    return true;
                }
            }
        }
        return false;
    }

    /** A plain release number without trailing zeros ({@code 1.01.0} is {@code 1.1}), or null. */
    private static String release(String v) {
        if (!v.matches("\\d+(\\.\\d+)*")) {
            return null;
        }
        List<String> parts = new ArrayList<>();
        for (String p : v.split("\\.")) {
            parts.add(String.valueOf(Long.parseLong(p)));
        }
        while (parts.size() > 1 && parts.get(parts.size() - 1).equals("0")) {
            parts.remove(parts.size() - 1);
        }
        return String.join(".", parts);
    }

    /** PEP 503 normalization. */
    static String normalize(String name) {
        return name.replaceAll("[-_.]+", "-").toLowerCase(Locale.ROOT);
    }
}
