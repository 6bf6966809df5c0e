package io.jenkins.plugins.pythonmirror.pep;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class MarkerTest {

    private static final Map<String, String> LINUX_311 =
            TargetEnvironment.of("3.11.4", List.of("manylinux_2_17_x86_64")).markerEnvironment();

    private static Map<String, String> env(String... pairs) {
        Map<String, String> env = new HashMap<>(LINUX_311);
        for (int i = 0; i < pairs.length; i += 2) {
            env.put(pairs[i], pairs[i + 1]);
        }
        return env;
    }

    /** Marker, expected value on CPython 3.11.4 / Linux x86_64 with os_name set to 'b'. */
    @ParameterizedTest(name = "{0} = {1}")
    @CsvSource(
            delimiter = '|',
            value = {
                // PEP 508 grammar test cases: precedence of and/or and parentheses
                "os_name=='a' or os_name=='b'                          | true",
                "os_name=='a' and os_name=='b' or os_name=='b'         | true", // (a and b) or c
                "os_name=='a' and (os_name=='b' or os_name=='b')       | false", // a and (b or c)
                "os_name=='b' or os_name=='a' and os_name=='a'         | true", // a or (b and c)
                "(os_name=='b' or os_name=='a') and os_name=='a'       | false", // (a or b) and c
                "python_version<'2.7' and platform_version=='2'        | false",
                // version comparison when both sides are versions
                "python_version >= '3.8'                               | true",
                "python_version > '3.9'                                | true", // string order would say false
                "python_version < '3.12'                               | true",
                "python_full_version >= '3.11.2'                       | true",
                "python_version == '3.11.*'                            | true",
                "python_version ~= '3.10'                              | true",
                "python_version === '3.11'                             | true",
                "'3.12' > python_version                               | true", // variable on the right
                // string comparison otherwise
                "sys_platform == 'linux'                               | true",
                "platform_machine != 'aarch64'                         | true",
                "platform_python_implementation == 'CPython'          | true",
                "implementation_name == \"cpython\"                     | true",
                "platform_system < 'Windows'                           | false", // string field: < is false
                // in / not in (substring, as in Python)
                "'linux' in sys_platform                               | true",
                "sys_platform in 'linux darwin'                        | true",
                "sys_platform not in 'win32 cygwin'                    | true",
                // legacy dotted names
                "os.name == 'b'                                        | true",
                "sys.platform == 'linux'                               | true",
                "platform_release == ''                                | true",
            })
    void evaluates(String marker, boolean expected) {
        assertThat(Marker.parse(marker).evaluate(env("os_name", "b"))).isEqualTo(expected);
    }

    @Test
    void extraIsEmptyWhenAbsentAndComparedNormalized() {
        Marker m = Marker.parse("extra == 'Socks_Proxy'");
        assertThat(m.evaluate(LINUX_311)).isFalse();
        assertThat(m.evaluate(env("extra", "socks-proxy"))).isTrue();
        assertThat(m.evaluate(env("extra", "socks.proxy"))).isTrue();
        assertThat(m.evaluate(env("extra", "socks"))).isFalse();
        assertThat(Marker.parse("extra == ''").evaluate(LINUX_311)).isTrue();
    }

    @Test
    void missingVariableIsAnError() {
        assertThatThrownBy(() -> Marker.parse("os_name == 'nt'").evaluate(Map.of()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("Marker variable 'os_name' is not in the environment");
    }

    /**
     * Dependency specifiers, "Marker comparisons", as packaging 22+ evaluates them: Version fields compare as PEP 440
     * specifiers when operator and constant form one, and a value that is no version is then not contained; String
     * fields compare as strings, {@code <=}/{@code >=} meaning {@code ==} and {@code <}/{@code >} false. The
     * environment is a Debian kernel's: {@code platform_release} {@code 6.1.0-18-amd64} is no PEP 440 version.
     */
    @ParameterizedTest(name = "{0} = {1}")
    @CsvSource(
            delimiter = '|',
            value = {
                // Version fields whose value is no version: not contained, whatever the operator
                "platform_release != '1.0'                      | false",
                "platform_release == '1.0'                      | false",
                "platform_release >= '6'                        | false",
                "platform_release < '7'                         | false",
                "platform_release ~= '1.0'                      | false",
                // ... but === compares the text, and a constant that is no specifier falls back to strings
                "platform_release === '6.1.0-18-amd64'          | true",
                "platform_release == '6.1.0-18-amd64'           | true",
                // Version fields with versions
                "python_version > '3.9'                         | true",
                "python_version === '3.11'                      | true",
                "python_version === '3.11.0'                    | false",
                "python_version < '3.11.0rc1'                   | false",
                "python_full_version == '3.11.4+local'          | false",
                "implementation_version > '3.11'                | true",
                "python_version > 'abc'                         | false",
                "python_version == 'abc'                        | false",
                "python_version in '3.10 3.11'                  | true",
                // String fields, even when the constant looks like a version
                "implementation_name >= '1.0'                   | false",
                "implementation_name >= 'cpython'               | true",
                "implementation_name <= 'cpython'               | true",
                "implementation_name > 'a'                      | false",
                "implementation_name < 'z'                      | false",
                "extra < 'a'                                    | false",
            })
    void comparesByFieldType(String marker, boolean expected) {
        assertThat(Marker.parse(marker).evaluate(env("platform_release", "6.1.0-18-amd64")))
                .isEqualTo(expected);
    }

    /** packaging raises UndefinedComparison for ~= and === on String fields. */
    @ParameterizedTest(name = "{0}")
    @ValueSource(
            strings = {
                "implementation_name ~= '1.0'",
                "implementation_name === 'cpython'",
                "os_name ~= 'posix'",
                "'posix' === os_name",
            })
    void undefinedComparisonsAreErrors(String marker) {
        assertThatThrownBy(() -> Marker.parse(marker).evaluate(LINUX_311))
                .isInstanceOf(UndefinedComparisonException.class)
                .hasMessageStartingWith("Undefined comparison");
    }

    /** PEP 685: extra names in markers compare, print and are equal in normalized form. */
    @Test
    void extraLiteralsAreNormalized() {
        Marker spam = Marker.parse("extra == 'S_P__A_M'");
        assertThat(spam).isEqualTo(Marker.parse("extra == 's-p-a-m'")).hasToString("extra == \"s-p-a-m\"");
        assertThat(spam.hashCode()).isEqualTo(Marker.parse("extra == 's-p-a-m'").hashCode());
        assertThat(Marker.parse("'Foo.Bar' == extra")).hasToString("\"foo-bar\" == extra");
        assertThat(spam.evaluate(env("extra", "s.p.a.m"))).isTrue();
        assertThat(Marker.parse("os_name == 'S_P__A_M'")).hasToString("os_name == \"S_P__A_M\"");
    }

    /**
     * Marker strings: PEP 508 leaves backslash escapes unspecified; packaging reads quoted strings as Python
     * literals, so valid escapes are decoded and malformed ones are rejected. Input, value or ERROR.
     */
    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(
            delimiter = '|',
            quoteCharacter = '`',
            value = {
                "os_name == 'a\\\\b'                   | a\\b",
                "os_name == '\\x41'                      | A",
                "os_name == '\\101'                      | A",
                "os_name == '\\u00e9'                    | \u00e9",
                "os_name == '\\N{LATIN SMALL LETTER A}'  | a",
                "os_name == '\\d'                        | \\d",
                "os_name == 'nt\\'                       | ERROR", // escaped closing quote
                "os_name == 'a\\'b'                      | ERROR",
                "os_name == \"a\\\"b\"                    | ERROR",
                "os_name == '\\x4'                       | ERROR", // truncated \\x
                "os_name == '\\N{NOPE}'                  | ERROR", // unknown character name
                "os_name == '\\U00110000'                | ERROR", // beyond Unicode
            })
    void readsStringsAsPythonLiterals(String marker, String value) {
        if (value.equals("ERROR")) {
            assertThatThrownBy(() -> Marker.parse(marker)).isInstanceOf(InvalidMarkerException.class);
            return;
        }
        Marker m = Marker.parse(marker);
        assertThat(m.evaluate(env("os_name", value))).isTrue();
        assertThat(Marker.parse(m.toString())).isEqualTo(m); // the normal form reads back to the same value
    }

    /** Dependency specifiers grammar: {@code wsp} is space or tab, so a trailing line break is rejected. */
    @ParameterizedTest
    @ValueSource(strings = {"os_name == 'a'\n", "os_name == 'a'\r\n", "os_name == 'a'\nand os_name == 'b'"})
    void rejectsLineBreaks(String marker) {
        assertThatThrownBy(() -> Marker.parse("os_name == 'a\nb'")).isInstanceOf(InvalidMarkerException.class);
        assertThatThrownBy(() -> Marker.parse(marker)).isInstanceOf(InvalidMarkerException.class);
        assertThat(Marker.parse("os_name == 'a' \t").evaluate(env("os_name", "a")))
                .isTrue();
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(
            delimiter = '|',
            value = {
                "python_version<'2.7' and platform_version=='2' | python_version < \"2.7\" and platform_version == \"2\"",
                "os.name=='a'                                   | os_name == \"a\"",
                "(os_name=='a' or os_name=='b') and extra=='x'  | (os_name == \"a\" or os_name == \"b\") and extra == \"x\"",
                "((os_name=='a'))                               | os_name == \"a\"",
                "os_name == 'say \"hi\"'                        | os_name == 'say \"hi\"'",
                "'nt' not  in os_name                           | \"nt\" not in os_name",
            })
    void printsNormalForm(String input, String normal) {
        assertThat(Marker.parse(input)).hasToString(normal);
        assertThat(Marker.parse(normal)).isEqualTo(Marker.parse(input));
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "", // empty
                "os_name", // no operator
                "os_name ==", // no right side
                "os_name = 'a'", // '=' is not an operator
                "os_name == 'a", // unterminated string
                "unknown_var == 'a'", // not a marker variable
                "(os_name == 'a'", // unclosed group
                "os_name == 'a' xor os_name == 'b'", // unknown boolean operator
                "os_name == 'a' and", // dangling and
            })
    void rejectsInvalid(String marker) {
        assertThatThrownBy(() -> Marker.parse(marker)).isInstanceOf(InvalidMarkerException.class);
    }

    @Test
    void invalidMarkerShowsCaretUnderBadSpot() {
        assertThatThrownBy(() -> Marker.parse("os_name == 'a' xor os_name == 'b'"))
                .hasMessage("Invalid marker 'os_name == 'a' xor os_name == 'b'':"
                        + " Expected 'and', 'or' or end of marker at position 15\n"
                        + "    os_name == 'a' xor os_name == 'b'\n"
                        + "                   ^");
        assertThatThrownBy(() -> Marker.parse("python_ver < '3'"))
                .hasMessage("Invalid marker 'python_ver < '3'':"
                        + " Expected a marker variable or quoted string at position 0\n"
                        + "    python_ver < '3'\n"
                        + "    ^");
    }
}
