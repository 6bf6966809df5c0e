package io.jenkins.plugins.pythonmirror;

import static org.assertj.core.api.Assertions.assertThat;

import io.jenkins.plugins.pythonmirror.JellyViewsChecker.Problem;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every Jelly view of the plugin loads in Jenkins: well-formed XML, {@code <?jelly escape-by-default='true'?>}, and
 * each {@code ${...}} accepted by the JEXL parser Jenkins uses (see {@link JellyViewsChecker}).
 */
class JellyViewsTest {

    /** Surefire runs in the module's directory. */
    private static final Path RESOURCES = Path.of("src/main/resources");

    static Stream<String> views() throws IOException {
        return JellyViewsChecker.views(RESOURCES).stream()
                .map(p -> RESOURCES.relativize(p).toString());
    }

    @Test
    void findsTheViews() throws IOException {
        assertThat(views())
                .contains(
                        "index.jelly",
                        "io/jenkins/plugins/pythonmirror/PythonMirrorManagementLink/index.jelly",
                        "io/jenkins/plugins/pythonmirror/PythonMirrorConfiguration/config.jelly");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("views")
    void jenkinsCanLoad(String view) throws IOException {
        List<Problem> problems = JellyViewsChecker.check(RESOURCES.resolve(view));
        assertThat(problems)
                .withFailMessage(() -> "Jenkins cannot load " + view + ":\n"
                        + problems.stream().map(Problem::toString).collect(Collectors.joining("\n")))
                .isEmpty();
    }
}
