package io.jenkins.plugins.pythonmirror.policy;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import io.jenkins.plugins.pythonmirror.config.Quantities;
import io.jenkins.plugins.pythonmirror.pep.ProjectName;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The written form of a {@link ReleasePolicy}: the JSON of {@code GET/PUT api/policy} and the YAML of the standalone
 * server's {@code --policy-file}, one shape for both.
 *
 * <pre>
 * minReleaseAge: 7d            # 0 (or absent) for none; durations as on the command line: 12h, 7d
 * unknownAge: allow            # allow | hold: files whose upstream gives no upload-time
 * neverHeld: ["acme-*"]        # name globs never held back by age
 * ageOverrides:                # per-project ages (0 = never held)
 *   numpy: 14d
 * blocked:                     # refused whatever their age
 *   - release: "demo==1.0"
 *     reason: "broken wheel, see https://example.com/issue/12"
 * </pre>
 *
 * <p>Parsing is strict (unknown keys and wrong types are refused, so a typo cannot silently weaken the policy) and
 * a document replaces the whole policy: absent keys take their defaults.
 */
public final class PolicyDocument {

    private static final ObjectMapper JSON = new ObjectMapper()
            .enable(SerializationFeature.INDENT_OUTPUT)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory()
                    .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
                    .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES))
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);
    private static final Set<String> KEYS =
            Set.of("minReleaseAge", "unknownAge", "neverHeld", "ageOverrides", "blocked");
    private static final Set<String> BLOCK_KEYS = Set.of("release", "reason");

    private PolicyDocument() {}

    /** Parses JSON (the API). */
    public static ReleasePolicy parseJson(String json) {
        try {
            return fromTree(JSON.readTree(json == null ? "" : json));
        } catch (JsonProcessingException e) {
            throw new InvalidPolicyException("Not valid JSON: " + oneLine(e.getOriginalMessage()));
        }
    }

    /** Parses YAML (the policy file; JSON is YAML too). An empty file is the empty policy. */
    public static ReleasePolicy parseYaml(String yaml) {
        try {
            return fromTree(YAML.readTree(yaml == null ? "" : yaml));
        } catch (JsonProcessingException e) {
            throw new InvalidPolicyException("Not valid YAML: " + oneLine(e.getOriginalMessage()));
        }
    }

    public static String toJson(ReleasePolicy policy) {
        try {
            return JSON.writeValueAsString(toTree(policy)) + "\n";
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    public static String toYaml(ReleasePolicy policy) {
        try {
            return "# python-mirror release policy (docs/admin-guide.md); PUT api/policy rewrites this file\n"
                    + YAML.writeValueAsString(toTree(policy));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    static ObjectNode toTree(ReleasePolicy p) {
        ObjectNode root = JSON.createObjectNode();
        root.put("minReleaseAge", Quantities.formatDuration(p.minReleaseAge()));
        root.put("unknownAge", p.unknownAge().text());
        ArrayNode never = root.putArray("neverHeld");
        p.neverHeld().forEach(never::add);
        ObjectNode overrides = root.putObject("ageOverrides");
        p.ageOverrides().forEach((name, age) -> overrides.put(name.normalized(), Quantities.formatDuration(age)));
        ArrayNode blocked = root.putArray("blocked");
        for (BlockedRelease b : p.blocked()) {
            blocked.addObject().put("release", b.release()).put("reason", b.reason());
        }
        return root;
    }

    static ReleasePolicy fromTree(JsonNode root) {
        if (root == null || root.isMissingNode() || root.isNull()) {
            return ReleasePolicy.NONE;
        }
        if (!root.isObject()) {
            throw new InvalidPolicyException("A policy must be an object with " + String.join(", ", sorted(KEYS)));
        }
        checkKeys(root, KEYS, "policy");
        Duration minAge = duration(root.get("minReleaseAge"), "minReleaseAge");
        ReleasePolicy.UnknownAge unknown = ReleasePolicy.UnknownAge.ALLOW;
        JsonNode u = root.get("unknownAge");
        if (u != null && !u.isNull()) {
            if (!u.isTextual()) {
                throw new InvalidPolicyException("unknownAge must be 'allow' or 'hold'");
            }
            unknown = ReleasePolicy.UnknownAge.parse(u.asText());
        }
        List<String> never = new ArrayList<>();
        for (JsonNode n : array(root.get("neverHeld"), "neverHeld")) {
            if (!n.isTextual()) {
                throw new InvalidPolicyException("neverHeld must be a list of name patterns");
            }
            never.add(n.asText());
        }
        Map<ProjectName, Duration> overrides = new LinkedHashMap<>();
        JsonNode o = root.get("ageOverrides");
        if (o != null && !o.isNull()) {
            if (!o.isObject()) {
                throw new InvalidPolicyException("ageOverrides must map project names to ages, such as numpy: 14d");
            }
            for (Iterator<Map.Entry<String, JsonNode>> it = o.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                if (!ProjectName.isValid(e.getKey())) {
                    throw new InvalidPolicyException("ageOverrides: '" + e.getKey() + "' is not a project name");
                }
                overrides.put(ProjectName.parse(e.getKey()), duration(e.getValue(), "ageOverrides." + e.getKey()));
            }
        }
        List<BlockedRelease> blocked = new ArrayList<>();
        int i = 0;
        for (JsonNode b : array(root.get("blocked"), "blocked")) {
            String where = "blocked[" + i++ + "]";
            if (!b.isObject()) {
                throw new InvalidPolicyException(where + " must be an object with release and reason");
            }
            checkKeys(b, BLOCK_KEYS, where);
            JsonNode release = b.get("release");
            JsonNode reason = b.get("reason");
            if (release == null || !release.isTextual()) {
                throw new InvalidPolicyException(where + " needs a release such as \"demo==1.0\"");
            }
            if (reason != null && !reason.isTextual()) {
                throw new InvalidPolicyException(where + ": the reason must be text");
            }
            try {
                blocked.add(BlockedRelease.parse(release.asText(), reason == null ? null : reason.asText()));
            } catch (InvalidPolicyException e) {
                throw new InvalidPolicyException(where + ": " + e.getMessage());
            }
        }
        return new ReleasePolicy(minAge, unknown, never, overrides, blocked);
    }

    private static Duration duration(JsonNode n, String key) {
        if (n == null || n.isNull()) {
            return Duration.ZERO;
        }
        if (!(n.isTextual() || n.canConvertToLong()) || n.isBoolean()) {
            throw new InvalidPolicyException(key + " must be a duration such as 7d or 12h");
        }
        try {
            return Quantities.parseDuration(n.asText());
        } catch (IllegalArgumentException e) {
            throw new InvalidPolicyException(key + ": " + e.getMessage());
        }
    }

    private static Iterable<JsonNode> array(JsonNode n, String key) {
        if (n == null || n.isNull()) {
            return List.of();
        }
        if (!n.isArray()) {
            throw new InvalidPolicyException(key + " must be a list");
        }
        return n;
    }

    private static void checkKeys(JsonNode node, Set<String> allowed, String where) {
        for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
            String key = it.next();
            if (!allowed.contains(key)) {
                throw new InvalidPolicyException("Unknown key '" + key + "' in " + where + " (known: "
                        + String.join(", ", sorted(allowed)) + ")");
            }
        }
    }

    private static List<String> sorted(Set<String> keys) {
        return keys.stream().sorted().toList();
    }

    private static String oneLine(String s) {
        return s == null ? "" : s.replaceAll("\\s+", " ").strip();
    }
}
