package io.jenkins.plugins.pythonmirror.pep;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class VersionTest {

    /** In ascending order; the middle block is PEP 440's "Summary of permitted suffixes and relative ordering". */
    static final List<String> VERSIONS = List.of(
            "0.9",
            "1.dev0",
            "1.0.dev456",
            "1.0a1",
            "1.0a2.dev456",
            "1.0a12.dev456",
            "1.0a12",
            "1.0b1.dev456",
            "1.0b2",
            "1.0b2.post345.dev456",
            "1.0b2.post345",
            "1.0rc1.dev456",
            "1.0rc1",
            "1.0",
            "1.0+abc.5",
            "1.0+abc.7",
            "1.0+5",
            "1.0.post456.dev34",
            "1.0.post456",
            "1.0.15",
            "1.1.dev1",
            "1.2+123abc",
            "1.2+123abc456",
            "1.2+abc",
            "1.2+abc123",
            "1.2+abc123def",
            "1.2+1234.abc",
            "1.2+123456",
            "2024.1",
            "20240101123456",
            // epochs sort before everything else
            "1!0.1",
            "1!1.0.dev1",
            "1!1.0",
            "2!0.0.1");

    static Stream<Arguments> pairs() {
        Stream.Builder<Arguments> b = Stream.builder();
        for (int i = 0; i < VERSIONS.size(); i++) {
            for (int j = 0; j < VERSIONS.size(); j++) {
                b.add(Arguments.of(VERSIONS.get(i), VERSIONS.get(j), Integer.compare(i, j)));
            }
        }
        return b.build();
    }

    @ParameterizedTest(name = "{0} vs {1}")
    @MethodSource("pairs")
    void comparesInPep440Order(String left, String right, int expected) {
        Version a = Version.parse(left);
        Version b = Version.parse(right);
        assertThat(Integer.signum(a.compareTo(b))).isEqualTo(expected);
        assertThat(a.equals(b)).isEqualTo(expected == 0);
    }

    /** PEP 440 "Normalization" section, one row per rule. */
    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({
        "1.0-RC1, 1.0rc1", // case
        "1.0RC1, 1.0rc1",
        "v1.0, 1.0", // preceding v
        "' 1.0 ', 1.0", // leading and trailing whitespace
        "1.1.a1, 1.1a1", // pre-release separators
        "1.1-a1, 1.1a1",
        "1.1_a1, 1.1a1",
        "1.1a.1, 1.1a1",
        "1.1alpha1, 1.1a1", // pre-release spelling
        "1.1beta2, 1.1b2",
        "1.1c3, 1.1rc3",
        "1.1pre4, 1.1rc4",
        "1.1preview5, 1.1rc5",
        "1.2a, 1.2a0", // implicit pre-release number
        "1.2.post-2, 1.2.post2", // post-release separators
        "1.2post2, 1.2.post2",
        "1.2-post2, 1.2.post2",
        "1.2_post2, 1.2.post2",
        "1.0-r4, 1.0.post4", // post-release spelling
        "1.0-rev4, 1.0.post4",
        "1.0.post, 1.0.post0", // implicit post-release number
        "1.0-1, 1.0.post1", // implicit post release
        "1.2-dev2, 1.2.dev2", // development release separators
        "1.2_dev2, 1.2.dev2",
        "1.2dev2, 1.2.dev2",
        "1.2.dev, 1.2.dev0", // implicit development release number
        "1.0+ubuntu-1, 1.0+ubuntu.1", // local version segments
        "1.0+ubuntu_1, 1.0+ubuntu.1",
        "1.0+UBUNTU.1, 1.0+ubuntu.1",
        "00.01.0010, 0.1.10", // integer normalization
        "1.0+01, 1.0+1",
        "0!1.0, 1.0", // zero epoch is dropped
        "1!1.0, 1!1.0",
        "20240101123456, 20240101123456", // large numbers
    })
    void normalizes(String input, String normal) {
        assertThat(Version.parse(input)).hasToString(normal);
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "", // empty
                "1.0 1", // inner whitespace
                "1.0a1a2", // two pre-release segments
                "1.0+", // empty local label
                "1.0+a_", // local label ends in a separator
                "1.0+ä", // non-ASCII local label
                "1!", // epoch without release
                "1.0.dev1.post1", // post after dev
                "french toast", // not a version
                "1.0.*", // wildcards belong to specifiers
                "99999999999999999999", // beyond long
            })
    void rejectsInvalid(String input) {
        assertThat(Version.isValid(input)).isFalse();
        assertThatThrownBy(() -> Version.parse(input)).isInstanceOf(InvalidVersionException.class);
    }

    @Test
    void invalidVersionMessageQuotesInput() {
        assertThatThrownBy(() -> Version.parse("french toast"))
                .hasMessage("Invalid version 'french toast': does not match PEP 440"
                        + " ([N!]N(.N)*[{a|b|rc}N][.postN][.devN][+local])");
        assertThatThrownBy(() -> Version.parse("99999999999999999999"))
                .hasMessage("Invalid version '99999999999999999999': has a number larger than 9223372036854775807");
    }

    @Test
    void equalVersionsHaveEqualHashCodes() {
        assertThat(Version.parse("1.0")).isEqualTo(Version.parse("1.0.0")).hasSameHashCodeAs(Version.parse("1.0.0"));
        assertThat(Version.parse("1.0+abc-01")).isEqualTo(Version.parse("1.0+ABC.1"));
        assertThat(Version.parse("1.0+abc-01").hashCode())
                .isEqualTo(Version.parse("1.0+ABC.1").hashCode());
    }

    @Test
    void exposesParts() {
        Version v = Version.parse("2!1.2.3rc4.post5.dev6+local.7");
        assertThat(v.epoch()).isEqualTo(2);
        assertThat(v.release()).containsExactly(1L, 2L, 3L);
        assertThat(v.preLabel()).isEqualTo("rc");
        assertThat(v.preNumber()).isEqualTo(4);
        assertThat(v.post()).isEqualTo(5);
        assertThat(v.dev()).isEqualTo(6);
        assertThat(v.local()).isEqualTo("local.7");
        assertThat(v.publicVersion()).hasToString("2!1.2.3rc4.post5.dev6");
        assertThat(v.baseVersion()).hasToString("2!1.2.3");
        assertThat(v.isPrerelease()).isTrue();
        assertThat(v.isDevRelease()).isTrue();
        assertThat(v.isPostRelease()).isTrue();
    }

    @ParameterizedTest
    @CsvSource({
        "1.0, false",
        "1.0a1, true",
        "1.0rc1, true",
        "1.0.dev0, true",
        "1.0.post1, false",
        "1.0.post1.dev1, true"
    })
    void knowsPrereleases(String version, boolean pre) {
        assertThat(Version.parse(version).isPrerelease()).isEqualTo(pre);
    }
}
