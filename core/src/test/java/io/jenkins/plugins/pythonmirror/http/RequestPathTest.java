package io.jenkins.plugins.pythonmirror.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jenkins.plugins.pythonmirror.MirrorException;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class RequestPathTest {

    @Test
    void splitsAndDecodesSegments() {
        assertThat(RequestPath.parse("simple/six/").segments()).containsExactly("simple", "six", "");
        assertThat(RequestPath.parse("/files/ab/pkg-1.0%2Blocal-py3-none-any.whl")
                        .segments())
                .isEqualTo(List.of("files", "ab", "pkg-1.0+local-py3-none-any.whl"));
        assertThat(RequestPath.parse("").segments()).containsExactly("");
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "files/../etc/passwd",
                "files/%2e%2e/etc/passwd",
                "simple/a%2Fb/",
                "simple/a%5Cb/",
                "simple/%00/",
                "simple/%zz/",
                "simple/%4/",
                "simple/./six/",
                "files/abc/..",
            })
    void refusesTraversalAndEncodingTricks(String raw) {
        assertThatThrownBy(() -> RequestPath.parse(raw))
                .isInstanceOf(MirrorException.BadRequest.class)
                .satisfies(e -> assertThat(((MirrorException) e).status()).isEqualTo(400));
    }

    @Test
    void refusesAbsurdlyLongPaths() {
        assertThatThrownBy(() -> RequestPath.parse("simple/" + "a".repeat(5000) + "/"))
                .hasMessage("Request path too long");
    }
}
