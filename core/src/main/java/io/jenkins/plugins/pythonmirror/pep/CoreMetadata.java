package io.jenkins.plugins.pythonmirror.pep;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Core metadata 1.0–2.4 as found in a wheel's {@code METADATA} or an sdist's {@code PKG-INFO}.
 *
 * <p>The format is RFC 822-style headers; lines starting with whitespace continue the previous header, and the
 * first blank line ends the headers (what follows is the description body, metadata 2.1+). Parsing is tolerant:
 * lines without a colon are skipped, and nothing is validated until asked for ({@link #requirements()}).
 */
public final class CoreMetadata {

    private final Map<String, List<String>> headers; // lower-case name -> values in order
    private final String body;

    private CoreMetadata(Map<String, List<String>> headers, String body) {
        this.headers = headers;
        this.body = body;
    }

    /** Parses METADATA / PKG-INFO text. */
    public static CoreMetadata parse(String text) {
        Map<String, List<String>> headers = new LinkedHashMap<>();
        String[] lines = (text == null ? "" : text).split("\r\n|\r|\n", -1);
        String current = null;
        StringBuilder value = null;
        int i = 0;
        for (; i < lines.length; i++) {
            String line = lines[i];
            if (line.isEmpty()) {
                i++;
                break;
            }
            if (Character.isWhitespace(line.charAt(0)) && current != null) {
                value.append('\n').append(continuation(current, line));
                continue;
            }
            int colon = line.indexOf(':');
            if (colon <= 0) {
                continue; // tolerated: not a header
            }
            add(headers, current, value);
            current = line.substring(0, colon).strip().toLowerCase(Locale.ROOT);
            value = new StringBuilder(line.substring(colon + 1).strip());
        }
        add(headers, current, value);
        StringBuilder body = new StringBuilder();
        for (int j = i; j < lines.length; j++) {
            body.append(lines[j]).append(j < lines.length - 1 ? "\n" : "");
        }
        return new CoreMetadata(headers, body.toString());
    }

    // Core metadata: a multi-line Description prefixes continuation lines with 7 spaces and '|' (or 8 spaces).
    private static String continuation(String header, String line) {
        if (header.equals("description")) {
            String stripped = line.stripLeading();
            return stripped.startsWith("|") ? stripped.substring(1) : line.substring(Math.min(8, indent(line)));
        }
        return line.strip();
    }

    private static int indent(String line) {
        int n = 0;
        while (n < line.length() && Character.isWhitespace(line.charAt(n))) {
            n++;
        }
        return n;
    }

    private static void add(Map<String, List<String>> headers, String name, StringBuilder value) {
        if (name != null) {
            headers.computeIfAbsent(name, k -> new ArrayList<>())
                    .add(value.toString().stripTrailing());
        }
    }

    /** The first value of a header (case-insensitive name), or null. */
    public String get(String header) {
        List<String> values = getAll(header);
        return values.isEmpty() ? null : values.get(0);
    }

    /** Every value of a multiple-use header, in order; empty if absent. */
    public List<String> getAll(String header) {
        return List.copyOf(headers.getOrDefault(header.toLowerCase(Locale.ROOT), List.of()));
    }

    public String metadataVersion() {
        return get("Metadata-Version");
    }

    /** The name as written; use {@link ProjectName#parse} to compare. */
    public String name() {
        return get("Name");
    }

    public String version() {
        return get("Version");
    }

    public String summary() {
        return get("Summary");
    }

    /** The Description header or, from metadata 2.1, the message body. */
    public String description() {
        String header = get("Description");
        return header != null ? header : body;
    }

    public String requiresPython() {
        return get("Requires-Python");
    }

    /** Raw {@code Requires-Dist} values. */
    public List<String> requiresDist() {
        return getAll("Requires-Dist");
    }

    /** {@code Requires-Dist} parsed; a value that is not PEP 508 raises {@link InvalidRequirementException}. */
    public List<Requirement> requirements() {
        List<Requirement> result = new ArrayList<>();
        for (String line : requiresDist()) {
            try {
                // A folded header continues on the next line (RFC 5322 unfolding): the break is not PEP 508 text.
                result.add(Requirement.parse(line.replace('\n', ' ')));
            } catch (InvalidRequirementException e) {
                throw new InvalidRequirementException(
                        "In Requires-Dist of " + name() + " " + version() + ": " + e.getMessage(), e);
            }
        }
        return result;
    }

    public List<String> providesExtra() {
        return getAll("Provides-Extra");
    }

    /** Fields a PEP 643 sdist leaves to the build (metadata 2.2+). */
    public List<String> dynamic() {
        return getAll("Dynamic");
    }

    /**
     * PEP 643: an sdist's dependencies can be trusted without building it when its metadata is version 2.2 or later
     * and {@code Requires-Dist} is not marked {@code Dynamic}. (Wheel metadata is always reliable.)
     */
    public boolean hasReliableDependencies() {
        String mv = metadataVersion();
        if (mv == null || !Version.isValid(mv) || Version.parse(mv).compareTo(Version.parse("2.2")) < 0) {
            return false;
        }
        return dynamic().stream().noneMatch(d -> d.equalsIgnoreCase("Requires-Dist"));
    }
}
