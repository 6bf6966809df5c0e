package io.jenkins.plugins.pythonmirror;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.Proxy;
import java.util.Arrays;
import java.util.stream.Collectors;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.kohsuke.stapler.StaplerRequest2;

/** The adapter hands core the path as the engine expects it, from what real Stapler gives the action. */
class StaplerMirrorExchangeTest {

    @ParameterizedTest(name = "{0}{1} -> ''{2}''")
    @CsvSource(
            emptyValue = "",
            value = {
                "'', /python-mirror/simple/flask/, simple/flask/",
                "/jenkins, /jenkins/python-mirror/simple/flask/, simple/flask/",
                "'', /python-mirror/simple/, simple/",
                "'', /python-mirror/simple, simple",
                "'', /python-mirror//simple//flask/, simple/flask/",
                "'', /python-mirror/, ''",
                "'', /python-mirror/files/ab/x-1.0%2Blocal-py3-none-any.whl, files/ab/x-1.0%2Blocal-py3-none-any.whl",
                "'', /python-mirror/upload/, upload/",
            })
    void pathKeepsTheTrailingSlashOfTheRequest(String contextPath, String requestUri, String expected) {
        assertThat(StaplerMirrorExchange.request(staplerRequest(contextPath, requestUri))
                        .path())
                .isEqualTo(expected);
    }

    /**
     * A request as Stapler 2076 presents it to {@code doDynamic} of the root action {@code python-mirror}:
     * {@code Stapler.getServletPath} collapses repeated slashes, {@code TokenList} splits on {@code /} and
     * {@code \}, the action consumes its own token, and {@code getOriginalRestOfPath()} joins the remaining raw
     * tokens, each after a {@code /} — so the request's trailing slash is never part of it.
     */
    static StaplerRequest2 staplerRequest(String contextPath, String requestUri) {
        String belowContext = requestUri.substring(contextPath.length());
        String rest = Arrays.stream(belowContext.split("[/\\\\]+"))
                .filter(token -> !token.isEmpty())
                .skip(1)
                .map(token -> "/" + token)
                .collect(Collectors.joining());
        return (StaplerRequest2) Proxy.newProxyInstance(
                StaplerRequest2.class.getClassLoader(),
                new Class<?>[] {StaplerRequest2.class},
                (proxy, method, args) -> switch (method.getName()) {
                    case "getOriginalRestOfPath" -> rest;
                    case "getRequestURI" -> requestUri;
                    case "getContextPath" -> contextPath;
                    case "getMethod" -> "GET";
                    default -> throw new UnsupportedOperationException(method.getName());
                });
    }
}
