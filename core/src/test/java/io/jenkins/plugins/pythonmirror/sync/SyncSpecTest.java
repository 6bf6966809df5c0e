package io.jenkins.plugins.pythonmirror.sync;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jenkins.plugins.pythonmirror.pep.TargetEnvironment;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SyncSpecTest {

    private static final String ISSUE_EXAMPLE =
            """
            requirements:            # PEP 508 lines, as in a requirements file
              - flask>=3
              - "numpy<2; python_version < '3.12'"
              - requests[socks]
            environments:            # what the builds run on
              - python: "3.11"
                platforms: [manylinux_2_17_x86_64, linux_x86_64]
              - python: "3.12"
                platforms: [win_amd64]
            versions: latest         # latest | all | a number N (newest N matching)
            prereleases: false
            sdists: true             # also keep the sdist of each selected version
            """;

    @Test
    void parsesTheIssueExample() {
        SyncSpec spec = SyncSpec.parse(ISSUE_EXAMPLE);
        assertThat(spec.requirements())
                .extracting(Object::toString)
                .containsExactly("flask>=3", "numpy<2; python_version < \"3.12\"", "requests[socks]");
        assertThat(spec.environments())
                .containsExactly(
                        TargetEnvironment.of("3.11", List.of("manylinux_2_17_x86_64", "linux_x86_64")),
                        TargetEnvironment.of("3.12", List.of("win_amd64")));
        assertThat(spec.versions()).isEqualTo(VersionPolicy.LATEST);
        assertThat(spec.prereleases()).isFalse();
        assertThat(spec.sdists()).isTrue();
    }

    @Test
    void acceptsAPastedRequirementsFileAndDefaults() {
        SyncSpec spec = SyncSpec.parse(
                """
                requirements: |
                  # from requirements.txt
                  six
                  attrs>=23  # comment
                environments:
                  - python: 3.10
                    platforms: macosx_11_0_arm64
                versions: 3
                """);
        assertThat(spec.requirements()).extracting(Object::toString).containsExactly("six", "attrs>=23");
        assertThat(spec.environments().get(0).pythonVersion())
                .as("3.10 stays 3.10, not the float 3.1")
                .isEqualTo("3.10");
        assertThat(spec.versions().newest()).isEqualTo(3);
        assertThat(spec.sdists()).isTrue();
        assertThat(spec.prereleases()).isFalse();
        assertThat(SyncSpec.parse(ISSUE_EXAMPLE.replace("versions: latest", "versions: all"))
                        .versions())
                .isEqualTo(VersionPolicy.ALL);
    }

    /** Implementations and ABIs (PEP 425 interpreter and ABI tags; PEP 703 free-threaded CPython). */
    @Test
    void namesImplementationsAndAbis() {
        SyncSpec spec = SyncSpec.parse(
                """
                requirements: [numpy]
                environments:
                  - python: "3.10"
                    implementation: pp
                    platforms: [manylinux_2_17_x86_64]
                  - python: "3.13"
                    abi: cp313t
                    platforms: [manylinux_2_17_x86_64]
                  - python: "3.11"
                    implementation: graalpy
                    abi: [graalpy241_311_native, graalpy242_311_native]
                    platforms: [manylinux_2_28_x86_64]
                """);
        assertThat(spec.environments())
                .containsExactly(
                        new TargetEnvironment("3.10", "pp", List.of("manylinux_2_17_x86_64"), List.of("pypy310_pp73")),
                        new TargetEnvironment("3.13", "cp", List.of("manylinux_2_17_x86_64"), List.of("cp313t")),
                        new TargetEnvironment(
                                "3.11",
                                "graalpy",
                                List.of("manylinux_2_28_x86_64"),
                                List.of("graalpy241_311_native", "graalpy242_311_native")));
        assertThat(spec.environments().get(1).isFreeThreaded()).isTrue();
    }

    @ParameterizedTest(name = "{2}")
    @CsvSource(
            delimiter = '|',
            textBlock =
                    """
            requirements: [six]\\nenvironments: [{python: '3.11', platforms: [linux_x86_64]}]\\nmirror: all | 3 | unknown key 'mirror'; expected one of environments, prereleases, requirements, sdists, versions
            requirements:\\n  - six\\n  - 'flask >= 3 ;;'\\nenvironments: [{python: '3.11', platforms: [any]}] | 3 | Invalid requirement 'flask >= 3 ;;'
            requirements: [six]\\nenvironments:\\n  - python: '3.11'\\n    platforms: [linux_x86_64, windows_98] | 4 | windows_98
            requirements: [six]\\nenvironments:\\n  - python: '2.7'\\n    platforms: [linux_x86_64] | 3 | Invalid Python version '2.7'
            requirements: [six]\\nenvironments:\\n  - python: '3.11'\\n    platform: [linux_x86_64] | 4 | unknown key 'platform' in an environment
            requirements: [six]\\nenvironments: [{python: '3.11', platforms: [any]}]\\nversions: newest | 3 | versions must be latest, all or a number of at least 1, not 'newest'
            requirements: [six]\\nenvironments: [{python: '3.11', platforms: [any]}]\\nsdists: maybe | 3 | sdists must be true or false
            requirements: [-r other.txt]\\nenvironments: [{python: '3.11', platforms: [any]}] | 1 | pip options such as -r
            environments: [{python: '3.11', platforms: [any]}] | 1 | 'requirements' is missing
            requirements: [six]\\nenvironments: [] | 2 | environments is empty
            requirements: [six\\nenvironments: [] | 2 | not valid YAML
            requirements: [six]\\nenvironments:\\n  - python: '3.12'\\n    abi: cp312t\\n    platforms: [linux_x86_64] | 4 | free-threaded CPython (PEP 703) starts with 3.13
            requirements: [six]\\nenvironments:\\n  - python: '3.13'\\n    abi: {a: b}\\n    platforms: [linux_x86_64] | 4 | abi must be a list
            """)
    void rejectsBadSpecsWithTheLineAndReason(String yaml, int line, String reason) {
        assertThatThrownBy(() -> SyncSpec.parse(yaml.replace("\\n", "\n")))
                .isInstanceOf(InvalidSyncSpecException.class)
                .hasMessageStartingWith("line " + line + ": ")
                .hasMessageContaining(reason)
                .satisfies(
                        e -> assertThat(((InvalidSyncSpecException) e).line()).isEqualTo(line));
    }

    @Test
    void anEmptySpecIsRejected() {
        assertThatThrownBy(() -> SyncSpec.parse("  \n"))
                .isInstanceOf(InvalidSyncSpecException.class)
                .hasMessageContaining("empty");
    }
}
