package io.jenkins.plugins.pythonmirror.pep;

import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * A PEP 427 wheel filename: {@code {name}-{version}(-{build})?-{python}-{abi}-{platform}.whl}.
 *
 * <p>{@code WheelFilename.parse("Foo.Bar-1.0-1a-py2.py3-none-any.whl")} has name {@code foo-bar}, build tag
 * {@code 1a} and python tags {@code [py2, py3]}. Tags are lower-cased.
 */
public record WheelFilename(
        ProjectName name,
        Version version,
        String buildTag,
        List<String> pythonTags,
        List<String> abiTags,
        List<String> platformTags,
        String filename)
        implements DistributionFilename {

    // Binary distribution format: runs of -_. in the name become one '_'; consumers must also accept '.' and upper
    // case. packaging's parse_wheel_filename takes any Unicode word characters and '.', but no '__'.
    private static final Pattern NAME = Pattern.compile("[\\p{L}\\p{N}_.]+");
    // PEP 425 python tags are interpreter names: identifiers, never version-like (2.7.6 is no tag)
    private static final Pattern PYTHON_TAG = Pattern.compile("[a-z_][a-z0-9_]*");
    private static final Pattern TAG = Pattern.compile("[a-z0-9_]+");
    // PEP 427: the build tag must start with a digit.
    private static final Pattern BUILD = Pattern.compile("[0-9][A-Za-z0-9_.]*");

    public WheelFilename {
        pythonTags = List.copyOf(pythonTags);
        abiTags = List.copyOf(abiTags);
        platformTags = List.copyOf(platformTags);
    }

    /** Parses a wheel filename, quoting it and the reason on failure. */
    public static WheelFilename parse(String filename) {
        DistributionFilename.checkSafe(filename);
        if (!filename.endsWith(".whl")) {
            throw new InvalidFilenameException(filename, "does not end in '.whl'");
        }
        String[] parts = filename.substring(0, filename.length() - 4).split("-", -1);
        if (parts.length != 5 && parts.length != 6) {
            throw new InvalidFilenameException(
                    filename, "expected {name}-{version}(-{build})?-{python}-{abi}-{platform}.whl");
        }
        if (!NAME.matcher(parts[0]).matches()) {
            throw new InvalidFilenameException(filename, "'" + parts[0] + "' is not a valid wheel project name");
        }
        if (parts[0].contains("__")) {
            throw new InvalidFilenameException(
                    filename, "'" + parts[0] + "' has '__': the name escapes every run of -_. as one '_'");
        }
        Version version;
        try {
            version = Version.parse(parts[1]);
        } catch (InvalidVersionException e) {
            throw new InvalidFilenameException(filename, "'" + parts[1] + "' is not a PEP 440 version");
        }
        String build = null;
        if (parts.length == 6) {
            build = parts[2];
            if (!BUILD.matcher(build).matches()) {
                throw new InvalidFilenameException(filename, "build tag '" + build + "' must start with a digit");
            }
        }
        int t = parts.length - 3;
        List<String> py = tags(filename, parts[t], "python", PYTHON_TAG);
        List<String> abi = tags(filename, parts[t + 1], "abi", TAG);
        List<String> plat = tags(filename, parts[t + 2], "platform", TAG);
        // packaging's canonicalize_name; the name may hold letters beyond ASCII, which no index name can
        return new WheelFilename(
                new ProjectName(ProjectName.normalize(parts[0])), version, build, py, abi, plat, filename);
    }

    private static List<String> tags(String filename, String compressed, String what, Pattern valid) {
        List<String> tags =
                List.of(compressed.toLowerCase(java.util.Locale.ROOT).split("\\.", -1));
        for (String tag : tags) {
            if (!valid.matcher(tag).matches()) {
                throw new InvalidFilenameException(filename, "invalid " + what + " tag '" + tag + "'");
            }
        }
        return tags;
    }

    /** Every tag in the cross product of the python, abi and platform tag sets. */
    public Set<Tag> tags() {
        return Tag.parseCompressed(
                String.join(".", pythonTags) + "-" + String.join(".", abiTags) + "-" + String.join(".", platformTags));
    }

    /** The build number for sorting (PEP 427: sorts as (int, str)); 0 without a build tag. */
    public long buildNumber() {
        if (buildTag == null) {
            return 0;
        }
        int end = 0;
        while (end < buildTag.length() && Character.isDigit(buildTag.charAt(end))) {
            end++;
        }
        return end > 18 ? Long.MAX_VALUE : Long.parseLong(buildTag.substring(0, end));
    }

    /** Whether every platform tag is {@code any}, i.e. a pure-Python wheel. */
    public boolean isPure() {
        return platformTags.stream().allMatch("any"::equals);
    }

    /** The PEP 427 spelling: normalized name with '_', normal-form version, lower-case tags. */
    public String canonicalFilename() {
        return name.filenameForm() + "-" + version + (buildTag == null ? "" : "-" + buildTag) + "-"
                + String.join(".", pythonTags) + "-" + String.join(".", abiTags) + "-"
                + String.join(".", platformTags) + ".whl";
    }

    /** The filename as given. */
    @Override
    public String toString() {
        return filename;
    }
}
