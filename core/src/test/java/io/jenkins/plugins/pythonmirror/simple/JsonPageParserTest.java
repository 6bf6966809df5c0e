package io.jenkins.plugins.pythonmirror.simple;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;

class JsonPageParserTest {

    private static final URI PAGE = URI.create("https://pypi.example/simple/demo-pkg/");
    private static final String SHA_A = "a".repeat(64);
    private static final String SHA_B = "0123456789abcdef".repeat(4);

    // Shaped like PyPI's answer, including its misnamed "data-dist-info-metadata" key (warehouse#13705).
    private static final String PYPI_LIKE =
            """
            {
              "meta": {"_last-serial": 24242424, "api-version": "1.4"},
              "name": "demo-pkg",
              "project-status": {"status": "archived", "reason": "moved"},
              "versions": ["0.9", "1.0"],
              "files": [
                {
                  "core-metadata": {"sha256": "%1$s"},
                  "data-dist-info-metadata": {"sha256": "%1$s"},
                  "filename": "demo_pkg-1.0-py3-none-any.whl",
                  "hashes": {"sha256": "%2$s", "blake2b_256": "ABCDEF"},
                  "provenance": null,
                  "requires-python": ">=3.8",
                  "size": 12345,
                  "upload-time": "2024-01-02T03:04:05.678901Z",
                  "url": "https://files.example/packages/demo_pkg-1.0-py3-none-any.whl",
                  "yanked": false,
                  "future-key": {"anything": [1, 2]}
                },
                {
                  "data-dist-info-metadata": true,
                  "filename": "demo_pkg-0.9.tar.gz",
                  "hashes": {},
                  "requires-python": null,
                  "size": 999,
                  "url": "../../packages/demo_pkg-0.9.tar.gz#sha256=%1$s",
                  "yanked": "security issue"
                },
                {
                  "dist-info-metadata": false,
                  "filename": "demo_pkg-0.8.tar.gz",
                  "hashes": {"sha256": "%1$s"},
                  "url": "/packages/demo_pkg-0.8.tar.gz",
                  "yanked": true,
                  "gpg-sig": true
                }
              ]
            }
            """
                    .formatted(SHA_A, SHA_B);

    private static ProjectPage parse(String json) throws InvalidPageException {
        return PageParser.parse(json.getBytes(StandardCharsets.UTF_8), "application/vnd.pypi.simple.v1+json", PAGE);
    }

    @Test
    void readsPageLevelFields() throws Exception {
        ProjectPage page = parse(PYPI_LIKE);

        assertThat(page.name()).isEqualTo("demo-pkg");
        assertThat(page.lastSerial()).isEqualTo(24242424L);
        assertThat(page.versions()).containsExactly("0.9", "1.0");
        assertThat(page.projectStatus()).isEqualTo("archived");
        assertThat(page.projectStatusReason()).isEqualTo("moved");
        assertThat(page.files()).hasSize(3);
    }

    @Test
    void readsWheelWithCoreMetadataDictSizeAndUploadTime() throws Exception {
        FileEntry wheel = parse(PYPI_LIKE).files().get(0);

        assertThat(wheel.filename()).isEqualTo("demo_pkg-1.0-py3-none-any.whl");
        assertThat(wheel.url()).isEqualTo("https://files.example/packages/demo_pkg-1.0-py3-none-any.whl");
        assertThat(wheel.hashes()).containsExactly(Map.entry("blake2b_256", "abcdef"), Map.entry("sha256", SHA_B));
        assertThat(wheel.coreMetadata()).containsExactly(Map.entry("sha256", SHA_A));
        assertThat(wheel.requiresPython()).isEqualTo(">=3.8");
        assertThat(wheel.size()).isEqualTo(12345L);
        assertThat(wheel.uploadTime()).isEqualTo("2024-01-02T03:04:05.678901Z");
        assertThat(wheel.yanked()).isFalse();
        assertThat(wheel.gpgSig()).isNull();
    }

    @Test
    void readsMisnamedMetadataKeyYankReasonAndRelativeUrlWithFragment() throws Exception {
        FileEntry sdist = parse(PYPI_LIKE).files().get(1);

        assertThat(sdist.coreMetadata()).isEmpty(); // "data-dist-info-metadata": true
        assertThat(sdist.yanked()).isTrue();
        assertThat(sdist.yankedReason()).isEqualTo("security issue");
        assertThat(sdist.url()).isEqualTo("https://pypi.example/packages/demo_pkg-0.9.tar.gz");
        assertThat(sdist.sha256()).isEqualTo(SHA_A);
        assertThat(sdist.requiresPython()).isNull();
    }

    @Test
    void readsYankedTrueAndMetadataFalse() throws Exception {
        FileEntry old = parse(PYPI_LIKE).files().get(2);

        assertThat(old.yanked()).isTrue();
        assertThat(old.yankedReason()).isEmpty();
        assertThat(old.coreMetadata()).isNull();
        assertThat(old.gpgSig()).isTrue();
        assertThat(old.url()).isEqualTo("https://pypi.example/packages/demo_pkg-0.8.tar.gz");
    }

    @Test
    void emptyYankReasonIsNotYanked() throws Exception {
        // PEP 691: the value is read for truthiness; "" is false.
        String json =
                "{\"files\":[{\"filename\":\"a-1.tar.gz\",\"url\":\"a-1.tar.gz\",\"hashes\":{},\"yanked\":\"\"}]}";
        assertThat(parse(json).files().get(0).yanked()).isFalse();
    }

    @Test
    void minimalPageWithoutMetaIsVersionOne() throws Exception {
        ProjectPage page = parse("{\"files\": []}");

        assertThat(page.name()).isNull();
        assertThat(page.files()).isEmpty();
        assertThat(page.versions()).isEmpty();
        assertThat(page.lastSerial()).isNull();
    }

    @Test
    void sniffsJsonWhenContentTypeIsMissingOrGeneric() throws Exception {
        byte[] body = ("  \n" + PYPI_LIKE).getBytes(StandardCharsets.UTF_8);

        assertThat(PageParser.parse(body, null, PAGE)).isEqualTo(parse(PYPI_LIKE));
        assertThat(PageParser.parse(body, "application/octet-stream", PAGE)).isEqualTo(parse(PYPI_LIKE));
        assertThat(PageParser.parse(body, "application/json", PAGE)).isEqualTo(parse(PYPI_LIKE));
    }

    @Test
    void upperCaseHashNameIsNotDuplicatedByUrlFragment() throws Exception {
        String json = "{\"files\":[{\"filename\":\"a-1.tar.gz\",\"url\":\"a-1.tar.gz#sha256=" + SHA_B
                + "\",\"hashes\":{\"SHA256\":\"" + SHA_A.toUpperCase() + "\"}}]}";
        assertThat(parse(json).files().get(0).hashes()).containsExactly(Map.entry("sha256", SHA_A));
    }
}
