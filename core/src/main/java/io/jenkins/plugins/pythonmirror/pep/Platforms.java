package io.jenkins.plugins.pythonmirror.pep;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Platform tag rules: which wheel platform tags a target platform accepts, most specific first. */
final class Platforms {

    private static final Pattern MANYLINUX = Pattern.compile("manylinux_(\\d+)_(\\d+)_([a-z0-9_]+)");
    private static final Pattern LEGACY_MANYLINUX = Pattern.compile("manylinux(1|2010|2014)_([a-z0-9_]+)");
    private static final Pattern MUSLLINUX = Pattern.compile("musllinux_(\\d+)_(\\d+)_([a-z0-9_]+)");
    private static final Pattern LINUX = Pattern.compile("linux_([a-z0-9_]+)");
    private static final Pattern MACOSX = Pattern.compile("macosx_(\\d+)_(\\d+)_([a-z0-9_]+)");

    // PEP 600 allows any architecture the toolchains build for; these are the ones manylinux images exist for.
    private static final Set<String> LINUX_ARCHES =
            Set.of("x86_64", "i686", "aarch64", "armv7l", "ppc64", "ppc64le", "s390x", "riscv64", "loongarch64");
    // PEP 599: manylinux2014 covers these; PEP 571/513: manylinux2010 and manylinux1 only the two x86 ones.
    private static final Set<String> MANYLINUX2014_ARCHES =
            Set.of("x86_64", "i686", "aarch64", "armv7l", "ppc64", "ppc64le", "s390x");
    private static final Set<String> X86 = Set.of("x86_64", "i686");
    private static final Map<Integer, String> LEGACY_ALIAS =
            Map.of(17, "manylinux2014", 12, "manylinux2010", 5, "manylinux1");
    // Multi-architecture macOS formats and the architectures they contain (distutils naming; universal2 from
    // Python 3.9). fat32 is not listed for x86_64 on purpose: it names i386+ppc.
    private static final Map<String, List<String>> MAC_FORMATS = Map.of(
            "x86_64", List.of("x86_64", "intel", "fat64", "fat3", "universal2", "universal"),
            "arm64", List.of("arm64", "universal2"));

    private Platforms() {}

    /** The wheel platform tags a target platform accepts, most specific first; rejects unknown targets. */
    static List<String> expand(String target) {
        String p = target == null ? "" : target.toLowerCase(Locale.ROOT);
        Matcher m;
        if (p.equals("any")) {
            return List.of();
        }
        if (p.equals("win32") || p.equals("win_amd64") || p.equals("win_arm64")) {
            return List.of(p);
        }
        if ((m = LEGACY_MANYLINUX.matcher(p)).matches()) {
            int minor = m.group(1).equals("1") ? 5 : m.group(1).equals("2010") ? 12 : 17;
            return manylinux(target, minor, m.group(2));
        }
        if ((m = MANYLINUX.matcher(p)).matches()) {
            if (!m.group(1).equals("2")) {
                throw invalid(target, "manylinux tags are for glibc 2.x (manylinux_2_Y_arch)");
            }
            return manylinux(target, Integer.parseInt(m.group(2)), m.group(3));
        }
        if ((m = MUSLLINUX.matcher(p)).matches()) {
            // PEP 656: musllinux_1_Y accepts every older musl 1.x minor
            checkArch(target, m.group(3), LINUX_ARCHES);
            if (!m.group(1).equals("1")) {
                throw invalid(target, "musllinux tags are for musl 1.x (musllinux_1_Y_arch)");
            }
            List<String> out = new ArrayList<>();
            for (int minor = Integer.parseInt(m.group(2)); minor >= 0; minor--) {
                out.add("musllinux_1_" + minor + "_" + m.group(3));
            }
            return out;
        }
        if ((m = LINUX.matcher(p)).matches()) {
            checkArch(target, m.group(1), LINUX_ARCHES);
            return List.of(p);
        }
        if ((m = MACOSX.matcher(p)).matches()) {
            return macos(target, Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)), m.group(3));
        }
        throw invalid(
                target,
                "expected manylinux_2_Y_arch, manylinux2014_arch, musllinux_1_Y_arch, linux_arch, macosx_X_Y_arch,"
                        + " win32, win_amd64 or win_arm64");
    }

    // PEP 600: a glibc 2.Y system runs wheels for any glibc 2.y with y <= Y; each legacy alias sits right after
    // the glibc version it stands for (PEP 599: 2.17, PEP 571: 2.12, PEP 513: 2.5).
    private static List<String> manylinux(String target, int minor, String arch) {
        checkArch(target, arch, LINUX_ARCHES);
        int oldest = X86.contains(arch) ? 5 : 17; // before manylinux2014, only x86 had manylinux wheels
        if (minor < oldest) {
            throw invalid(target, "manylinux for " + arch + " starts at glibc 2." + oldest);
        }
        List<String> out = new ArrayList<>();
        for (int y = minor; y >= oldest; y--) {
            out.add("manylinux_2_" + y + "_" + arch);
            String alias = LEGACY_ALIAS.get(y);
            if (alias != null && (y == 17 ? MANYLINUX2014_ARCHES : X86).contains(arch)) {
                out.add(alias + "_" + arch);
            }
        }
        return out;
    }

    // packaging's mac_platforms: up to 10.15 macOS bumped the minor each year, so a 10.Y system takes 10.y for
    // y <= Y. From 11 on it bumps the major and the minor is a midyear update that wheels do not target: an X.Y
    // system takes X.0, (X-1).0, ... 11.0 only (macosx_12_3 wheels are no installer's pick), then the whole 10.x
    // list (x86_64 in every format containing it, arm64 as universal2 only: no arm64 macOS before 11).
    private static List<String> macos(String target, int major, int minor, String arch) {
        List<String> formats = MAC_FORMATS.get(arch);
        if (formats == null) {
            throw invalid(target, "macOS targets must be x86_64 or arm64");
        }
        if (major < 10 || (major == 10 && minor < 4) || (arch.equals("arm64") && major < 11)) {
            throw invalid(target, "macOS " + major + "." + minor + " does not run on " + arch);
        }
        List<String> out = new ArrayList<>();
        for (int x = major; x >= 11; x--) {
            for (String f : formats) {
                out.add("macosx_" + x + "_0_" + f);
            }
        }
        for (int y = major == 10 ? minor : 16; y >= 4; y--) {
            for (String f : major >= 11 && arch.equals("arm64") ? List.of("universal2") : formats) {
                out.add("macosx_10_" + y + "_" + f);
            }
        }
        return out;
    }

    private static void checkArch(String target, String arch, Set<String> known) {
        if (!known.contains(arch)) {
            throw invalid(
                    target, "unknown architecture '" + arch + "' (known: " + String.join(", ", sorted(known)) + ")");
        }
    }

    private static List<String> sorted(Set<String> s) {
        return s.stream().sorted().toList();
    }

    private static IllegalArgumentException invalid(String target, String reason) {
        return new IllegalArgumentException("Invalid target platform '" + target + "': " + reason);
    }

    /** PEP 508 marker values for a target platform: os_name, sys_platform, platform_system, platform_machine. */
    static Map<String, String> markerValues(String target) {
        String p = target.toLowerCase(Locale.ROOT);
        Matcher mac = MACOSX.matcher(p);
        if (mac.matches()) {
            return markers("posix", "darwin", "Darwin", mac.group(3));
        }
        return switch (p) {
                // platform.machine() on Windows reports these spellings
            case "win32" -> markers("nt", "win32", "Windows", "x86");
            case "win_amd64" -> markers("nt", "win32", "Windows", "AMD64");
            case "win_arm64" -> markers("nt", "win32", "Windows", "ARM64");
            case "any" -> markers("", "", "", "");
            default -> markers(
                    "posix", "linux", "Linux", p.endsWith("x86_64") ? "x86_64" : p.substring(p.lastIndexOf('_') + 1));
        };
    }

    private static Map<String, String> markers(String osName, String sysPlatform, String system, String machine) {
        return Map.of(
                "os_name", osName, "sys_platform", sysPlatform, "platform_system", system, "platform_machine", machine);
    }
}
