package io.jenkins.plugins.pythonmirror.privateindex;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jenkins.plugins.pythonmirror.pep.ProjectName;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class NamePatternsTest {

    @ParameterizedTest(name = "{0} ~ {1}: {2}")
    @CsvSource({
        "acme-*,   acme-lib,      true",
        "acme-*,   Acme_Lib,      true", // PEP 503: compared normalized
        "acme-*,   acme.tools.x,  true",
        "Acme_*,   acme-lib,      true", // the pattern is normalized too
        "acme-*,   acme,          false",
        "acme-*,   notacme-lib,   false",
        "acme-*,   acmelib,       false",
        "*-internal, billing-internal, true",
        "acme-?,   acme-1,        true",
        "acme-?,   acme-12,       false",
        "exact,    exact,         true",
        "exact,    exactly,       false",
    })
    void globsMatchNormalizedNames(String glob, String name, boolean matches) {
        assertThat(NamePatterns.of(List.of(glob)).matches(ProjectName.parse(name)))
                .isEqualTo(matches);
    }

    @ParameterizedTest
    @CsvSource({"acme/*", "acme-[a-z]", "ac me", "^acme"})
    void patternsWithOtherCharactersAreRefused(String glob) {
        assertThatThrownBy(() -> NamePatterns.of(List.of(glob)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(glob);
    }

    @ParameterizedTest
    @CsvSource({"acme-lib"})
    void blankPatternsAreIgnored(String name) {
        NamePatterns none = NamePatterns.of(java.util.Arrays.asList("", "  ", null));
        assertThat(none.isEmpty()).isTrue();
        assertThat(none.matches(ProjectName.parse(name))).isFalse();
    }
}
