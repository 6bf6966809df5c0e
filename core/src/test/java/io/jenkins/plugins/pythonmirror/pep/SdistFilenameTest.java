package io.jenkins.plugins.pythonmirror.pep;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class SdistFilenameTest {

    @ParameterizedTest(name = "{0}")
    @CsvSource({
        "pkg_name-1.0.tar.gz, pkg-name, 1.0, .tar.gz", // PEP 625
        "pkg-name-1.0.tar.gz, pkg-name, 1.0, .tar.gz", // legacy, hyphen in the name
        "Django-4.2.7.tar.gz, django, 4.2.7, .tar.gz",
        "zope.interface-5.0.zip, zope-interface, 5.0, .zip",
        "pkg-name-1.0-rc1.tar.gz, pkg-name, 1.0rc1, .tar.gz", // 'rc1' alone is no version, so split earlier
        "foo-2.0.post1.tar.bz2, foo, 2.0.post1, .tar.bz2",
        "foo-1.0.tgz, foo, 1.0, .tgz",
        "foo-1.0.TAR.XZ, foo, 1.0, .tar.xz",
        "foo-1!2.0+local.1.tar.gz, foo, 1!2.0+local.1, .tar.gz",
    })
    void parsesPep625AndLegacyForms(String filename, String name, String version, String extension) {
        SdistFilename s = SdistFilename.parse(filename);
        assertThat(s.name()).hasToString(name);
        assertThat(s.version()).hasToString(version);
        assertThat(s.extension()).isEqualTo(extension);
        assertThat(s.filename()).isEqualTo(filename);
        assertThat(DistributionFilename.parse(filename)).isEqualTo(s);
    }

    @Test
    void rightMostSplitIsAmbiguousWithoutTheProject() {
        assertThat(SdistFilename.parse("foo-1.0-1.tar.gz").name()).hasToString("foo-1-0");
        SdistFilename known = SdistFilename.parse("foo-1.0-1.tar.gz", ProjectName.parse("foo"));
        assertThat(known.name()).hasToString("foo");
        assertThat(known.version()).hasToString("1.0.post1");
        assertThat(known.canonicalFilename()).isEqualTo("foo-1.0.post1.tar.gz");
        assertThat(SdistFilename.parse("Pkg.Name-1.0-RC1.zip").canonicalFilename())
                .isEqualTo("pkg_name-1.0rc1.zip");
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "foo.tar.gz", // no version
                "foo-bar.tar.gz", // 'bar' is no version
                "foo-1.0.rar", // unknown extension
                "-1.0.tar.gz", // empty name
                "foo-.tar.gz", // empty version
                "../foo-1.0.tar.gz", // traversal
                "..\\foo-1.0.tar.gz",
                "/etc/foo-1.0.tar.gz",
                "foo-1.0.tar.gz\u0000", // NUL
                "foo-1.0\n.tar.gz", // control character
                ".foo-1.0.tar.gz", // hidden file
                "f\u00f6\u00f6-1.0.tar.gz", // non-ASCII
                "foo- 1.0.tar.gz", // whitespace around the version
            })
    void rejectsInvalid(String filename) {
        assertThatThrownBy(() -> SdistFilename.parse(filename)).isInstanceOf(InvalidFilenameException.class);
        assertThatThrownBy(() -> DistributionFilename.parse(filename)).isInstanceOf(InvalidFilenameException.class);
    }

    @Test
    void invalidFilenameMessageQuotesAndExplains() {
        assertThatThrownBy(() -> SdistFilename.parse("foo-bar.tar.gz"))
                .hasMessage("Invalid distribution filename 'foo-bar.tar.gz':"
                        + " expected {name}-{version}.tar.gz with a PEP 440 version");
        assertThatThrownBy(() -> SdistFilename.parse("../foo-1.0.tar.gz"))
                .hasMessage("Invalid distribution filename '../foo-1.0.tar.gz': contains a path separator");
    }

    /**
     * The version of a file as its name writes it (PEP 440 "Arbitrary equality" compares it; PEP 700 ties files to
     * releases by it): wheels per PEP 427, sdists split after the part naming the project.
     */
    @ParameterizedTest(name = "{0} of {1}: {2}")
    @CsvSource(
            delimiter = '|',
            value = {
                "foo-1.01.tar.gz               | foo     | 1.01",
                "Foo_Bar-1.0.zip               | foo-bar | 1.0",
                "foo-bar-1.0-1.tar.gz          | foo-bar | 1.0-1",
                "foo-foobar.tar.gz             | foo     | foobar",
                "foo-1.0-py3-none-any.whl      | foo     | 1.0",
                "foo-1.01-1-py3-none-any.whl   | foo     | 1.01",
                "foo-1.0-py2.7.egg             | foo     | 1.0",
                "foo-1.0.win-amd64-py3.5.exe   | foo     | 1.0",
                "foo-1.0.win32.msi             | foo     | 1.0",
                "foo-1.0.tar.gz                | bar     | ''",
                "foo-bar-1.0.tar.gz            | foo     | bar-1.0",
                "foo-1.0-py3-none.whl          | foo     | ''",
                "foo.tar.gz                    | foo     | ''",
                "foo-1.0.rpm                   | foo     | ''",
            })
    void versionAsWritten(String filename, String project, String expected) {
        assertThat(DistributionFilename.versionAsWritten(filename, ProjectName.parse(project)))
                .isEqualTo(expected.isEmpty() ? java.util.Optional.empty() : java.util.Optional.of(expected));
    }
}
