package io.jenkins.plugins.pythonmirror.pep;

import java.util.Locale;
import java.util.regex.Pattern;

/**
 * A project name, held in its PEP 503 normalized form.
 *
 * <p>{@code ProjectName.parse("Foo.Bar_baz")} prints as {@code foo-bar-baz}; equality uses that form.
 */
public record ProjectName(String normalized) {

    // PEP 508 / core metadata: letters, digits, and . _ - inside; must start and end with a letter or digit.
    private static final Pattern VALID =
            Pattern.compile("^([A-Z0-9]|[A-Z0-9][A-Z0-9._-]*[A-Z0-9])$", Pattern.CASE_INSENSITIVE);
    private static final Pattern SEPARATORS = Pattern.compile("[-_.]+");

    public ProjectName {
        if (!normalized.equals(normalize(normalized))) {
            throw new InvalidProjectNameException(normalized, "is not in normalized form");
        }
    }

    /** Parses any valid spelling of a project name. */
    public static ProjectName parse(String name) {
        if (name == null || name.isEmpty()) {
            throw new InvalidProjectNameException(String.valueOf(name), "is empty");
        }
        if (name.length() > 200) {
            throw new InvalidProjectNameException(name.substring(0, 40) + "…", "is longer than 200 characters");
        }
        if (!VALID.matcher(name).matches()) {
            throw new InvalidProjectNameException(
                    name,
                    "may only contain ASCII letters, digits, '.', '-' and '_', and must start and end with a letter or digit");
        }
        return new ProjectName(normalize(name));
    }

    /** Whether {@code name} is a valid project name in any spelling. */
    public static boolean isValid(String name) {
        return name != null && name.length() <= 200 && VALID.matcher(name).matches();
    }

    /** PEP 503: {@code re.sub(r"[-_.]+", "-", name).lower()}. */
    public static String normalize(String name) {
        return SEPARATORS.matcher(name).replaceAll("-").toLowerCase(Locale.ROOT);
    }

    /** The form used in wheel and PEP 625 sdist filenames: normalized, with {@code _} for {@code -}. */
    public String filenameForm() {
        return normalized.replace('-', '_');
    }

    @Override
    public String toString() {
        return normalized;
    }
}
