package io.jenkins.plugins.pythonmirror.pep;

import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * One PEP 425 compatibility tag, e.g. {@code cp311-abi3-manylinux_2_17_x86_64}; parts are held in lower case.
 *
 * <p>{@code Tag.parseCompressed("py2.py3-none-any")} gives {@code py2-none-any} and {@code py3-none-any}.
 */
public record Tag(String interpreter, String abi, String platform) {

    private static final Pattern PART = Pattern.compile("[a-z0-9_]+");

    public Tag {
        interpreter = checked(interpreter, "interpreter");
        abi = checked(abi, "abi");
        platform = checked(platform, "platform");
    }

    private static String checked(String part, String what) {
        String lower = part == null ? "" : part.toLowerCase(Locale.ROOT);
        if (!PART.matcher(lower).matches()) {
            throw new IllegalArgumentException(
                    "Invalid " + what + " tag '" + part + "': expected ASCII letters, digits and '_'");
        }
        return lower;
    }

    /** Expands a compressed tag set ({@code py2.py3-none-any}) into its tags, in written order. */
    public static Set<Tag> parseCompressed(String tags) {
        String[] parts = tags == null ? new String[0] : tags.split("-", -1);
        if (parts.length != 3) {
            throw new IllegalArgumentException(
                    "Invalid tag set '" + tags + "': expected {python tags}-{abi tags}-{platform tags}");
        }
        Set<Tag> result = new LinkedHashSet<>();
        for (String i : parts[0].split("\\.", -1)) {
            for (String a : parts[1].split("\\.", -1)) {
                for (String p : parts[2].split("\\.", -1)) {
                    result.add(new Tag(i, a, p));
                }
            }
        }
        return result;
    }

    @Override
    public String toString() {
        return interpreter + "-" + abi + "-" + platform;
    }
}
