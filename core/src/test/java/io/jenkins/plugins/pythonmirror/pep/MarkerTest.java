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
                "platform_system < 'Windows'                           | true",
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

    @Test
    void compatibleReleaseOnNonVersionsIsAnError() {
        assertThatThrownBy(() -> Marker.parse("os_name ~= 'posix'").evaluate(LINUX_311))
                .isInstanceOf(IllegalArgumentException.class);
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
