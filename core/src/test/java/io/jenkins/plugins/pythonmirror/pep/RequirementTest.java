package io.jenkins.plugins.pythonmirror.pep;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class RequirementTest {

    /** PEP 508's own grammar test cases and examples, with their normal form. */
    @ParameterizedTest(name = "{0}")
    @CsvSource(
            delimiter = '|',
            value = {
                "A                         | a",
                "A.B-C_D                   | a-b-c-d",
                "aa                        | aa",
                "name                      | name",
                "name<=1                   | name<=1",
                "name>=3                   | name>=3",
                "name>=3,<2                | name<2,>=3",
                "name (>=1)                | name>=1",
                "name@http://foo.com       | name @ http://foo.com",
                "name [fred,bar] @ http://foo.com ; python_version=='2.7' | name[bar,fred] @ http://foo.com ; python_version == \"2.7\"",
                "name[quux, strange];python_version<'2.7' and platform_version=='2' | name[quux,strange]; python_version < \"2.7\" and platform_version == \"2\"",
                "name; os_name=='a' or os_name=='b' | name; os_name == \"a\" or os_name == \"b\"",
                "name; os_name=='a' and (os_name=='b' or os_name=='c') | name; os_name == \"a\" and (os_name == \"b\" or os_name == \"c\")",
                "requests [security,tests] >= 2.8.1, == 2.8.* ; python_version < \"2.7\" | requests[security,tests]==2.8.*,>=2.8.1; python_version < \"2.7\"",
                "pip @ https://github.com/pypa/pip/archive/1.3.1.zip#sha1=da9234ee9982d4bbb3c72346a6de940a148ea686 | pip @ https://github.com/pypa/pip/archive/1.3.1.zip#sha1=da9234ee9982d4bbb3c72346a6de940a148ea686",
                "name[]                    | name",
            })
    void parsesPep508Examples(String input, String normal) {
        Requirement r = Requirement.parse(input);
        assertThat(r).hasToString(normal);
        assertThat(Requirement.parse(normal)).isEqualTo(r);
    }

    @Test
    void exposesParts() {
        Requirement r = Requirement.parse("Foo.Bar[Socks_Proxy, tests] >=1.0, <2 ; python_version < '3.12'");
        assertThat(r.name()).isEqualTo(ProjectName.parse("foo-bar"));
        assertThat(r.extras()).containsExactlyInAnyOrder("socks-proxy", "tests");
        assertThat(r.specifier()).isEqualTo(SpecifierSet.parse(">=1.0,<2"));
        assertThat(r.url()).isNull();
        assertThat(r.marker()).isEqualTo(Marker.parse("python_version < '3.12'"));
        assertThat(r.appliesTo(Map.of("python_version", "3.11"))).isTrue();
        assertThat(r.appliesTo(Map.of("python_version", "3.12"))).isFalse();

        Requirement url = Requirement.parse("name @ https://example.com/name-1.0.tar.gz");
        assertThat(url.url()).isEqualTo("https://example.com/name-1.0.tar.gz");
        assertThat(url.specifier().isEmpty()).isTrue();
        assertThat(url.marker()).isNull();
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "", // empty
                "-name", // name must start with a letter or digit
                "name_", // ...and end with one
                "name[bar", // unclosed extras
                "name[bar baz]", // missing comma
                "name>=1.0 # comment", // comments are not PEP 508
                "name==french", // invalid version
                "name (>=1.0", // unclosed parenthesis
                "name @ ", // missing URL
                "name; os_name", // incomplete marker
                "name>=1.0; os_name=='a' trailing", // garbage after the marker
            })
    void rejectsInvalid(String requirement) {
        assertThatThrownBy(() -> Requirement.parse(requirement)).isInstanceOf(InvalidRequirementException.class);
    }

    @Test
    void semicolonRightAfterUrlBelongsToTheUrl() {
        // PEP 508: a marker after a URL needs whitespace before the ';'
        Requirement r = Requirement.parse("name @ http://foo.com/x;os_name=='a'");
        assertThat(r.url()).isEqualTo("http://foo.com/x;os_name=='a'");
        assertThat(r.marker()).isNull();
    }

    @Test
    void invalidRequirementQuotesInputAndPosition() {
        assertThatThrownBy(() -> Requirement.parse("name[bar baz]"))
                .hasMessage("Invalid requirement 'name[bar baz]': Expected ',' or ']' after an extra name"
                        + " at position 9\n"
                        + "    name[bar baz]\n"
                        + "             ^");
        assertThatThrownBy(() -> Requirement.parse("name; os_name=='a' and"))
                .hasMessage("Invalid requirement 'name; os_name=='a' and':"
                        + " Expected a marker variable or quoted string at position 22\n"
                        + "    name; os_name=='a' and\n"
                        + "                          ^");
    }

    @Test
    void commentsAreRejectedWithAHint() {
        assertThatThrownBy(() -> Requirement.parse("name>=1.0 # pinned"))
                .hasMessage("Invalid requirement 'name>=1.0 # pinned': Comments are not part of PEP 508;"
                        + " strip them first (see parseRequirementsLine) at position 10\n"
                        + "    name>=1.0 # pinned\n"
                        + "              ^");
        assertThatThrownBy(() -> Requirement.parse("name; os_name == 'a' # pinned"))
                .hasMessageContaining("Comments are not part of PEP 508");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "   ", "# just a comment", "  # indented comment"})
    void requirementsLineSkipsBlanksAndComments(String line) {
        assertThat(Requirement.parseRequirementsLine(line)).isEmpty();
    }

    @Test
    void requirementsLineStripsTrailingComments() {
        assertThat(Requirement.parseRequirementsLine("requests>=2.0  # http client"))
                .contains(Requirement.parse("requests>=2.0"));
        assertThat(Requirement.parseRequirementsLine("name @ https://h/x.zip#sha256=abc"))
                .map(Requirement::url)
                .contains("https://h/x.zip#sha256=abc"); // '#' without whitespace before it is part of the URL
    }

    @ParameterizedTest
    @ValueSource(strings = {"-r other.txt", "-e .", "--index-url https://example.com/simple", "-c constraints.txt"})
    void requirementsLineRejectsPipOptions(String line) {
        assertThatThrownBy(() -> Requirement.parseRequirementsLine(line))
                .isInstanceOf(InvalidRequirementException.class)
                .hasMessage("Invalid requirement line '" + line
                        + "': pip options such as -r, -e and --index-url are not supported, only PEP 508 requirements");
    }

    @Test
    void extrasAreNormalizedPerPep685() {
        assertThat(Requirement.parse("name[Foo.Bar,foo_bar]").extras()).containsExactly("foo-bar");
        assertThat(List.copyOf(Requirement.parse("name[b,a]").extras())).containsExactlyInAnyOrder("a", "b");
    }

    /**
     * What packaging rejects beyond the grammar's obvious cases (PEP 508 / dependency specifiers grammar: {@code wsp}
     * is space or tab only, and {@code extras_list} has no trailing comma).
     */
    @ParameterizedTest(name = "{0}")
    @ValueSource(
            strings = {
                "name\n", // trailing line break after a requirement
                "name\r\n",
                "name>=1.0\n",
                "name; os_name == 'a'\n", // ... or after its marker
                "name @ http://foo.com\n",
                "name\n; os_name == 'a'",
                "name[bar,]", // trailing comma in extras
                "name[bar, ]",
                "name[,]",
                "name[,bar]",
            })
    void rejectsWhatPackagingRejects(String requirement) {
        assertThatThrownBy(() -> Requirement.parse(requirement)).isInstanceOf(InvalidRequirementException.class);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(
            delimiter = '|',
            value = {
                "'name[ ]'               | name",
                "'name[bar ,baz]'        | name[bar,baz]",
                "'name[ bar ]'           | name[bar]",
                "'name ; os_name == \"a\" \t' | name; os_name == \"a\"",
            })
    void acceptsWhitespaceWhereTheGrammarAllowsIt(String input, String normal) {
        assertThat(Requirement.parse(input)).hasToString(normal);
    }

    @Test
    void foldedRequiresDistLinesAreUnfoldedBeforeParsing() {
        CoreMetadata m = CoreMetadata.parse("Metadata-Version: 2.1\nName: a\nVersion: 1.0\n"
                + "Requires-Dist: b>=1.0;\n  python_version < \"3.12\"\n\n");
        assertThat(m.requirements()).containsExactly(Requirement.parse("b>=1.0; python_version < '3.12'"));
    }
}
