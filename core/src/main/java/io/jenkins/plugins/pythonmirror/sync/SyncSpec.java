package io.jenkins.plugins.pythonmirror.sync;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.jenkins.plugins.pythonmirror.pep.InvalidRequirementException;
import io.jenkins.plugins.pythonmirror.pep.Requirement;
import io.jenkins.plugins.pythonmirror.pep.TargetEnvironment;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What a mirror sync fetches ahead of time: PEP 508 requirements × target environments × a version policy.
 *
 * <pre>
 * requirements:            # PEP 508 lines, as in a requirements file (a list, or one block of text)
 *   - flask&gt;=3
 *   - "numpy&lt;2; python_version &lt; '3.12'"
 * environments:            # what the builds run on
 *   - python: "3.11"       # implementation: cp (default), pp (PyPy), graalpy
 *     platforms: [manylinux_2_17_x86_64, linux_x86_64]
 *   - python: "3.13"
 *     abi: cp313t          # optional: the interpreter's own ABI (free-threaded CPython, a GraalPy release)
 *     platforms: [manylinux_2_17_x86_64]
 * versions: latest         # latest | all | N (the newest N matching)
 * prereleases: false
 * sdists: true             # also keep the sdist of each selected version
 * </pre>
 *
 * <p>{@link #parse} is strict: unknown keys, wrong types, unparsable requirements and impossible platform tags are
 * rejected with an {@link InvalidSyncSpecException} naming the line and the reason.
 */
public record SyncSpec(
        List<Requirement> requirements,
        List<TargetEnvironment> environments,
        VersionPolicy versions,
        boolean prereleases,
        boolean sdists) {

    private static final YAMLFactory YAML = new YAMLFactory();
    private static final Set<String> TOP_KEYS =
            Set.of("requirements", "environments", "versions", "prereleases", "sdists");
    private static final Set<String> ENV_KEYS = Set.of("python", "platforms", "implementation", "abi");

    public SyncSpec {
        requirements = List.copyOf(requirements);
        environments = List.copyOf(environments);
    }

    /** Parses and validates the YAML text of a spec. */
    public static SyncSpec parse(String yaml) {
        Node root;
        try (JsonParser p = YAML.createParser(yaml == null ? "" : yaml)) {
            JsonToken first = p.nextToken();
            if (first == null) {
                throw new InvalidSyncSpecException(0, "the sync spec is empty; it needs requirements and environments");
            }
            root = read(p);
        } catch (JsonProcessingException e) {
            int line = e.getLocation() == null ? 0 : e.getLocation().getLineNr();
            throw new InvalidSyncSpecException(line, "not valid YAML: " + e.getOriginalMessage());
        } catch (IOException e) {
            throw new InvalidSyncSpecException(0, "cannot read the sync spec: " + e.getMessage());
        }
        Map<String, Node> top = root.map("the sync spec");
        for (Map.Entry<String, Node> e : top.entrySet()) {
            if (!TOP_KEYS.contains(e.getKey())) {
                throw new InvalidSyncSpecException(
                        e.getValue().keyLine, "unknown key '" + e.getKey() + "'; expected one of " + sorted(TOP_KEYS));
            }
        }
        Node reqNode = required(top, "requirements", root);
        List<Requirement> requirements = requirements(reqNode);
        Node envNode = required(top, "environments", root);
        List<TargetEnvironment> environments = new ArrayList<>();
        for (Node env : envNode.list("environments")) {
            environments.add(environment(env));
        }
        if (environments.isEmpty()) {
            throw new InvalidSyncSpecException(envNode.line, "environments is empty; name at least one");
        }
        VersionPolicy versions = VersionPolicy.LATEST;
        Node v = top.get("versions");
        if (v != null) {
            try {
                versions = VersionPolicy.parse(v.scalar("versions"));
            } catch (IllegalArgumentException e) {
                throw new InvalidSyncSpecException(v.line, e.getMessage());
            }
        }
        boolean prereleases = bool(top.get("prereleases"), "prereleases", false);
        boolean sdists = bool(top.get("sdists"), "sdists", true);
        return new SyncSpec(requirements, environments, versions, prereleases, sdists);
    }

    private static List<Requirement> requirements(Node node) {
        List<Requirement> result = new ArrayList<>();
        if (node.value instanceof String block) {
            // A pasted requirements file: one requirement per line.
            String[] lines = block.split("\r\n|\r|\n", -1);
            for (int i = 0; i < lines.length; i++) {
                addRequirement(result, lines[i], node.line + (node.line > 0 && lines.length > 1 ? i + 1 : 0));
            }
        } else {
            for (Node line : node.list("requirements")) {
                addRequirement(result, line.scalar("a requirement"), line.line);
            }
        }
        if (result.isEmpty()) {
            throw new InvalidSyncSpecException(node.line, "requirements is empty; name at least one");
        }
        return result;
    }

    private static void addRequirement(List<Requirement> into, String line, int lineNr) {
        try {
            Requirement.parseRequirementsLine(line).ifPresent(into::add);
        } catch (InvalidRequirementException e) {
            throw new InvalidSyncSpecException(lineNr, e.getMessage());
        }
    }

    private static TargetEnvironment environment(Node env) {
        Map<String, Node> m = env.map("an environment");
        for (Map.Entry<String, Node> e : m.entrySet()) {
            if (!ENV_KEYS.contains(e.getKey())) {
                throw new InvalidSyncSpecException(
                        e.getValue().keyLine,
                        "unknown key '" + e.getKey() + "' in an environment; expected one of " + sorted(ENV_KEYS));
            }
        }
        Node python = required(m, "python", env);
        Node platforms = required(m, "platforms", env);
        List<String> plats = new ArrayList<>();
        for (Node p : platforms.value instanceof String ? List.of(platforms) : platforms.list("platforms")) {
            String tag = p.scalar("a platform tag");
            try {
                TargetEnvironment.compatiblePlatforms(tag.strip().toLowerCase(java.util.Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new InvalidSyncSpecException(p.line, e.getMessage());
            }
            plats.add(tag);
        }
        Node impl = m.get("implementation");
        Node abi = m.get("abi");
        List<String> abis = new ArrayList<>();
        if (abi != null && abi.value != null) {
            for (Node a : abi.value instanceof String ? List.of(abi) : abi.list("abi")) {
                abis.add(a.scalar("an ABI tag"));
            }
        }
        try {
            return new TargetEnvironment(
                    python.scalar("python"), impl == null ? "cp" : impl.scalar("implementation"), plats, abis);
        } catch (IllegalArgumentException e) {
            throw new InvalidSyncSpecException(abi != null ? abi.line : env.line, e.getMessage());
        }
    }

    private static boolean bool(Node node, String key, boolean dflt) {
        if (node == null) {
            return dflt;
        }
        if (node.value instanceof Boolean b) {
            return b;
        }
        throw new InvalidSyncSpecException(node.line, key + " must be true or false");
    }

    private static Node required(Map<String, Node> map, String key, Node parent) {
        Node n = map.get(key);
        if (n == null || n.value == null) {
            throw new InvalidSyncSpecException(n == null ? parent.line : n.line, "'" + key + "' is missing");
        }
        return n;
    }

    private static String sorted(Set<String> keys) {
        return String.join(", ", new java.util.TreeSet<>(keys));
    }

    /** A YAML value with the line it starts on: a map, a list, a String, a Boolean or null. */
    private static final class Node {
        final Object value;
        final int line;
        int keyLine;

        Node(Object value, int line) {
            this.value = value;
            this.line = line;
            this.keyLine = line;
        }

        @SuppressWarnings("unchecked")
        Map<String, Node> map(String what) {
            if (value instanceof Map<?, ?> m) {
                return (Map<String, Node>) m;
            }
            throw new InvalidSyncSpecException(line, what + " must be a mapping of keys to values");
        }

        @SuppressWarnings("unchecked")
        List<Node> list(String what) {
            if (value instanceof List<?> l) {
                return (List<Node>) l;
            }
            throw new InvalidSyncSpecException(line, what + " must be a list");
        }

        String scalar(String what) {
            if (value instanceof String s) {
                return s;
            }
            throw new InvalidSyncSpecException(line, what + " must be a single value");
        }
    }

    private static Node read(JsonParser p) throws IOException {
        int line = p.currentTokenLocation().getLineNr();
        JsonToken t = p.currentToken();
        switch (t) {
            case START_OBJECT -> {
                Map<String, Node> map = new LinkedHashMap<>();
                while (p.nextToken() == JsonToken.FIELD_NAME) {
                    String key = p.currentName();
                    int keyLine = p.currentTokenLocation().getLineNr();
                    p.nextToken();
                    Node value = read(p);
                    value.keyLine = keyLine;
                    if (map.put(key, value) != null) {
                        throw new InvalidSyncSpecException(keyLine, "duplicate key '" + key + "'");
                    }
                }
                return new Node(map, line);
            }
            case START_ARRAY -> {
                List<Node> list = new ArrayList<>();
                while (p.nextToken() != JsonToken.END_ARRAY) {
                    list.add(read(p));
                }
                return new Node(list, line);
            }
            case VALUE_TRUE, VALUE_FALSE -> {
                return new Node(t == JsonToken.VALUE_TRUE, line);
            }
            case VALUE_NULL -> {
                return new Node(null, line);
            }
            default -> {
                // Numbers keep their text as written: python: 3.10 must stay "3.10", not 3.1.
                return new Node(p.getText(), line);
            }
        }
    }
}
