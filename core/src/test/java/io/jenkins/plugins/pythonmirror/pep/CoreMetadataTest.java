package io.jenkins.plugins.pythonmirror.pep;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class CoreMetadataTest {

    private static final String WHEEL_METADATA =
            """
            Metadata-Version: 2.1
            Name: requests
            Version: 2.31.0
            Summary: Python HTTP for Humans.
            Home-page: https://requests.readthedocs.io
            Author: Kenneth Reitz
            License: Apache 2.0
            Classifier: Development Status :: 5 - Production/Stable
            Classifier: Programming Language :: Python :: 3
            Requires-Python: >=3.7
            Description-Content-Type: text/markdown
            License-File: LICENSE
            Requires-Dist: charset-normalizer (<4,>=2)
            Requires-Dist: idna (<4,>=2.5)
            Requires-Dist: urllib3 (<3,>=1.21.1)
            Requires-Dist: certifi (>=2017.4.17)
            Provides-Extra: security
            Provides-Extra: socks
            Requires-Dist: PySocks (!=1.5.7,>=1.5.6) ; extra == 'socks'
            Provides-Extra: use_chardet_on_py3
            Requires-Dist: chardet (<6,>=3.0.2) ; extra == 'use_chardet_on_py3'

            # Requests

            **Requests** is a simple, yet elegant, HTTP library.

            Requires-Dist: not-a-header (this is body text)
            """;

    @Test
    void parsesRealisticWheelMetadata() {
        CoreMetadata m = CoreMetadata.parse(WHEEL_METADATA);
        assertThat(m.metadataVersion()).isEqualTo("2.1");
        assertThat(m.name()).isEqualTo("requests");
        assertThat(m.version()).isEqualTo("2.31.0");
        assertThat(m.summary()).isEqualTo("Python HTTP for Humans.");
        assertThat(m.requiresPython()).isEqualTo(">=3.7");
        assertThat(m.getAll("classifier")).hasSize(2);
        assertThat(m.get("HOME-PAGE")).isEqualTo("https://requests.readthedocs.io");
        assertThat(m.get("Maintainer")).isNull();
        assertThat(m.providesExtra()).containsExactly("security", "socks", "use_chardet_on_py3");
        assertThat(m.requiresDist()).hasSize(6).contains("PySocks (!=1.5.7,>=1.5.6) ; extra == 'socks'");
        assertThat(m.requirements())
                .extracting(Requirement::toString)
                .containsExactly(
                        "charset-normalizer<4,>=2",
                        "idna<4,>=2.5",
                        "urllib3<3,>=1.21.1",
                        "certifi>=2017.4.17",
                        "pysocks!=1.5.7,>=1.5.6; extra == \"socks\"",
                        "chardet<6,>=3.0.2; extra == \"use-chardet-on-py3\""); // PEP 685: printed normalized, as
        // packaging does
        assertThat(m.description()).startsWith("# Requests\n\n**Requests** is").contains("not-a-header");
        assertThat(m.hasReliableDependencies()).isFalse(); // 2.1 predates PEP 643
    }

    @Test
    void joinsContinuationLinesAndLegacyDescription() {
        CoreMetadata m = CoreMetadata.parse("Metadata-Version: 1.1\r\n"
                + "Name: Foo\r\n"
                + "Summary: a summary\r\n"
                + "  folded onto two lines\r\n"
                + "Description: First line\r\n"
                + "        |\r\n"
                + "        |    indented line\r\n"
                + "        last line\r\n"
                + "Keywords: a b\r\n");
        assertThat(m.summary()).isEqualTo("a summary\nfolded onto two lines");
        assertThat(m.description()).isEqualTo("First line\n\n    indented line\nlast line");
        assertThat(m.get("keywords")).isEqualTo("a b");
        assertThat(m.requiresDist()).isEmpty();
        assertThat(m.requirements()).isEmpty();
    }

    @ParameterizedTest(name = "{0} / Dynamic: {1} -> {2}")
    @CsvSource(
            delimiter = '|',
            value = {
                "2.2 | ''              | true",
                "2.4 | Requires-Python | true",
                "2.3 | Requires-Dist   | false",
                "2.2 | requires-dist   | false",
                "2.1 | ''              | false",
                "1.0 | ''              | false",
                "x   | ''              | false",
            })
    void knowsWhenSdistDependenciesAreReliable(String metadataVersion, String dynamic, boolean reliable) {
        String text = "Metadata-Version: " + metadataVersion + "\nName: foo\nVersion: 1.0\n"
                + (dynamic.isEmpty() ? "" : "Dynamic: " + dynamic + "\n");
        assertThat(CoreMetadata.parse(text).hasReliableDependencies()).isEqualTo(reliable);
    }

    @Test
    void badRequiresDistRaisesWithContext() {
        CoreMetadata m = CoreMetadata.parse("Metadata-Version: 2.2\nName: foo\nVersion: 1.0\nRequires-Dist: bar >= \n");
        assertThat(m.requiresDist()).containsExactly("bar >=");
        assertThatThrownBy(m::requirements)
                .isInstanceOf(InvalidRequirementException.class)
                .hasMessageStartingWith("In Requires-Dist of foo 1.0: Invalid requirement 'bar >='");
    }

    @Test
    void toleratesJunkLinesAndEmptyInput() {
        CoreMetadata m = CoreMetadata.parse("garbage without colon\nName: foo\n");
        assertThat(m.name()).isEqualTo("foo");
        assertThat(CoreMetadata.parse("").name()).isNull();
        assertThat(CoreMetadata.parse("").description()).isEmpty();
    }
}
