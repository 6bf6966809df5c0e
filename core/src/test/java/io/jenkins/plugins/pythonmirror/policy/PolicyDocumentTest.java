package io.jenkins.plugins.pythonmirror.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jenkins.plugins.pythonmirror.pep.ProjectName;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The JSON of api/policy and the YAML of --policy-file: one shape, strict, round trips. */
class PolicyDocumentTest {

    static final String YAML =
            """
            minReleaseAge: 7d
            unknownAge: hold
            neverHeld: ["acme-*"]
            ageOverrides:
              NumPy: 14d
              urllib3: 0
            blocked:
              - release: "demo==1.0"
                reason: "broken wheel: see https://example.com/issue/12"
              - release: evil
                reason: typosquat
            """;

    @Test
    void readsTheWholePolicyFromYaml() {
        ReleasePolicy p = PolicyDocument.parseYaml(YAML);
        assertThat(p.minReleaseAge()).isEqualTo(Duration.ofDays(7));
        assertThat(p.unknownAge()).isEqualTo(ReleasePolicy.UnknownAge.HOLD);
        assertThat(p.neverHeld()).containsExactly("acme-*");
        assertThat(p.ageOverrides())
                .containsEntry(ProjectName.parse("numpy"), Duration.ofDays(14))
                .containsEntry(ProjectName.parse("urllib3"), Duration.ZERO);
        assertThat(p.blocked()).extracting(BlockedRelease::release).containsExactly("demo==1.0", "evil");
        assertThat(p.blocked().get(0).reason()).isEqualTo("broken wheel: see https://example.com/issue/12");
    }

    @Test
    void jsonAndYamlRoundTrip() {
        ReleasePolicy p = PolicyDocument.parseYaml(YAML);
        assertThat(PolicyDocument.parseJson(PolicyDocument.toJson(p))).isEqualTo(p);
        assertThat(PolicyDocument.parseYaml(PolicyDocument.toYaml(p))).isEqualTo(p);
        assertThat(PolicyDocument.toJson(p)).contains("\"minReleaseAge\" : \"7d\"");
    }

    @Test
    void absentKeysTakeTheirDefaultsSoADocumentReplacesTheWholePolicy() {
        assertThat(PolicyDocument.parseJson("{}")).isEqualTo(ReleasePolicy.NONE);
        assertThat(PolicyDocument.parseYaml("")).isEqualTo(ReleasePolicy.NONE);
        assertThat(PolicyDocument.parseJson("{\"minReleaseAge\": \"0\"}")).isEqualTo(ReleasePolicy.NONE);
        assertThat(PolicyDocument.parseJson("{\"minReleaseAge\": 3600}").minReleaseAge())
                .as("a bare number is seconds, as on the command line")
                .isEqualTo(Duration.ofHours(1));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(
            delimiter = '|',
            quoteCharacter = '`',
            value = {
                "{\"minReleaseAge\": \"7 days\"} | minReleaseAge: Invalid duration '7 days': use a number with ms, s, m,"
                        + " h or d, such as 10m",
                "{\"minReleaseage\": \"7d\"} | Unknown key 'minReleaseage' in policy (known: ageOverrides, blocked,"
                        + " minReleaseAge, neverHeld, unknownAge)",
                "{\"unknownAge\": \"deny\"} | Unknown age must be 'allow' or 'hold', not 'deny'",
                "{\"blocked\": [{\"release\": \"demo==1.0\"}]} | blocked[0]: Blocked release 'demo==1.0' needs a"
                        + " reason (the one line builds are shown)",
                "{\"blocked\": [\"demo==1.0\"]} | blocked[0] must be an object with release and reason",
                "{\"blocked\": [{\"release\": \"demo=>1\", \"reason\": \"x\"}]} | blocked[0]: Blocked release"
                        + " 'demo=>1': clause '=>1': expected an operator (~=, ==, !=, <=, >=, <, >, ===) and a version",
                "{\"blocked\": [{\"release\": \"demo\", \"reason\": \"x\", \"until\": 1}]} | Unknown key 'until' in"
                        + " blocked[0] (known: reason, release)",
                "{\"ageOverrides\": {\"not a name\": \"1d\"}} | ageOverrides: 'not a name' is not a project name",
                "{\"ageOverrides\": [\"numpy: 1d\"]} | ageOverrides must map project names to ages, such as numpy: 14d",
                "{\"neverHeld\": \"acme-*\"} | neverHeld must be a list",
                "[] | A policy must be an object with ageOverrides, blocked, minReleaseAge, neverHeld, unknownAge",
                "{\"minReleaseAge\": true} | minReleaseAge must be a duration such as 7d or 12h",
            })
    void aBadDocumentIsRefusedWithOneLineNamingTheEntry(String json, String message) {
        assertThatThrownBy(() -> PolicyDocument.parseJson(json))
                .isInstanceOf(InvalidPolicyException.class)
                .hasMessage(message);
    }

    @Test
    void brokenJsonIsRefusedInOneLine() {
        assertThatThrownBy(() -> PolicyDocument.parseJson("{\"minReleaseAge\": \"7d\"} trailing"))
                .isInstanceOf(InvalidPolicyException.class)
                .hasMessageStartingWith("Not valid JSON: ")
                .hasMessageNotContaining("\n");
        assertThatThrownBy(() -> PolicyDocument.parseJson("{\"minReleaseAge\": \"7d\", \"minReleaseAge\": \"0\"}"))
                .hasMessageContaining("Duplicate field 'minReleaseAge'");
    }
}
