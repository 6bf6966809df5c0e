package io.jenkins.plugins.pythonmirror.report;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import org.cyclonedx.parsers.JsonParser;
import org.junit.jupiter.api.Test;

/** CycloneDX 1.6 (https://cyclonedx.org/docs/1.6/json/) and the purl spec's PyPI type. */
class SbomTest {

    static final List<Obtained> FILES = List.of(
            new Obtained("flask", "3.1.3", "flask-3.1.3-py3-none-any.whl", "f".repeat(64), 103_000, Source.UPSTREAM),
            new Obtained("acme-lib", "1.0", "acme_lib-1.0.tar.gz", "a".repeat(64), 2_000, Source.PRIVATE),
            new Obtained("acme-lib", "1.0", "acme_lib-1.0.tar.gz", "a".repeat(64), 2_000, Source.PRIVATE),
            new Obtained(
                    "numpy",
                    "2.1.0",
                    "numpy-2.1.0-cp311-cp311-manylinux_2_17_x86_64.whl",
                    "0".repeat(64),
                    16_000_000,
                    Source.CACHE));

    @Test
    void isValidCycloneDx16WithOneLibraryPerFile() throws Exception {
        String json = Sbom.json(FILES, "folder/app #12", "0.1.0", Date.from(Instant.parse("2026-12-05T10:00:00Z")));

        assertThat(new JsonParser().validate(json.getBytes(StandardCharsets.UTF_8), Sbom.SPEC))
                .isEmpty();
        JsonNode bom = new ObjectMapper().readTree(json);
        assertThat(bom.path("bomFormat").asText()).isEqualTo("CycloneDX");
        assertThat(bom.path("specVersion").asText()).isEqualTo("1.6");
        assertThat(bom.path("metadata")
                        .path("tools")
                        .path("components")
                        .get(0)
                        .path("name")
                        .asText())
                .isEqualTo("python-mirror");
        assertThat(bom.path("metadata").path("component").path("name").asText()).isEqualTo("folder/app #12");
        JsonNode components = bom.path("components");
        assertThat(components).hasSize(3);
        JsonNode flask = components.get(1);
        assertThat(flask.path("type").asText()).isEqualTo("library");
        assertThat(flask.path("purl").asText())
                .isEqualTo("pkg:pypi/flask@3.1.3?file_name=flask-3.1.3-py3-none-any.whl");
        assertThat(flask.path("hashes").get(0).path("alg").asText()).isEqualTo("SHA-256");
        assertThat(flask.path("hashes").get(0).path("content").asText()).isEqualTo("f".repeat(64));
        assertThat(flask.path("properties").get(0).path("value").asText()).isEqualTo("upstream");
    }

    @Test
    void theSchemaCheckRejectsABrokenSbom() throws Exception {
        String broken = Sbom.json(FILES, null, "0.1.0", new Date()).replace("\"library\"", "\"libary\"");
        assertThat(new JsonParser().validate(broken.getBytes(StandardCharsets.UTF_8), Sbom.SPEC))
                .isNotEmpty();
    }

    @Test
    void anEmptyBuildStillGivesAValidSbom() throws Exception {
        String json = Sbom.json(List.of(), null, "0.1.0", new Date());
        assertThat(new JsonParser().validate(json.getBytes(StandardCharsets.UTF_8), Sbom.SPEC))
                .isEmpty();
    }

    @Test
    void purlUsesTheNormalizedNameAndTheFileAsQualifier() {
        assertThat(Sbom.purl(FILES.get(1))).isEqualTo("pkg:pypi/acme-lib@1.0?file_name=acme_lib-1.0.tar.gz");
        assertThat(Sbom.purl(new Obtained(
                        "zope-interface",
                        "6.0+local.1",
                        "zope.interface-6.0+local.1-py3-none-any.whl",
                        "1".repeat(64),
                        1,
                        Source.CACHE)))
                .isEqualTo(
                        "pkg:pypi/zope-interface@6.0%2Blocal.1?file_name=zope.interface-6.0%2Blocal.1-py3-none-any.whl");
    }
}
