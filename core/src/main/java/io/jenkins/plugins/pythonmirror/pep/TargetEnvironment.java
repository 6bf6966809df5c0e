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
 * A Python installation the mirror serves: Python 3 version, implementation, interpreter ABIs and platform tags.
 *
 * <p>{@code TargetEnvironment.of("3.11", List.of("manylinux_2_17_x86_64")).isCompatible(wheel)} answers whether pip
 * on such a system could install the wheel (PEP 425 tags, PEP 600/599/571/513 manylinux, PEP 656 musllinux, macOS).
 * Tags are generated as packaging's {@code sys_tags} does for that interpreter: {@code cpython_tags} for CPython
 * (with the free-threaded ABI of PEP 703, {@code cp313t}, when the target names it), {@code generic_tags} for PyPy,
 * GraalPy and others, then {@code compatible_tags}.
 *
 * @param pythonVersion {@code 3.X} or {@code 3.X.Y}
 * @param implementation {@code cp} (CPython), {@code pp} (PyPy), {@code graalpy}, or another PEP 425 abbreviation
 * @param platforms the target's platform tags, most specific first
 * @param abis the interpreter's own ABI tags, most preferred first; empty or null for the implementation's default
 *     ({@code cp311}, {@code cp37m}, {@code pypy310_pp73}; none for GraalPy, whose ABI names its release)
 */
public record TargetEnvironment(
        String pythonVersion, String implementation, List<String> platforms, List<String> abis) {

    private static final Pattern PYTHON_VERSION = Pattern.compile("3\\.(\\d{1,2})(?:\\.(\\d{1,3}))?");
    private static final Pattern IMPLEMENTATION = Pattern.compile("[a-z]{2}|graalpy");
    private static final Pattern ABI = Pattern.compile("[a-z0-9_]+");
    // PEP 3149 / PEP 703 ABI flags after cp3X: t (free-threaded), d (debug), m (pymalloc, before 3.8), u (UCS-4)
    private static final Pattern CPYTHON_ABI = Pattern.compile("cp3(\\d{1,2})(t?d?m?u?)");
    private static final Map<String, String> ALIASES =
            Map.of("cpython", "cp", "pypy", "pp", "gp", "graalpy", "ironpython", "ip", "jython", "jy");
    private static final Map<String, String[]> IMPLEMENTATIONS = Map.of(
            "cp", new String[] {"cpython", "CPython"},
            "pp", new String[] {"pypy", "PyPy"},
            "graalpy", new String[] {"graalpy", "GraalVM"},
            "ip", new String[] {"ironpython", "IronPython"},
            "jy", new String[] {"jython", "Jython"});
    private static final Map<TargetEnvironment, Set<Tag>> TAG_CACHE = new ConcurrentHashMap<>();

    public TargetEnvironment {
        if (pythonVersion == null || !PYTHON_VERSION.matcher(pythonVersion).matches()) {
            throw new IllegalArgumentException(
                    "Invalid Python version '" + pythonVersion + "': expected 3.X or 3.X.Y, e.g. 3.11");
        }
        implementation = implementation == null ? "cp" : implementation.strip().toLowerCase(Locale.ROOT);
        implementation = ALIASES.getOrDefault(implementation, implementation);
        if (!IMPLEMENTATION.matcher(implementation).matches()) {
            throw new IllegalArgumentException("Invalid implementation '" + implementation
                    + "': expected cp (CPython), pp (PyPy), graalpy or another PEP 425 abbreviation");
        }
        if (platforms == null || platforms.isEmpty()) {
            throw new IllegalArgumentException("At least one target platform is needed, e.g. manylinux_2_17_x86_64");
        }
        platforms =
                platforms.stream().map(p -> p.strip().toLowerCase(Locale.ROOT)).toList();
        platforms.forEach(Platforms::expand); // validates, throwing with a reason
        int minor = minorOf(pythonVersion);
        abis = abis == null || abis.isEmpty()
                ? defaultAbis(implementation, minor)
                : abis.stream()
                        .map(a -> a.strip().toLowerCase(Locale.ROOT))
                        .distinct()
                        .toList();
        for (String abi : abis) {
            checkAbi(implementation, minor, abi);
        }
    }

    /** A target with the implementation's default ABI. */
    public TargetEnvironment(String pythonVersion, String implementation, List<String> platforms) {
        this(pythonVersion, implementation, platforms, null);
    }

    /** A CPython target. */
    public static TargetEnvironment of(String pythonVersion, List<String> platforms) {
        return new TargetEnvironment(pythonVersion, "cp", platforms);
    }

    private static int minorOf(String pythonVersion) {
        Matcher m = PYTHON_VERSION.matcher(pythonVersion);
        m.matches();
        return Integer.parseInt(m.group(1));
    }

    private int minor() {
        return minorOf(pythonVersion);
    }

    // What the interpreter's EXT_SUFFIX gives packaging: CPython before 3.8 built with pymalloc marks its ABI with
    // 'm'; PyPy names its language version and PyPy ABI (pp73 for every PyPy 7.3, the only series with wheels for
    // Python 3.6 and later). GraalPy's ABI names its own release (graalpy242_311_native), so it has no default.
    private static List<String> defaultAbis(String implementation, int minor) {
        return switch (implementation) {
            case "cp" -> List.of(minor < 8 ? "cp3" + minor + "m" : "cp3" + minor);
            case "pp" -> List.of("pypy3" + minor + "_pp73");
            default -> List.of();
        };
    }

    private static void checkAbi(String implementation, int minor, String abi) {
        if (!ABI.matcher(abi).matches() || abi.equals("none") || abi.startsWith("abi3")) {
            throw new IllegalArgumentException("Invalid ABI '" + abi
                    + "': expected the interpreter's own ABI tag, e.g. cp313t, pypy310_pp73 or graalpy242_311_native"
                    + " (none, abi3 and abi3t follow from it)");
        }
        if (implementation.equals("cp")) {
            Matcher m = CPYTHON_ABI.matcher(abi);
            if (!m.matches() || Integer.parseInt(m.group(1)) != minor) {
                throw new IllegalArgumentException("Invalid ABI '" + abi + "' for CPython 3." + minor + ": expected cp3"
                        + minor + " with optional flags, e.g. cp3" + minor + "t (free-threaded)");
            }
            if (m.group(2).contains("t") && minor < 13) {
                throw new IllegalArgumentException(
                        "Invalid ABI '" + abi + "': free-threaded CPython (PEP 703) starts with 3.13");
            }
        }
    }

    /** Whether this is a free-threaded CPython (PEP 703: its ABI carries the flag {@code t}). */
    public boolean isFreeThreaded() {
        // packaging's cpython_tags judges by the first (preferred) ABI
        Matcher m = CPYTHON_ABI.matcher(abis.isEmpty() ? "" : abis.get(0));
        return implementation.equals("cp") && m.matches() && m.group(2).contains("t");
    }

    /** The platform tags accepted for one target platform, most specific first. */
    public static List<String> compatiblePlatforms(String platform) {
        return Platforms.expand(platform);
    }

    /** {@code Python 3.11}, {@code Python 3.13 (cp313t)}, {@code PyPy 3.10}, {@code GraalPy 3.11}. */
    public String label() {
        String name =
                switch (implementation) {
                    case "cp" -> "Python";
                    case "pp" -> "PyPy";
                    case "graalpy" -> "GraalPy";
                    default -> implementation;
                };
        boolean defaultAbi = abis.equals(defaultAbis(implementation, minor()));
        return name + " " + pythonVersion + (defaultAbi || abis.isEmpty() ? "" : " (" + String.join(", ", abis) + ")");
    }

    /**
     * Every tag a wheel may carry to be installable here, in packaging's order of preference. CPython: its ABIs,
     * then abi3 (abi3t when free-threaded) and none, then abi3/abi3t of older CPython 3 minors; PyPy, GraalPy and
     * others: their ABIs, then none. Then the compatible tags: {@code py3X}/{@code py3}/older {@code py3Y} with no
     * ABI on each platform, {@code cp3X-none-any} (CPython) or {@code pp3-none-any} (PyPy), and the {@code py*-none-any}
     * tags.
     */
    public List<Tag> compatibleTags() {
        Set<String> plats = new LinkedHashSet<>();
        platforms.forEach(p -> plats.addAll(Platforms.expand(p)));
        int minor = minor();
        String interpreter = implementation + "3" + minor;
        Set<Tag> tags = new LinkedHashSet<>();
        abis.forEach(abi -> plats.forEach(p -> tags.add(new Tag(interpreter, abi, p))));
        if (implementation.equals("cp")) {
            // PEP 384: the stable ABI exists since 3.2; free-threaded builds (PEP 703) cannot load abi3, only the
            // free-threaded stable ABI abi3t (PEP 803), which packaging offers back to 3.2 alike.
            String stable = isFreeThreaded() ? "abi3t" : "abi3";
            plats.forEach(p -> tags.add(new Tag(interpreter, stable, p)));
            plats.forEach(p -> tags.add(new Tag(interpreter, "none", p)));
            for (int m = minor - 1; m >= 2; m--) {
                String older = "cp3" + m;
                plats.forEach(p -> tags.add(new Tag(older, stable, p)));
            }
        } else {
            plats.forEach(p -> tags.add(new Tag(interpreter, "none", p)));
        }
        List<String> generic = new ArrayList<>(List.of("py3" + minor, "py3"));
        for (int m = minor - 1; m >= 0; m--) {
            generic.add("py3" + m);
        }
        generic.forEach(py -> plats.forEach(p -> tags.add(new Tag(py, "none", p))));
        // packaging's sys_tags: CPython's own interpreter tag, PyPy's major-only pp3; no other interpreter
        if (implementation.equals("cp")) {
            tags.add(new Tag(interpreter, "none", "any"));
        } else if (implementation.equals("pp")) {
            tags.add(new Tag("pp3", "none", "any"));
        }
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
