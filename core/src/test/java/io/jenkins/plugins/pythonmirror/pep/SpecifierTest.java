package io.jenkins.plugins.pythonmirror.pep;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** One clause of PEP 440 (version specifiers specification), rule by rule; pre-release policy is not asked here. */
class SpecifierTest {

    /**
     * PEP 440 "Exclusive ordered comparison": {@code >V} excludes only post-releases and local versions <em>of V
     * itself</em>; {@code <V} excludes pre-releases of V unless V is one. Expected answers are packaging's
     * documented {@code Specifier.contains(version, prereleases=True)}.
     */
    @ParameterizedTest(name = "{1} in {0} = {2}")
    @CsvSource(
            delimiter = '|',
            value = {
                // >V where V is a pre-release: 1.0.post0 is a post-release of 1.0, not of 1.0a1
                ">1.0a1       | 1.0.post0          | true",
                ">1.0a1       | 1.0a2              | true",
                ">1.0a1       | 1.0                | true",
                ">1.0a1       | 1.0a1.post0        | false",
                ">1.0a1       | 1.0a1+local        | false",
                ">1.0a1       | 1.0a1              | false",
                // >V where V is a post-release: the next one, local or not, is admitted
                ">1.0.post1   | 1.0.post2+local    | true",
                ">1.0.post1   | 1.0.post2.dev0     | true",
                ">1.0.post1   | 1.0.post1+local    | false",
                ">1.0.post1   | 1.0.post1          | false",
                ">1.0.post1   | 1.0.post0          | false",
                // >V where V is a dev release: 1.0+local is a local version of 1.0, not of 1.0.dev1
                ">1.0.dev1    | 1.0+local          | true",
                ">1.0.dev1    | 1.0.dev2           | true",
                ">1.0.dev1    | 1.0.dev1+local     | false",
                ">1.0.dev1    | 1.0a1              | true",
                // >V where V is a final release
                ">1.7         | 1.7.1              | true",
                ">1.7         | 1.7.post1          | false",
                ">1.7         | 1.7.0.post1        | false",
                ">1.7         | 1.7+local          | false",
                ">1.7         | 1.7.post1.dev1     | false",
                ">1.7         | 1.7.1.dev0         | true",
                ">1.7         | 1.8+local          | true",
                ">1!1.0       | 1!1.0.post1        | false",
                ">1.0         | 1!0.5              | true",
                // <V where V is not a pre-release: only V's own pre-releases (V.devN... below V) are out
                "<1.0.post1   | 1.0rc1             | true",
                "<1.0.post1   | 1.0.dev0           | true",
                "<1.0.post1   | 1.0                | true",
                "<1.0.post1   | 1.0.post0+local    | true",
                "<1.0.post1   | 1.0.post1.dev0     | false",
                "<1.0         | 1.0rc1             | false",
                "<1.0         | 1.0.dev0           | false",
                "<2.0.0       | 2a1                | false",
                "<1.0         | 0.9+local          | true",
                "<1.0         | 0.9.post1          | true",
                // <V where V is a pre-release
                "<1.0rc1      | 1.0a1              | true",
                "<1.0rc1      | 1.0rc1.dev1        | true",
                "<1.0rc1      | 1.0rc1             | false",
                "<1.0.dev5    | 1.0.dev4           | true",
                "<1.0a1.post1 | 1.0a1.post1.dev1   | true",
            })
    void exclusiveOrderedComparison(String specifier, String version, boolean expected) {
        assertThat(Specifier.parse(specifier).contains(Version.parse(version))).isEqualTo(expected);
        assertThat(SpecifierSet.parse(specifier).contains(Version.parse(version), true))
                .isEqualTo(expected);
    }

    /**
     * PEP 440 "Arbitrary equality": {@code ===} compares the version as written, case-insensitively, and never its
     * normal form; strings that are no PEP 440 version match too. The other operators compare parsed versions, and
     * text that does not parse never matches (packaging's {@code Specifier.contains} on a string).
     */
    @ParameterizedTest(name = "''{1}'' in {0} = {2}")
    @CsvSource(
            delimiter = '|',
            value = {
                "===1.01        | 1.01           | true",
                "===1.01        | 1.1            | false",
                "===1.01        | 1.010          | false",
                "===foobar      | foobar         | true",
                "===foobar      | FooBar         | true",
                "===FooBar      | foobar         | true",
                "===1.0         | 1.0.0          | false",
                "===1.0         | 1.0            | true",
                "===1.0+local   | 1.0+LOCAL      | true",
                "===1.0         | 1.0+local      | false",
                "===2018.1.0-beta | 2018.1.0-beta | true",
                "==1.01         | 1.1            | true",
                "==1.1          | 1.01           | true",
                ">=1.0          | foobar         | false",
                "!=1.0          | foobar         | false",
            })
    void arbitraryEqualityComparesTheTextAsWritten(String specifier, String asWritten, boolean expected) {
        assertThat(Specifier.parse(specifier).contains(asWritten)).isEqualTo(expected);
        assertThat(SpecifierSet.parse(specifier).contains(asWritten, true)).isEqualTo(expected);
    }

    @Test
    void arbitraryEqualityOnAParsedVersionComparesItsNormalForm() {
        // A Version object no longer knows how it was written: 1.01 prints as 1.1.
        assertThat(Specifier.parse("===1.01").contains(Version.parse("1.01"))).isFalse();
        assertThat(Specifier.parse("===1.1").contains(Version.parse("1.01"))).isTrue();
    }

    /**
     * Specifier equality as packaging defines it ({@code Specifier.__eq__}, canonical form without trailing zeros
     * per PEP 440 "Version matching" padding): not for {@code ~=}, wildcards or {@code ===}, whose text counts.
     */
    @ParameterizedTest(name = "{0} equals {1} = {2}")
    @CsvSource(
            delimiter = '|',
            value = {
                "==2.8.0        | ==2.8          | true",
                ">=1.0          | >=1.0.0        | true",
                "!=1.0          | !=1.0.0.0      | true",
                "<1.0rc1        | <1.0.0rc1      | true",
                "==1.0+local    | ==1.0.0+local  | true",
                ">1!2.0         | >1!2           | true",
                "<=2.0.post0    | <=2.post0      | true",
                "~=1.0          | ~=1.0.0        | false",
                "==1.0.*        | ==1.0.0.*      | false",
                "===1.0         | ===1.0.0       | false",
                "===Foo         | ===foo         | false",
                "==1.0          | >=1.0          | false",
                "==1.0          | ==1.0.1        | false",
            })
    void equalityIgnoresTrailingZeros(String a, String b, boolean expected) {
        Specifier x = Specifier.parse(a);
        Specifier y = Specifier.parse(b);
        assertThat(x.equals(y)).isEqualTo(expected);
        if (expected) {
            assertThat(x.hashCode()).isEqualTo(y.hashCode());
        }
        assertThat(SpecifierSet.parse(a).equals(SpecifierSet.parse(b))).isEqualTo(expected);
    }

    @Test
    void specifierSetsCompareClauseByClauseAndPrintEqualClausesOnce() {
        assertThat(SpecifierSet.parse("==2.8.0, >=1.0")).isEqualTo(SpecifierSet.parse(">=1,==2.8"));
        assertThat(SpecifierSet.parse("==2.8.0, >=1.0").hashCode())
                .isEqualTo(SpecifierSet.parse(">=1,==2.8").hashCode());
        assertThat(SpecifierSet.parse("==1.0, ==1.0.0")).hasToString("==1.0").isEqualTo(SpecifierSet.parse("==1"));
        assertThat(Requirement.parse("foo==2.8.0")).isEqualTo(Requirement.parse("foo==2.8"));
    }
}
