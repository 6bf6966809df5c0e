package io.jenkins.plugins.pythonmirror.pep;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class SpecifierSetTest {

    /** version, specifier set, matches (default pre-release handling). */
    @ParameterizedTest(name = "{0} in ''{1}'' = {2}")
    @CsvSource(
            delimiter = '|',
            value = {
                // ~= (PEP 440 "Compatible release")
                "2.2     | ~=2.2     | true",
                "2.3     | ~=2.2     | true",
                "3.0     | ~=2.2     | false",
                "2.1     | ~=2.2     | false",
                "1.4.5   | ~=1.4.5   | true",
                "1.4.9   | ~=1.4.5   | true",
                "1.5.0   | ~=1.4.5   | false",
                "2.2.post3 | ~=2.2.post3 | true",
                "2.3     | ~=2.2.post3 | true",
                "2.2     | ~=2.2.post3 | false",
                "1.4.5.0 | ~=1.4.5.0 | true",
                "1.4.6   | ~=1.4.5.0 | false",
                "1!2.5   | ~=1!2.2   | true",
                "2.5     | ~=1!2.2   | false",
                // == exact and prefix
                "1.1     | ==1.1     | true",
                "1.1.0   | ==1.1     | true",
                "1.1.post1 | ==1.1   | false",
                "1.1.post1 | ==1.1.* | true",
                "1.1.5   | ==1.1.*   | true",
                "1.10    | ==1.1.*   | false",
                "1.1     | ==1.1.0.* | true",
                "1.1.1   | ==1.1.0.* | false",
                "1.0+local | ==1.0   | true", // candidate local label ignored
                "1.0+local | ==1.0+local | true",
                "1.0     | ==1.0+local | false",
                "1.0+other | ==1.0+local | false",
                // !=
                "1.1     | !=1.1     | false",
                "1.1.post1 | !=1.1   | true",
                "1.1.post1 | !=1.1.* | false",
                "1.2     | !=1.1.*   | true",
                "1.0+local | !=1.0   | false",
                // inclusive ordered
                "1.0     | <=1.0     | true",
                "1.0+local | <=1.0   | true",
                "1.0.post1 | <=1.0   | false",
                "1.0     | >=1.0     | true",
                "0.9     | >=1.0     | false",
                // exclusive ordered: PEP 440 special cases
                "1.7.1   | >1.7      | true",
                "1.7.post1 | >1.7    | false",
                "1.7.0.post1 | >1.7  | false",
                "1.7.post2 | >1.7.post1 | true",
                "1.7+local | >1.7    | false",
                "1.7.0.post3 | >1.7.post2 | true",
                "1.7.0   | >1.7.post2 | false",
                "1.7.dev0 | <1.7     | false", // a pre-release of 1.7 itself
                "1.7a1   | <1.7.post1 | false",
                "1.6     | <1.7      | true",
                "1.7     | <1.7      | false",
                "1.6.post1 | <1.7    | true",
                "1.7a1   | <1.7rc1   | true",
                "1.6a1   | <1.7a1    | true", // mentions a pre-release, so pre-releases are allowed
                // ===
                "1.0     | ===1.0    | true",
                "1.0.0   | ===1.0    | false",
                // sets
                "1.5     | '>=1.0, <2' | true",
                "2.0     | '>=1.0, <2' | false",
                "1.3.2   | '>=1.0, !=1.3.*, <2' | false",
                "0.1     | ''        | true",
                // pre-releases excluded unless mentioned
                "2.0b1   | ''        | false",
                "2.0b1   | >=1.0     | false",
                "2.0.dev1 | >=1.0    | false",
                "2.0b1   | >=2.0b1   | true",
                "2.0rc1  | '>=1.0, >=2.0a1' | true",
                "2.0b1   | '>=1.0, !=2.0b2' | false",
                "1.0rc1  | ==1.0rc1  | true",
            })
    void matchesPep440Examples(String version, String specifiers, boolean expected) {
        assertThat(SpecifierSet.parse(specifiers).contains(Version.parse(version)))
                .isEqualTo(expected);
    }

    @ParameterizedTest
    @ValueSource(strings = {"2.2", "2.3", "2.9.9", "2.2.post1", "3.0", "2.1", "2.2rc1", "2.9a1", "1!2.2"})
    void compatibleReleaseIsGreaterEqualPlusPrefix(String version) {
        Version v = Version.parse(version);
        assertThat(SpecifierSet.parse("~=2.2").contains(v, true))
                .isEqualTo(SpecifierSet.parse(">=2.2,==2.*").contains(v, true));
    }

    @Test
    void explicitPrereleaseFlagOverridesDefault() {
        assertThat(SpecifierSet.parse(">=1.0").contains(Version.parse("2.0b1"), true))
                .isTrue();
        assertThat(SpecifierSet.parse(">=2.0b1").contains(Version.parse("2.0b1"), false))
                .isFalse();
        assertThat(SpecifierSet.parse("<1.7").contains(Version.parse("1.7a1"), true))
                .isFalse(); // PEP 440: <V never matches pre-releases of V
        assertThat(SpecifierSet.parse("<1.7").contains(Version.parse("1.6a1"), true))
                .isTrue();
    }

    @Test
    void filterFallsBackToPrereleasesWhenNoFinalMatches() {
        List<Version> vs = List.of(Version.parse("1.0"), Version.parse("2.0b1"));
        assertThat(SpecifierSet.parse(">=1.0").filter(vs)).containsExactly(Version.parse("1.0"));
        assertThat(SpecifierSet.parse(">=2.0").filter(vs)).isEmpty();
        assertThat(SpecifierSet.parse(">1.0").filter(vs)).containsExactly(Version.parse("2.0b1"));
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "'>= 1.0 , < 2'    | <2,>=1.0",
                "'==1.1.*'         | ==1.1.*",
                "'~=2.2.0-RC1'     | ~=2.2.0rc1",
                "'===Foo.Bar'      | ===Foo.Bar",
                "''                | ''",
            })
    void printsNormalForm(String input, String normal) {
        assertThat(SpecifierSet.parse(input)).hasToString(normal);
        assertThat(SpecifierSet.parse(normal)).isEqualTo(SpecifierSet.parse(input));
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "1.0", // no operator
                "=>1.0", // unknown operator
                ">=1.0,", // empty clause
                "~=1", // ~= needs two release segments
                ">=1.0.*", // wildcard with an ordered operator
                "==1.0a1.*", // wildcard after a pre-release
                "<=1.0+local", // local label with an ordered operator
                "~=1.0+local",
                ">=french", // not a version
                "== 1.0 1.1", // two versions
            })
    void rejectsInvalid(String input) {
        assertThat(SpecifierSet.isValid(input)).isFalse();
        assertThatThrownBy(() -> SpecifierSet.parse(input)).isInstanceOf(InvalidSpecifierException.class);
    }

    @Test
    void invalidSpecifierMessageNamesClause() {
        assertThatThrownBy(() -> SpecifierSet.parse(">=1.0, ~=1"))
                .hasMessage(
                        "Invalid version specifier '>=1.0, ~=1': clause '~=1': ~= needs at least two release segments");
    }
}
