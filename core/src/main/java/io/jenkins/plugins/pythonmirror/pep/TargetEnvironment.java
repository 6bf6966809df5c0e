package io.jenkins.plugins.pythonmirror.pep;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A Python installation the mirror serves: Python 3 version, implementation and platform tags.
 *
 * <p>{@code TargetEnvironment.of("3.11", List.of("manylinux_2_17_x86_64")).isCompatible(wheel)} answers whether pip
 * on such a system could install the wheel (PEP 425 tags, PEP 600/599/571/513 manylinux, PEP 656 musllinux, macOS).
 */
public record TargetEnvironment(String pythonVersion, String implementation, List<String> platforms) {

    private static final Pattern PYTHON_VERSION = Pattern.compile("3\\.(\\d{1,2})(?:\\.(\\d{1,3}))?");
    private static final Pattern IMPLEMENTATION = Pattern.compile("[a-z]{2}");
    private static final Map<String, String[]> IMPLEMENTATIONS = Map.of(
            "cp", new String[] {"cpython", "CPython"},
            "pp", new String[] {"pypy", "PyPy"},
            "gp", new String[] {"graalpy", "GraalVM"},
            "ip", new String[] {"ironpython", "IronPython"},
            "jy", new String[] {"jython", "Jython"});
    private static final Map<TargetEnvironment, Set<Tag>> TAG_CACHE = new ConcurrentHashMap<>();

    public TargetEnvironment {
        if (pythonVersion == null || !PYTHON_VERSION.matcher(pythonVersion).matches()) {
            throw new IllegalArgumentException(
                    "Invalid Python version '" + pythonVersion + "': expected 3.X or 3.X.Y, e.g. 3.11");
        }
        implementation = implementation == null ? "cp" : implementation.toLowerCase(Locale.ROOT);
        if (!IMPLEMENTATION.matcher(implementation).matches()) {
            throw new IllegalArgumentException(
                    "Invalid implementation '" + implementation + "': expected a PEP 425 abbreviation such as cp");
        }
        if (platforms == null || platforms.isEmpty()) {
            throw new IllegalArgumentException("At least one target platform is needed, e.g. manylinux_2_17_x86_64");
        }
        platforms =
                platforms.stream().map(p -> p.strip().toLowerCase(Locale.ROOT)).toList();
        platforms.forEach(Platforms::expand); // validates, throwing with a reason
    }

    /** A CPython target. */
    public static TargetEnvironment of(String pythonVersion, List<String> platforms) {
        return new TargetEnvironment(pythonVersion, "cp", platforms);
    }

    private int minor() {
        Matcher m = PYTHON_VERSION.matcher(pythonVersion);
        m.matches();
        return Integer.parseInt(m.group(1));
    }

    /** The platform tags accepted for one target platform, most specific first. */
    public static List<String> compatiblePlatforms(String platform) {
        return Platforms.expand(platform);
    }

    /**
     * Every tag a wheel may carry to be installable here, in pip's order of preference: interpreter-specific ABI,
     * abi3 (this and older CPython 3 minors), no ABI, generic {@code py3X}/{@code py3}, then the pure {@code any}
     * tags.
     */
    public List<Tag> compatibleTags() {
        Set<String> plats = new LinkedHashSet<>();
        platforms.forEach(p -> plats.addAll(Platforms.expand(p)));
        int minor = minor();
        String interpreter = implementation + "3" + minor;
        Set<Tag> tags = new LinkedHashSet<>();
        if (implementation.equals("cp")) {
            // CPython before 3.8 built with pymalloc marks its ABI with 'm'
            String abi = minor < 8 ? interpreter + "m" : interpreter;
            plats.forEach(p -> tags.add(new Tag(interpreter, abi, p)));
            plats.forEach(p -> tags.add(new Tag(interpreter, "abi3", p)));
            plats.forEach(p -> tags.add(new Tag(interpreter, "none", p)));
            // PEP 384: the stable ABI exists since 3.2, so abi3 wheels built for older minors still load
            for (int m = minor - 1; m >= 2; m--) {
                String older = "cp3" + m;
                plats.forEach(p -> tags.add(new Tag(older, "abi3", p)));
            }
        } else {
            plats.forEach(p -> tags.add(new Tag(interpreter, "none", p)));
        }
        List<String> generic = new ArrayList<>(List.of("py3" + minor, "py3"));
        for (int m = minor - 1; m >= 0; m--) {
            generic.add("py3" + m);
        }
        generic.forEach(py -> plats.forEach(p -> tags.add(new Tag(py, "none", p))));
        tags.add(new Tag(interpreter, "none", "any"));
        generic.forEach(py -> tags.add(new Tag(py, "none", "any")));
        return List.copyOf(tags);
    }

    private Set<Tag> tagSet() {
        if (TAG_CACHE.size() > 256) {
            TAG_CACHE.clear(); // targets come from configuration; this only guards against unbounded growth
        }
        return TAG_CACHE.computeIfAbsent(this, t -> Set.copyOf(t.compatibleTags()));
    }

    /** PEP 425: a wheel fits if any of its expanded tags is supported here. */
    public boolean isCompatible(WheelFilename wheel) {
        Set<Tag> supported = tagSet();
        return wheel.tags().stream().anyMatch(supported::contains);
    }

    /** Wheels by tag; sdists always, since they can be built anywhere. */
    public boolean isCompatible(DistributionFilename file) {
        return !(file instanceof WheelFilename wheel) || isCompatible(wheel);
    }

    /**
     * Whether this Python satisfies a {@code Requires-Python} / {@code data-requires-python} value. Missing or
     * unparsable values count as satisfied: pip ignores an invalid Requires-Python (with a warning) rather than
     * hiding the file, and a mirror must not hide files pip would install. {@code 3.11} is tested as 3.11.0.
     */
    public boolean satisfiesRequiresPython(String requiresPython) {
        if (requiresPython == null || requiresPython.isBlank()) {
            return true;
        }
        try {
            return SpecifierSet.parse(requiresPython).contains(Version.parse(pythonVersion), true);
        } catch (InvalidSpecifierException e) {
            return true;
        }
    }

    /** PEP 508 marker variables for this target, derived from the first platform; {@code extra} is not set. */
    public Map<String, String> markerEnvironment() {
        String full = pythonVersion.chars().filter(c -> c == '.').count() == 2 ? pythonVersion : pythonVersion + ".0";
        String[] impl = IMPLEMENTATIONS.getOrDefault(implementation, new String[] {implementation, implementation});
        Map<String, String> env = new LinkedHashMap<>();
        env.put("python_version", "3." + minor());
        env.put("python_full_version", full);
        env.put("implementation_name", impl[0]);
        env.put("implementation_version", full);
        env.put("platform_python_implementation", impl[1]);
        Map<String, String> platform = Platforms.markerValues(platforms.get(0));
        for (String key : List.of("os_name", "sys_platform", "platform_system", "platform_machine")) {
            env.put(key, platform.get(key));
        }
        env.put("platform_release", ""); // unknowable for a target; markers on it compare against ""
        env.put("platform_version", "");
        return env;
    }
}
