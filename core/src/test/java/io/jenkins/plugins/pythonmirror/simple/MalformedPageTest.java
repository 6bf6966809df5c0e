package io.jenkins.plugins.pythonmirror.simple;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Upstream garbage must surface as one checked exception with a reason, never as a runtime failure. */
class MalformedPageTest {

    private static final URI PAGE = URI.create("https://pypi.example/simple/p/");
    private static final String JSON = "application/vnd.pypi.simple.v1+json";
    private static final String HTML = "text/html";
    private static final String SHA = "b".repeat(64);

    private static String file(String fields) {
        return "{\"meta\":{\"api-version\":\"1.1\"},\"files\":[{" + fields + "}]}";
    }

    static Stream<Arguments> pages() {
        return Stream.of(
                // empty and oversized
                Arguments.of("", JSON, "empty page"),
                Arguments.of("", HTML, "empty page"),
                // not JSON at all
                Arguments.of("{\"files\": [", JSON, "not valid JSON at line 1"),
                Arguments.of("{\"files\": []} trailing", JSON, "not valid JSON"),
                Arguments.of("[1, 2, 3]", JSON, "JSON page is not an object"),
                Arguments.of("{\"files\": [], \"files\": []}", JSON, "not valid JSON"),
                // wrong structure and types
                Arguments.of("{\"meta\": {\"api-version\": \"1.0\"}}", JSON, "JSON page has no 'files'"),
                Arguments.of("{\"files\": {\"a\": 1}}", JSON, "'files' is not a list"),
                Arguments.of("{\"files\": [\"a-1.tar.gz\"]}", JSON, "files[0] is not an object"),
                Arguments.of("{\"meta\": \"1.0\", \"files\": []}", JSON, "'meta' is not an object"),
                Arguments.of(
                        "{\"meta\": {\"api-version\": 1.0}, \"files\": []}",
                        JSON,
                        "meta 'api-version' is not a string"),
                Arguments.of(
                        "{\"meta\": {\"api-version\": \"2.0\"}, \"files\": []}",
                        JSON,
                        "unsupported repository version 2.0"),
                Arguments.of(
                        "{\"meta\": {\"api-version\": \"one\"}, \"files\": []}",
                        JSON,
                        "malformed repository version 'one'"),
                Arguments.of("{\"versions\": \"1.0\", \"files\": []}", JSON, "'versions' is not a list"),
                Arguments.of(file("\"url\":\"a.tar.gz\",\"hashes\":{}"), JSON, "files[0] has no 'filename'"),
                Arguments.of(
                        file("\"filename\":\"a-1.tar.gz\",\"hashes\":{}"), JSON, "files[0] 'a-1.tar.gz' has no 'url'"),
                Arguments.of(file("\"filename\":\"a-1.tar.gz\",\"url\":\"a-1.tar.gz\""), JSON, "has no 'hashes'"),
                Arguments.of(
                        file("\"filename\":\"a-1.tar.gz\",\"url\":\"a\",\"hashes\":[]"),
                        JSON,
                        "hashes is not an object"),
                Arguments.of(
                        file("\"filename\":\"a-1.tar.gz\",\"url\":\"a\",\"hashes\":{\"sha256\":\"xyz\"}"),
                        JSON,
                        "a-1.tar.gz sha256: hash value is not hex: 'xyz'"),
                Arguments.of(
                        file("\"filename\":\"a-1.tar.gz\",\"url\":\"a\",\"hashes\":{\"sha256\":1}"),
                        JSON,
                        "sha256 is not a string"),
                Arguments.of(
                        file("\"filename\":42,\"url\":\"a\",\"hashes\":{}"),
                        JSON,
                        "files[0] 'filename' is not a string"),
                Arguments.of(
                        file("\"filename\":\"a-1.tar.gz\",\"url\":\"a\",\"hashes\":{},\"yanked\":1"),
                        JSON,
                        "'yanked' is neither a boolean nor a string"),
                Arguments.of(
                        file("\"filename\":\"a-1.tar.gz\",\"url\":\"a\",\"hashes\":{},\"size\":\"12\""),
                        JSON,
                        "'size' is not an integer"),
                Arguments.of(
                        file("\"filename\":\"a-1.tar.gz\",\"url\":\"a\",\"hashes\":{},\"size\":-1"),
                        JSON,
                        "negative size"),
                Arguments.of(
                        file("\"filename\":\"a-1.tar.gz\",\"url\":\"a\",\"hashes\":{},\"core-metadata\":\"yes\""),
                        JSON,
                        "core-metadata is neither a boolean nor an object"),
                Arguments.of(
                        file("\"filename\":\"../../etc/passwd\",\"url\":\"a\",\"hashes\":{}"),
                        JSON,
                        "unsafe filename '../../etc/passwd'"),
                Arguments.of(file("\"filename\":\"a\\\\b.whl\",\"url\":\"a\",\"hashes\":{}"), JSON, "unsafe filename"),
                Arguments.of(
                        file("\"filename\":\"a\\u0000.whl\",\"url\":\"a\",\"hashes\":{}"),
                        JSON,
                        "filename with control character"),
                Arguments.of(
                        file("\"filename\":\"a-1.tar.gz\",\"url\":\"http://[bad\",\"hashes\":{}"),
                        JSON,
                        "invalid URL 'http://[bad'"),
                // HTML
                Arguments.of(
                        "<meta name=\"pypi:repository-version\" content=\"2.0\">",
                        HTML,
                        "unsupported repository version 2.0"),
                Arguments.of(
                        "<a href=\"p-1.tar.gz#sha256=nothex\">p-1.tar.gz</a>", HTML, "hash value is not hex: 'nothex'"),
                Arguments.of("<a href=\"../x\">..</a>", HTML, "unsafe filename '..'"),
                Arguments.of(
                        "<a href=\"p.whl\" data-core-metadata=\"sha256=zz\">p.whl</a>", HTML, "hash value is not hex"),
                Arguments.of(
                        "<a href=\"p.whl\" data-core-metadata=\"maybe\">p.whl</a>",
                        HTML,
                        "expected 'true' or 'hash=hex' but got 'maybe'"),
                Arguments.of("just some text", HTML, "not an HTML page: no markup"),
                Arguments.of(
                        " {\"files\": [{\"requires-python\": \"<3\"}]}", HTML, "not an HTML page: the body is JSON"),
                Arguments.of("\u0000\u0001\u0002PK\u0003\u0004 <binary>", HTML, "not an HTML page: binary content"),
                Arguments.of("\u0000\u0001garbage", null, "not an HTML page: binary content"),
                Arguments.of("<html/>", "application/vnd.pypi.simple.v2+json", "unsupported repository version"));
    }

    @ParameterizedTest(name = "[{index}] {2}")
    @MethodSource("pages")
    void malformedPageIsRefusedWithReason(String body, String contentType, String reason) {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        assertThatThrownBy(() -> PageParser.parse(bytes, contentType, PAGE))
                .isInstanceOf(InvalidPageException.class)
                .hasMessageContaining(reason)
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n"));
    }

    @Test
    void refusesPagesOverSixtyFourMebibytes() {
        byte[] huge = new byte[PageParser.MAX_PAGE_BYTES + 1];
        assertThatThrownBy(() -> PageParser.parse(huge, JSON, PAGE))
                .isInstanceOf(InvalidPageException.class)
                .hasMessageContaining("larger than the 64 MiB limit");
    }

    @Test
    void fragmentHashDoesNotOverrideJsonHashes() throws Exception {
        String json = file("\"filename\":\"a-1.tar.gz\",\"url\":\"a-1.tar.gz#sha256=" + "c".repeat(64)
                + "\",\"hashes\":{\"sha256\":\"" + SHA + "\"}");
        assertThat(PageParser.parseJson(json.getBytes(StandardCharsets.UTF_8), PAGE)
                        .files()
                        .get(0)
                        .sha256())
                .isEqualTo(SHA);
    }
}
