package io.jenkins.plugins.pythonmirror;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import io.jenkins.plugins.pythonmirror.JellyViewsChecker.Found;
import io.jenkins.plugins.pythonmirror.JellyViewsChecker.Problem;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The checker behind {@link JellyViewsTest} rejects what Jenkins rejects and accepts what it accepts. */
class JellyViewsCheckerTest {

    private static final Path MANAGEMENT_VIEW =
            Path.of("src/main/resources/io/jenkins/plugins/pythonmirror/PythonMirrorManagementLink/index.jelly");

    @TempDir
    Path dir;

    @Test
    void sizeIsAKeywordNotAMethodName() {
        assertThat(JellyViewsChecker.problemIn("it.size(1)")).hasValueSatisfying(message -> assertThat(message)
                .startsWith("ParseException: Encountered \"1\" at line 1, column 9.")
                .endsWith("(hint: 'size' is a JEXL 1.x keyword, not a method or property name)"));
        assertThat(JellyViewsChecker.problemIn("it.empty"))
                .hasValueSatisfying(message -> assertThat(message).contains("'empty' is a JEXL 1.x keyword"));
        assertThat(JellyViewsChecker.problemIn("it.formatSize(1)")).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "it.displayName",
                "it.formatSize(status.bytesServed())",
                "it.mirrorUrl ?: '(set the Jenkins URL in Manage Jenkins » System)'",
                "status.cacheCapBytes() == 0 ? '-' : it.formatSize(status.cacheCapBytes())",
                "status != null and status.lastSync() != null",
                "u.circuitOpen() ? 'open' : 'closed'",
                "it.items.size()",
                "size(it.items)",
                "empty it.problem",
                "app.ADMINISTER",
                "a ? (b ?: c) : d",
                "[1, 2]",
                "['a' => 1]",
                "'%Yes' + x",
                "x ? \"%Open\" : '%Closed'",
                "%Mirror URL",
                "%Hit rate of {0}(it.percent(1), 'x, y)')",
            })
    void acceptsWhatJenkinsAccepts(String body) {
        assertThat(JellyViewsChecker.problemIn(body)).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "it.size(status.bytesServed())",
                "status.cacheCapBytes() == 0 ? '-' : it.size(status.cacheCapBytes())",
                "it.empty",
                "it.not()",
                "it.displayName(",
                "a ? b",
                "a == = b",
                "'unterminated",
                "a #",
                "%Hit rate {0}(it.size(1))",
                "%Hit rate {0}(a",
                "",
            })
    void rejectsWhatJenkinsRejects(String body) {
        assertThat(JellyViewsChecker.problemIn(body)).isPresent();
    }

    @Test
    void splitsExpressionsLikeJelly() {
        assertThat(JellyViewsChecker.expressions("${a ?: '(x)'}")).containsExactly(new Found("a ?: '(x)'", 0));
        assertThat(JellyViewsChecker.expressions("x ${a == '}' ? \"{\" : 2} y${b}"))
                .containsExactly(new Found("a == '}' ? \"{\" : 2", 2), new Found("b", 25));
        assertThat(JellyViewsChecker.expressions("${%Cap}: ${a}"))
                .extracting(Found::body)
                .containsExactly("%Cap", "a");
        // "$$" is a literal "$"; "#{...}" is not an expression in Jelly or Stapler
        assertThat(JellyViewsChecker.expressions("$${it.size(1)} #{it.size(1)} $5"))
                .isEmpty();
        assertThat(JellyViewsChecker.expressions("no expression")).isEmpty();
        assertThatThrownBy(() -> JellyViewsChecker.expressions("${a")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> JellyViewsChecker.expressions("${a} ${b"))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void reportsSizeCallsInACopyOfTheManagementView() throws IOException {
        String view = Files.readString(MANAGEMENT_VIEW, StandardCharsets.UTF_8);
        assertThat(view).contains("it.formatSize(");
        Path copy = write("index.jelly", view.replace("it.formatSize(", "it.size("));

        List<Problem> problems = JellyViewsChecker.check(copy);

        List<String> lines = view.lines().toList();
        List<Integer> sizeCallLines = IntStream.rangeClosed(1, lines.size())
                .filter(n -> lines.get(n - 1).contains("it.formatSize("))
                .boxed()
                .toList();
        assertThat(sizeCallLines).hasSizeGreaterThan(5);
        assertThat(problems).extracting(Problem::line).containsExactlyElementsOf(sizeCallLines);
        assertThat(problems.get(0).expression()).isEqualTo("${it.size(status.bytesServed())}");
        assertThat(problems).allSatisfy(p -> {
            assertThat(p.file()).isEqualTo(copy);
            assertThat(p.message()).startsWith("ParseException: ").contains("'size' is a JEXL 1.x keyword");
        });
        assertThat(JellyViewsChecker.check(MANAGEMENT_VIEW)).isEmpty();
    }

    @Test
    void checksAttributesAndTextAndThisNamespaces() throws IOException {
        Path view = write(
                "v.jelly",
                """
                <?jelly escape-by-default='true'?>
                <j:jelly xmlns:j="jelly:core" xmlns:st="jelly:stapler" xmlns:t="this:it.size(1)">
                  <a href="${it.size(2)}" title="ok ${%Title(x)}">${%Text}</a>
                  <p>
                    fine ${x}
                    ${it.size(3)}
                  </p>
                </j:jelly>
                """);
        assertThat(JellyViewsChecker.check(view))
                .extracting(Problem::line, Problem::expression)
                .containsExactly(
                        tuple(2, "xmlns this:it.size(1)"), tuple(3, "${it.size(2)}"), tuple(6, "${it.size(3)}"));
    }

    @Test
    void reportsMalformedXmlWithItsLine() throws IOException {
        Path view = write(
                "bad.jelly", "<?jelly escape-by-default='true'?>\n<j:jelly xmlns:j=\"jelly:core\">\n<p>\n</j:jelly>\n");
        assertThat(JellyViewsChecker.check(view)).singleElement().satisfies(p -> {
            assertThat(p.line()).isEqualTo(4);
            assertThat(p.message()).startsWith("malformed XML");
        });
    }

    @Test
    void requiresEscapeByDefault() throws IOException {
        assertThat(JellyViewsChecker.check(write("none.jelly", "<div>${it.name}</div>\n")))
                .singleElement()
                .satisfies(p -> assertThat(p.message()).contains("escape-by-default"));
        assertThat(JellyViewsChecker.check(
                        write("off.jelly", "<?jelly escape-by-default=\"false\"?>\n<div>${it.name}</div>\n")))
                .hasSize(1);
        assertThat(JellyViewsChecker.check(
                        write("on.jelly", "<?jelly escape-by-default=\"true\"?>\n<div>${it.name}</div>\n")))
                .isEmpty();
    }

    private Path write(String name, String content) throws IOException {
        return Files.writeString(dir.resolve(name), content, StandardCharsets.UTF_8);
    }
}
