package io.jenkins.plugins.pythonmirror.pep;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class WheelFilenameTest {

    @Test
    void parsesPep427Example() {
        WheelFilename w = WheelFilename.parse("distribution-1.0-1-py27-none-any.whl");
        assertThat(w.name()).isEqualTo(ProjectName.parse("distribution"));
        assertThat(w.version()).isEqualTo(Version.parse("1.0"));
        assertThat(w.buildTag()).isEqualTo("1");
        assertThat(w.buildNumber()).isEqualTo(1);
        assertThat(w.pythonTags()).containsExactly("py27");
        assertThat(w.abiTags()).containsExactly("none");
        assertThat(w.platformTags()).containsExactly("any");
        assertThat(w.isPure()).isTrue();
        assertThat(w.filename()).isEqualTo("distribution-1.0-1-py27-none-any.whl");
    }

    @Test
    void expandsCompressedTagSets() {
        WheelFilename w =
                WheelFilename.parse("numpy-1.26.4-cp312-cp312-manylinux_2_17_x86_64.manylinux2014_x86_64.whl");
        assertThat(w.buildTag()).isNull();
        assertThat(w.platformTags()).containsExactly("manylinux_2_17_x86_64", "manylinux2014_x86_64");
        assertThat(w.tags())
                .containsExactly(
                        new Tag("cp312", "cp312", "manylinux_2_17_x86_64"),
                        new Tag("cp312", "cp312", "manylinux2014_x86_64"));
        assertThat(WheelFilename.parse("six-1.16.0-py2.py3-none-any.whl").tags())
                .extracting(Tag::toString)
                .containsExactly("py2-none-any", "py3-none-any");
    }

    @Test
    void acceptsUppercaseAndDotsInNamesAsConsumersMust() {
        WheelFilename w = WheelFilename.parse("Zope.Interface-5.0-cp38-CP38-Win_AMD64.whl");
        assertThat(w.name()).hasToString("zope-interface");
        assertThat(w.abiTags()).containsExactly("cp38");
        assertThat(w.platformTags()).containsExactly("win_amd64");
        assertThat(w.canonicalFilename()).isEqualTo("zope_interface-5.0-cp38-cp38-win_amd64.whl");
        assertThat(w).hasToString("Zope.Interface-5.0-cp38-CP38-Win_AMD64.whl");
        assertThat(DistributionFilename.parse("Zope.Interface-5.0-cp38-CP38-Win_AMD64.whl"))
                .isEqualTo(w);
    }

    @Test
    void buildTagSortsAsNumberThenString() {
        assertThat(WheelFilename.parse("pkg-1.0-12abc-py3-none-any.whl").buildNumber())
                .isEqualTo(12);
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "pkg-1.0-py3-none.whl", // too few parts
                "pkg-1.0-1-2-py3-none-any.whl", // too many parts
                "pkg-1.0-x1-py3-none-any.whl", // build tag must start with a digit
                "pkg-french-py3-none-any.whl", // invalid version
                "pkg-1.0-py3-none-any.zip", // wrong extension
                "pkg-1.0-py3-none-.whl", // empty platform tag
                "pkg-1.0-py3..py2-none-any.whl", // empty python tag
                "../pkg-1.0-py3-none-any.whl", // traversal
                "dir/pkg-1.0-py3-none-any.whl", // path separator
                "dir\\pkg-1.0-py3-none-any.whl", // Windows path separator
                "pkg-1.0-py3-none-any.whl\u0000.txt", // NUL
                ".pkg-1.0-py3-none-any.whl", // hidden file
                "pkg-1.0-py3-none-any\u00e9.whl", // non-ASCII platform tag
            })
    void rejectsInvalid(String filename) {
        assertThatThrownBy(() -> WheelFilename.parse(filename)).isInstanceOf(InvalidFilenameException.class);
    }

    @Test
    void invalidFilenameMessageQuotesAndExplains() {
        assertThatThrownBy(() -> WheelFilename.parse("pkg-1.0-x1-py3-none-any.whl"))
                .hasMessage("Invalid distribution filename 'pkg-1.0-x1-py3-none-any.whl':"
                        + " build tag 'x1' must start with a digit");
        assertThatThrownBy(() -> WheelFilename.parse("pkg-1.0\u0000-py3-none-any.whl"))
                .hasMessage("Invalid distribution filename 'pkg-1.0\\x00-py3-none-any.whl':"
                        + " contains a control character at position 7");
    }

    /**
     * Binary distribution format ("File name convention", "Escaping and Unicode") and PEP 425 tags, as packaging's
     * {@code parse_wheel_filename} reads them: filename, then the normalized name or the reason it is rejected.
     */
    @ParameterizedTest(name = "{0}: {1}")
    @CsvSource(
            delimiter = '|',
            value = {
                // escaping: every run of -_. is one '_', so '__' never appears in a wheel's name
                "foo__bar-1.0-py3-none-any.whl        | ERROR has '__'",
                "foo_bar-1.0-py3-none-any.whl         | foo-bar",
                "foo._bar-1.0-py3-none-any.whl        | foo-bar",
                // python tags are interpreter names, never versions
                "foo-1.0-2.7.6-none-any.whl           | ERROR invalid python tag '2'",
                "foo-1.0-1-py3-none.whl               | ERROR invalid python tag '1'", // four parts, no build number
                "foo-1.0-1-py3-none-any.whl           | foo",
                "foo-1.0-_py3-none-any.whl            | foo",
                // Unicode names: packaging takes word characters of any script, normalized like ASCII ones
                "caf\u00e9-1.0-py3-none-any.whl       | caf\u00e9",
                "Stra\u00dfe.Lib-1.0-py3-none-any.whl | stra\u00dfe-lib",
                "\u0434\u0435\u043c\u043e-2.0-py3-none-any.whl | \u0434\u0435\u043c\u043e",
                "foo\u00a0bar-1.0-py3-none-any.whl    | ERROR is not a valid wheel project name", // no-break space
                "foo+bar-1.0-py3-none-any.whl         | ERROR is not a valid wheel project name",
                "pkg_-1.0-py3-none-any.whl            | pkg-",
            })
    void followsTheBinaryDistributionFormat(String filename, String expected) {
        if (expected.startsWith("ERROR ")) {
            assertThatThrownBy(() -> WheelFilename.parse(filename))
                    .isInstanceOf(InvalidFilenameException.class)
                    .hasMessageContaining(expected.substring("ERROR ".length()));
        } else {
            assertThat(WheelFilename.parse(filename).name().normalized()).isEqualTo(expected);
        }
    }
}
