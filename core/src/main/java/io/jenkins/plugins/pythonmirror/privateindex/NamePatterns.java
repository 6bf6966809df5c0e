package io.jenkins.plugins.pythonmirror.privateindex;

import io.jenkins.plugins.pythonmirror.pep.ProjectName;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Admin-set project name globs such as {@code acme-*}, matched against PEP 503 normalized names: {@code *} is any
 * run of characters, {@code ?} one character, and the rest of the pattern is normalized like a name, so {@code
 * Acme_*} also matches {@code acme.tools} (normalized {@code acme-tools}).
 */
public final class NamePatterns {

    private final List<String> sources;
    private final List<Pattern> patterns;

    private NamePatterns(List<String> sources, List<Pattern> patterns) {
        this.sources = List.copyOf(sources);
        this.patterns = List.copyOf(patterns);
    }

    /** Compiles the patterns; blank entries are ignored, an invalid one throws {@link IllegalArgumentException}. */
    public static NamePatterns of(List<String> globs) {
        List<String> sources = new ArrayList<>();
        List<Pattern> patterns = new ArrayList<>();
        for (String glob : globs) {
            if (glob == null || glob.isBlank()) {
                continue;
            }
            String g = glob.strip();
            if (!g.matches("[A-Za-z0-9._*?-]+")) {
                throw new IllegalArgumentException("Project name pattern '" + glob
                        + "' may only contain letters, digits, '.', '-', '_', '*' and '?'");
            }
            sources.add(g);
            patterns.add(compile(g));
        }
        return new NamePatterns(sources, patterns);
    }

    private static Pattern compile(String glob) {
        // Normalize like a name (PEP 503) but keep the wildcards: runs of - _ . become one '-'.
        String normalized = glob.toLowerCase(Locale.ROOT).replaceAll("[-_.]+", "-");
        StringBuilder regex = new StringBuilder();
        for (char c : normalized.toCharArray()) {
            switch (c) {
                case '*' -> regex.append(".*");
                case '?' -> regex.append('.');
                default -> regex.append(Pattern.quote(String.valueOf(c)));
            }
        }
        return Pattern.compile(regex.toString());
    }

    public boolean matches(ProjectName name) {
        for (Pattern p : patterns) {
            if (p.matcher(name.normalized()).matches()) {
                return true;
            }
        }
        return false;
    }

    public boolean isEmpty() {
        return patterns.isEmpty();
    }

    @Override
    public String toString() {
        return String.join(", ", sources);
    }
}
