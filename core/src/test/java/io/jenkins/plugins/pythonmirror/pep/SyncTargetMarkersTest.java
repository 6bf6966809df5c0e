package io.jenkins.plugins.pythonmirror.pep;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Markers and tags as mirror sync meets them: PEP 508 examples evaluated for each target environment (with and
 * without an extra), and PEP 425's own examples of compressed tag sets and tag preference.
 */
class SyncTargetMarkersTest {

    static final TargetEnvironment LINUX_311 =
            TargetEnvironment.of("3.11", List.of("manylinux_2_17_x86_64", "linux_x86_64"));
    static final TargetEnvironment WIN_312 = TargetEnvironment.of("3.12", List.of("win_amd64"));
    static final TargetEnvironment MAC_310 = TargetEnvironment.of("3.10", List.of("macosx_11_0_arm64"));

    private static boolean eval(String marker, TargetEnvironment env, String extra) {
        Map<String, String> m = new HashMap<>(env.markerEnvironment());
        m.put("extra", extra);
        return Marker.parse(marker).evaluate(m);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(
            delimiter = '|',
            textBlock =
                    """
            # marker (PEP 508 examples and the issue's)                     | linux 3.11 | win 3.12 | mac 3.10
            python_version < "3.12"                                          | true       | false    | true
            python_version >= "3.8" and python_version < "3.12"              | true       | false    | true
            sys_platform == "linux"                                          | true       | false    | false
            sys_platform == "win32"                                          | false      | true     | false
            sys_platform == "darwin"                                         | false      | false    | true
            os_name == "nt"                                                  | false      | true     | false
            platform_system == "Windows"                                     | false      | true     | false
            platform_system == "Darwin" and platform_machine == "arm64"      | false      | false    | true
            platform_machine == "x86_64"                                     | true       | false    | false
            implementation_name == "cpython"                                 | true       | true     | true
            python_full_version >= "3.10.0"                                  | true       | true     | true
            os_name=='a' or os_name=='b'                                     | false      | false    | false
            python_version<'2.7' and platform_version=='2'                   | false      | false    | false
            """)
    void markersEvaluatePerTargetEnvironment(String marker, boolean linux, boolean win, boolean mac) {
        assertThat(eval(marker, LINUX_311, "")).as("linux 3.11").isEqualTo(linux);
        assertThat(eval(marker, WIN_312, "")).as("win 3.12").isEqualTo(win);
        assertThat(eval(marker, MAC_310, "")).as("mac 3.10").isEqualTo(mac);
    }

    @Test
    void extraMarkersApplyOnlyWhenTheExtraIsRequested() {
        // PEP 508: requests[security] → Requires-Dist: pyOpenSSL; extra == "security"
        Requirement r = Requirement.parse("pyOpenSSL>=0.14; extra == \"security\"");
        Map<String, String> env = new HashMap<>(LINUX_311.markerEnvironment());
        env.put("extra", "");
        assertThat(r.appliesTo(env)).isFalse();
        env.put("extra", "security");
        assertThat(r.appliesTo(env)).isTrue();
        Requirement both = Requirement.parse("win-inet-pton; sys_platform == \"win32\" and extra == \"socks\"");
        env.put("extra", "socks");
        assertThat(both.appliesTo(env)).isFalse();
        Map<String, String> win = new HashMap<>(WIN_312.markerEnvironment());
        win.put("extra", "socks");
        assertThat(both.appliesTo(win)).isTrue();
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(
            delimiter = '|',
            textBlock =
                    """
            # PEP 425 examples: compressed tag sets and the kinds of wheel | linux 3.11 | win 3.12 | mac 3.10
            distribution-1.0-1-py27-none-any.whl                          | false      | false    | false
            distribution-1.0-py2.py3-none-any.whl                          | true       | true     | true
            distribution-1.0-py3-none-any.whl                              | true       | true     | true
            distribution-1.0-cp311-cp311-linux_x86_64.whl                  | true       | false    | false
            distribution-1.0-cp311-cp311-manylinux_2_5_x86_64.manylinux1_x86_64.whl | true | false | false
            distribution-1.0-cp311-cp311-manylinux_2_28_x86_64.whl         | false      | false    | false
            distribution-1.0-cp37-abi3-manylinux_2_17_x86_64.whl           | true       | false    | false
            distribution-1.0-cp37-abi3-win_amd64.whl                       | false      | true     | false
            distribution-1.0-cp312-cp312-win_amd64.whl                     | false      | true     | false
            distribution-1.0-cp312-cp312-win32.whl                         | false      | false    | false
            distribution-1.0-cp310-cp310-macosx_10_9_universal2.whl        | false      | false    | true
            distribution-1.0-cp310-cp310-macosx_12_0_arm64.whl             | false      | false    | false
            distribution-1.0-pp310-pypy310_pp73-manylinux_2_17_x86_64.whl  | false      | false    | false
            """)
    void wheelTagsAreCompatiblePerTargetEnvironment(String wheel, boolean linux, boolean win, boolean mac) {
        WheelFilename w = WheelFilename.parse(wheel);
        assertThat(LINUX_311.isCompatible(w)).as("linux 3.11").isEqualTo(linux);
        assertThat(WIN_312.isCompatible(w)).as("win 3.12").isEqualTo(win);
        assertThat(MAC_310.isCompatible(w)).as("mac 3.10").isEqualTo(mac);
    }

    @Test
    void tagPreferenceFollowsPep425() {
        // PEP 425 "Use": the interpreter's own ABI first, then abi3, none, generic py3X, and pure 'any' last.
        List<String> tags = WIN_312.compatibleTags().stream().map(Tag::toString).toList();
        assertThat(tags.get(0)).isEqualTo("cp312-cp312-win_amd64");
        assertThat(tags)
                .containsSubsequence(
                        "cp312-cp312-win_amd64",
                        "cp312-abi3-win_amd64",
                        "cp312-none-win_amd64",
                        "cp311-abi3-win_amd64",
                        "py312-none-win_amd64",
                        "cp312-none-any",
                        "py312-none-any",
                        "py3-none-any",
                        "py30-none-any");
    }
}
