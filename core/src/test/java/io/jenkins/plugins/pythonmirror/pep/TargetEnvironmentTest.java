package io.jenkins.plugins.pythonmirror.pep;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class TargetEnvironmentTest {

    private static TargetEnvironment target(String python, String platform) {
        return TargetEnvironment.of(python, List.of(platform));
    }

    @Test
    void ordersTagsAsPipPrefersThem() {
        List<String> tags = target("3.11", "linux_x86_64").compatibleTags().stream()
                .map(Tag::toString)
                .toList();
        assertThat(tags)
                .startsWith(
                        "cp311-cp311-linux_x86_64",
                        "cp311-abi3-linux_x86_64",
                        "cp311-none-linux_x86_64",
                        "cp310-abi3-linux_x86_64",
                        "cp39-abi3-linux_x86_64")
                .containsSubsequence(
                        "cp32-abi3-linux_x86_64",
                        "py311-none-linux_x86_64",
                        "py3-none-linux_x86_64",
                        "py310-none-linux_x86_64",
                        "py30-none-linux_x86_64",
                        "cp311-none-any",
                        "py311-none-any",
                        "py3-none-any",
                        "py310-none-any")
                .endsWith("py30-none-any")
                .doesNotHaveDuplicates()
                .doesNotContain("cp31-abi3-linux_x86_64", "py2-none-any");
    }

    @Test
    void oldCPythonUsesPymallocAbi() {
        assertThat(target("3.7", "win_amd64").compatibleTags().get(0)).hasToString("cp37-cp37m-win_amd64");
    }

    /** Target, wheel filename, installable. PEP 425 / 427 examples plus the platform rules. */
    @ParameterizedTest(name = "{0} {1}: {2} = {3}")
    @CsvSource(
            delimiter = '|',
            value = {
                // pure and abi3 wheels
                "3.11 | manylinux_2_17_x86_64 | six-1.16.0-py2.py3-none-any.whl | true",
                "3.11 | win_amd64 | distribution-1.0-1-py27-none-any.whl | false",
                "3.11 | win_amd64 | pkg-1.0-py311-none-any.whl | true",
                "3.11 | win_amd64 | pkg-1.0-py312-none-any.whl | false",
                "3.11 | win_amd64 | pkg-1.0-cp38-abi3-win_amd64.whl | true",
                "3.8 | win_amd64 | pkg-1.0-cp311-abi3-win_amd64.whl | false",
                "3.11 | win_amd64 | pkg-1.0-cp310-cp310-win_amd64.whl | false",
                "3.11 | win_amd64 | pkg-1.0-pp310-pypy310_pp73-win_amd64.whl | false",
                // manylinux: PEP 600 glibc ordering and the PEP 599/571/513 aliases
                "3.11 | manylinux_2_17_x86_64 | pkg-1.0-cp311-cp311-manylinux_2_17_x86_64.whl | true",
                "3.11 | manylinux_2_17_x86_64 | pkg-1.0-cp311-cp311-manylinux_2_5_x86_64.whl | true",
                "3.11 | manylinux_2_17_x86_64 | pkg-1.0-cp311-cp311-manylinux2014_x86_64.whl | true",
                "3.11 | manylinux_2_17_x86_64 | pkg-1.0-cp311-cp311-manylinux2010_x86_64.whl | true",
                "3.11 | manylinux_2_17_x86_64 | pkg-1.0-cp311-cp311-manylinux1_x86_64.whl | true",
                "3.11 | manylinux_2_17_x86_64 | pkg-1.0-cp311-cp311-manylinux_2_28_x86_64.whl | false",
                "3.11 | manylinux_2_17_x86_64 | pkg-1.0-cp311-cp311-manylinux_2_17_aarch64.whl | false",
                "3.11 | manylinux_2_17_x86_64 | pkg-1.0-cp311-cp311-linux_x86_64.whl | false",
                "3.11 | manylinux_2_17_x86_64 | pkg-1.0-cp311-cp311-musllinux_1_1_x86_64.whl | false",
                "3.11 | manylinux_2_12_x86_64 | pkg-1.0-cp311-cp311-manylinux2014_x86_64.whl | false",
                "3.11 | manylinux2014_aarch64 | pkg-1.0-cp311-cp311-manylinux_2_17_aarch64.whl | true",
                "3.11 | manylinux_2_28_aarch64 | pkg-1.0-cp311-cp311-manylinux_2_17_aarch64.manylinux2014_aarch64.whl | true",
                // musllinux: PEP 656, by musl minor
                "3.11 | musllinux_1_2_x86_64 | pkg-1.0-cp311-cp311-musllinux_1_1_x86_64.whl | true",
                "3.11 | musllinux_1_1_x86_64 | pkg-1.0-cp311-cp311-musllinux_1_2_x86_64.whl | false",
                "3.11 | musllinux_1_1_x86_64 | pkg-1.0-cp311-cp311-manylinux_2_17_x86_64.whl | false",
                // linux_* is exact
                "3.11 | linux_x86_64 | pkg-1.0-cp311-cp311-linux_x86_64.whl | true",
                "3.11 | linux_x86_64 | pkg-1.0-cp311-cp311-manylinux_2_17_x86_64.whl | false",
                // macOS: older versions and multi-arch formats containing the architecture
                "3.11 | macosx_11_0_arm64 | pkg-1.0-cp311-cp311-macosx_11_0_arm64.whl | true",
                "3.11 | macosx_11_0_arm64 | pkg-1.0-cp311-cp311-macosx_10_9_universal2.whl | true",
                "3.11 | macosx_11_0_arm64 | pkg-1.0-cp311-cp311-macosx_10_9_x86_64.whl | false",
                "3.11 | macosx_11_0_arm64 | pkg-1.0-cp311-cp311-macosx_12_0_arm64.whl | false",
                "3.11 | macosx_14_2_arm64 | pkg-1.0-cp311-cp311-macosx_14_0_arm64.whl | true",
                "3.11 | macosx_14_2_arm64 | pkg-1.0-cp311-cp311-macosx_12_0_arm64.whl | true",
                "3.11 | macosx_14_2_arm64 | pkg-1.0-cp311-cp311-macosx_12_3_arm64.whl | false",
                "3.11 | macosx_12_3_x86_64 | pkg-1.0-cp311-cp311-macosx_12_3_x86_64.whl | false", // X_0 only from 11
                "3.11 | macosx_12_3_x86_64 | pkg-1.0-cp311-cp311-macosx_12_0_x86_64.whl | true",
                "3.11 | macosx_12_3_x86_64 | pkg-1.0-cp311-cp311-macosx_11_0_universal2.whl | true",
                "3.11 | macosx_12_3_x86_64 | pkg-1.0-cp311-cp311-macosx_10_9_x86_64.whl | true",
                "3.11 | macosx_14_2_arm64 | pkg-1.0-cp311-cp311-macosx_14_1_arm64.whl | false",
                "3.11 | macosx_11_0_x86_64 | pkg-1.0-cp311-cp311-macosx_10_9_x86_64.whl | true",
                "3.11 | macosx_10_15_x86_64 | pkg-1.0-cp311-cp311-macosx_10_6_intel.whl | true",
                "3.11 | macosx_10_15_x86_64 | pkg-1.0-cp311-cp311-macosx_10_9_universal2.whl | true",
                "3.11 | macosx_10_15_x86_64 | pkg-1.0-cp311-cp311-macosx_10_5_fat64.whl | true",
                "3.11 | macosx_10_15_x86_64 | pkg-1.0-cp311-cp311-macosx_10_5_fat.whl | false",
                "3.11 | macosx_10_15_x86_64 | pkg-1.0-cp311-cp311-macosx_11_0_x86_64.whl | false",
                // Windows is exact
                "3.11 | win_amd64 | pkg-1.0-cp311-cp311-win_amd64.whl | true",
                "3.11 | win_amd64 | pkg-1.0-cp311-cp311-win32.whl | false",
                "3.11 | win_arm64 | pkg-1.0-cp311-cp311-win_amd64.whl | false",
            })
    void decidesWheelCompatibility(String python, String platform, String wheel, boolean expected) {
        assertThat(target(python, platform).isCompatible(WheelFilename.parse(wheel)))
                .isEqualTo(expected);
    }

    @Test
    void expandsManylinuxWithLegacyAliasesInPlace() {
        List<String> plats = TargetEnvironment.compatiblePlatforms("manylinux_2_17_x86_64");
        assertThat(plats.subList(0, 2)).containsExactly("manylinux_2_17_x86_64", "manylinux2014_x86_64");
        assertThat(plats).containsSubsequence("manylinux_2_12_x86_64", "manylinux2010_x86_64", "manylinux_2_11_x86_64");
        assertThat(plats).endsWith("manylinux_2_5_x86_64", "manylinux1_x86_64");
        assertThat(TargetEnvironment.compatiblePlatforms("manylinux_2_17_aarch64"))
                .containsExactly("manylinux_2_17_aarch64", "manylinux2014_aarch64");
    }

    @Test
    void acceptsSeveralPlatformsAndSdists() {
        TargetEnvironment t = TargetEnvironment.of("3.12", List.of("manylinux_2_28_x86_64", "musllinux_1_2_x86_64"));
        assertThat(t.isCompatible(DistributionFilename.parse("pkg-1.0-cp312-cp312-musllinux_1_1_x86_64.whl")))
                .isTrue();
        assertThat(t.isCompatible(DistributionFilename.parse("pkg-1.0.tar.gz"))).isTrue();
        assertThat(t.implementation()).isEqualTo("cp");
    }

    private static List<String> tags(TargetEnvironment t) {
        return t.compatibleTags().stream().map(Tag::toString).toList();
    }

    /**
     * PEP 425 as packaging's {@code sys_tags} orders it for PyPy: {@code generic_tags} (the interpreter's own ABI,
     * then none), then {@code compatible_tags} with PyPy's {@code pp3-none-any}.
     */
    @Test
    void pypyGetsItsInterpreterSpecificAbiLikePackagingsGenericTags() {
        TargetEnvironment pypy = new TargetEnvironment("3.10", "pp", List.of("manylinux_2_17_x86_64"));
        assertThat(pypy.abis()).containsExactly("pypy310_pp73");
        assertThat(tags(pypy))
                .startsWith(
                        "pp310-pypy310_pp73-manylinux_2_17_x86_64",
                        "pp310-pypy310_pp73-manylinux2014_x86_64",
                        "pp310-pypy310_pp73-manylinux_2_16_x86_64")
                .containsSubsequence(
                        "pp310-pypy310_pp73-manylinux1_x86_64",
                        "pp310-none-manylinux_2_17_x86_64",
                        "pp310-none-manylinux1_x86_64",
                        "py310-none-manylinux_2_17_x86_64",
                        "py3-none-manylinux_2_17_x86_64",
                        "pp3-none-any",
                        "py310-none-any",
                        "py3-none-any")
                .endsWith("py30-none-any")
                .doesNotContain("pp310-none-any", "pp310-abi3-manylinux_2_17_x86_64")
                .doesNotHaveDuplicates();
        assertThat(pypy.markerEnvironment())
                .containsEntry("implementation_name", "pypy")
                .containsEntry("platform_python_implementation", "PyPy");
        assertThat(new TargetEnvironment("3.10", "pypy", List.of("linux_x86_64")))
                .isEqualTo(new TargetEnvironment("3.10", "pp", List.of("linux_x86_64")));
    }

    /** GraalPy: interpreter {@code graalpy3X} (packaging has no short name for it); its ABI names its release. */
    @Test
    void graalPyGetsTheAbiTheTargetNames() {
        TargetEnvironment generic = new TargetEnvironment("3.11", "graalpy", List.of("manylinux_2_28_x86_64"));
        assertThat(generic.abis()).isEmpty();
        assertThat(tags(generic))
                .startsWith("graalpy311-none-manylinux_2_28_x86_64")
                .doesNotContain("graalpy311-none-any");
        TargetEnvironment graal =
                new TargetEnvironment("3.11", "gp", List.of("manylinux_2_28_x86_64"), List.of("graalpy242_311_native"));
        assertThat(graal.implementation()).isEqualTo("graalpy");
        assertThat(tags(graal))
                .startsWith(
                        "graalpy311-graalpy242_311_native-manylinux_2_28_x86_64",
                        "graalpy311-graalpy242_311_native-manylinux_2_27_x86_64")
                .containsSubsequence("graalpy311-none-manylinux_2_28_x86_64", "py311-none-any", "py3-none-any");
        assertThat(graal.markerEnvironment()).containsEntry("implementation_name", "graalpy");
        assertThat(graal.label()).isEqualTo("GraalPy 3.11 (graalpy242_311_native)");
    }

    /**
     * PEP 703 free-threaded CPython: ABI {@code cp313t}, which loads no abi3 wheel; packaging's {@code cpython_tags}
     * offers the free-threaded stable ABI {@code abi3t} instead.
     */
    @Test
    void freeThreadedCPythonGetsTheTAbiAndNoAbi3() {
        TargetEnvironment ft = new TargetEnvironment("3.13", "cp", List.of("linux_x86_64"), List.of("cp313t"));
        assertThat(ft.isFreeThreaded()).isTrue();
        assertThat(tags(ft))
                .startsWith(
                        "cp313-cp313t-linux_x86_64",
                        "cp313-abi3t-linux_x86_64",
                        "cp313-none-linux_x86_64",
                        "cp312-abi3t-linux_x86_64")
                .contains("cp32-abi3t-linux_x86_64", "cp313-none-any", "py313-none-linux_x86_64")
                .noneMatch(t -> t.contains("abi3-") || t.startsWith("cp313-cp313-"));
        assertThat(ft.label()).isEqualTo("Python 3.13 (cp313t)");
        assertThat(TargetEnvironment.of("3.13", List.of("linux_x86_64")).isFreeThreaded())
                .isFalse();
    }

    /** Target, ABI, wheel, installable: which wheels a free-threaded or regular 3.13 takes (PEP 703, PEP 425). */
    @ParameterizedTest(name = "{1}: {2} = {3}")
    @CsvSource(
            delimiter = '|',
            value = {
                "manylinux_2_17_x86_64 | cp313t | pkg-1.0-cp313-cp313t-manylinux_2_17_x86_64.whl | true",
                "manylinux_2_17_x86_64 | cp313t | pkg-1.0-cp313-cp313-manylinux_2_17_x86_64.whl  | false",
                "manylinux_2_17_x86_64 | cp313t | pkg-1.0-cp38-abi3-manylinux_2_17_x86_64.whl    | false",
                "manylinux_2_17_x86_64 | cp313t | pkg-1.0-py3-none-any.whl                       | true",
                "manylinux_2_17_x86_64 | cp313  | pkg-1.0-cp313-cp313t-manylinux_2_17_x86_64.whl | false",
                "manylinux_2_17_x86_64 | cp313  | pkg-1.0-cp38-abi3-manylinux_2_17_x86_64.whl    | true",
                "win_amd64             | cp313t | pkg-1.0-cp313-cp313t-win_amd64.whl             | true",
            })
    void freeThreadedWheelsGoOnlyToFreeThreadedTargets(String platform, String abi, String wheel, boolean expected) {
        TargetEnvironment t = new TargetEnvironment("3.13", "cp", List.of(platform), List.of(abi));
        assertThat(t.isCompatible(WheelFilename.parse(wheel))).isEqualTo(expected);
    }

    @ParameterizedTest(name = "{0} {1} {2}")
    @CsvSource(
            delimiter = '|',
            value = {
                "3.12 | cp | cp312t       | free-threaded CPython (PEP 703) starts with 3.13",
                "3.13 | cp | cp312        | expected cp313 with optional flags",
                "3.13 | cp | abi3         | the interpreter's own ABI tag",
                "3.13 | cp | none         | the interpreter's own ABI tag",
                "3.10 | pp | pypy-310     | the interpreter's own ABI tag",
                "3.10 | x1 | pypy310_pp73 | Invalid implementation 'x1'",
            })
    void rejectsImpossibleAbis(String python, String implementation, String abi, String reason) {
        assertThatThrownBy(() -> new TargetEnvironment(python, implementation, List.of("linux_x86_64"), List.of(abi)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(reason);
    }

    /**
     * macOS 11 and later (packaging's {@code mac_platforms}): only {@code X_0} platform versions, from the target's
     * major down to 11, then the 10.x list; before 11 every 10.y down to 10.4.
     */
    @ParameterizedTest(name = "{0}")
    @CsvSource(
            delimiter = '|',
            value = {
                "macosx_12_3_x86_64 | macosx_12_0_x86_64 macosx_12_0_intel macosx_12_0_fat64 macosx_12_0_fat3"
                        + " macosx_12_0_universal2 macosx_12_0_universal macosx_11_0_x86_64 macosx_11_0_intel"
                        + " macosx_11_0_fat64 macosx_11_0_fat3 macosx_11_0_universal2 macosx_11_0_universal"
                        + " macosx_10_16_x86_64",
                "macosx_12_3_arm64  | macosx_12_0_arm64 macosx_12_0_universal2 macosx_11_0_arm64 macosx_11_0_universal2"
                        + " macosx_10_16_universal2 macosx_10_15_universal2",
                "macosx_14_0_arm64  | macosx_14_0_arm64 macosx_14_0_universal2 macosx_13_0_arm64",
                "macosx_10_15_x86_64 | macosx_10_15_x86_64 macosx_10_15_intel macosx_10_15_fat64 macosx_10_15_fat3"
                        + " macosx_10_15_universal2 macosx_10_15_universal macosx_10_14_x86_64",
            })
    void macosFrom11TakesOnlyX0Versions(String target, String expectedStart) {
        List<String> plats = TargetEnvironment.compatiblePlatforms(target);
        assertThat(plats).startsWith(expectedStart.split(" "));
        assertThat(plats).noneMatch(p -> p.matches("macosx_1[1-9]_[1-9].*"));
    }

    @Test
    void anyPlatformAcceptsOnlyPureWheels() {
        TargetEnvironment pure = target("3.11", "any");
        assertThat(pure.isCompatible(WheelFilename.parse("pkg-1.0-py3-none-any.whl")))
                .isTrue();
        assertThat(pure.isCompatible(WheelFilename.parse("pkg-1.0-cp311-cp311-win_amd64.whl")))
                .isFalse();
        assertThat(pure.markerEnvironment()).containsEntry("sys_platform", "");
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "manylinux_2_17_sparc99", // unknown architecture
                "manylinux_3_17_x86_64", // glibc major other than 2
                "manylinux_2_12_aarch64", // aarch64 manylinux starts at 2.17
                "manylinux2010_aarch64", // manylinux2010 was x86 only
                "musllinux_2_1_x86_64", // musl major other than 1
                "macosx_10_15_arm64", // arm64 needs macOS 11
                "macosx_11_0_ppc", // not a current macOS architecture
                "win_x86", // unknown Windows tag
                "freebsd_13_amd64", // unsupported OS
                "", // empty
            })
    void rejectsImpossiblePlatforms(String platform) {
        assertThatThrownBy(() -> target("3.11", platform)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void explainsRejectedPlatform() {
        assertThatThrownBy(() -> target("3.11", "manylinux_2_12_aarch64"))
                .hasMessage(
                        "Invalid target platform 'manylinux_2_12_aarch64': manylinux for aarch64 starts at glibc 2.17");
        assertThatThrownBy(() -> target("2.7", "win32"))
                .hasMessage("Invalid Python version '2.7': expected 3.X or 3.X.Y, e.g. 3.11");
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "3.11   | >=3.8         | true",
                "3.11   | '>=3.8, <3.11' | false",
                "3.11   | >=3.11.2      | false", // 3.11 is tested as 3.11.0
                "3.11.4 | >=3.11.2      | true",
                "3.11   | ~=3.10        | true",
                "3.11   | ''            | true",
                "3.11   | '>=3.6.*'     | true", // invalid: counted as satisfied, as pip does
                "3.11   | !=3.11.*      | false",
            })
    void checksRequiresPython(String python, String requiresPython, boolean expected) {
        assertThat(target(python, "win_amd64").satisfiesRequiresPython(requiresPython))
                .isEqualTo(expected);
        assertThat(target(python, "win_amd64").satisfiesRequiresPython(null)).isTrue();
    }

    @Test
    void derivesMarkerEnvironmentFromFirstPlatform() {
        assertThat(TargetEnvironment.of("3.11.4", List.of("manylinux_2_17_aarch64", "win_amd64"))
                        .markerEnvironment())
                .containsEntry("python_version", "3.11")
                .containsEntry("python_full_version", "3.11.4")
                .containsEntry("implementation_name", "cpython")
                .containsEntry("platform_python_implementation", "CPython")
                .containsEntry("sys_platform", "linux")
                .containsEntry("platform_system", "Linux")
                .containsEntry("os_name", "posix")
                .containsEntry("platform_machine", "aarch64")
                .containsEntry("platform_release", "")
                .doesNotContainKey("extra");
        assertThat(target("3.12", "win_amd64").markerEnvironment())
                .containsEntry("python_full_version", "3.12.0")
                .containsEntry("sys_platform", "win32")
                .containsEntry("os_name", "nt")
                .containsEntry("platform_machine", "AMD64");
        assertThat(target("3.12", "macosx_11_0_arm64").markerEnvironment())
                .containsEntry("sys_platform", "darwin")
                .containsEntry("platform_system", "Darwin")
                .containsEntry("platform_machine", "arm64");
        assertThat(target("3.12", "manylinux_2_17_x86_64").markerEnvironment())
                .containsEntry("platform_machine", "x86_64");
    }
}
