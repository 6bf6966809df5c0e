package io.jenkins.plugins.pythonmirror.simple;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PageRendererTest {

    private static final URI PAGE = URI.create("https://mirror.example/simple/demo/");
    private static final String SHA = "d".repeat(64);
    private static final String MD5 = "e".repeat(32);

    private static final FileEntry WHEEL = FileEntry.builder(
                    "demo-1.0-py3-none-any.whl", "https://mirror.example/files/demo-1.0-py3-none-any.whl")
            .hashes(Map.of("sha256", SHA, "md5", MD5))
            .requiresPython("<3,>=2")
            .coreMetadata(Map.of("sha256", SHA))
            .size(4242L)
            .uploadTime("2024-05-06T07:08:09.123456Z")
            .gpgSig(false)
            .build();
    private static final FileEntry SDIST = FileEntry.builder(
                    "demo-1.0.tar.gz", "https://mirror.example/files/demo-1.0.tar.gz?a=1&b=2")
            .hashes(Map.of("md5", MD5))
            .yanked(true, "<script>alert(1)</script>")
            .coreMetadata(Map.of())
            .build();
    private static final FileEntry OLD = FileEntry.builder("demo-0.1.zip", "https://mirror.example/files/demo-0.1.zip")
            .yanked(true, null)
            .build();

    private static String html(ProjectPage page) {
        return new String(PageRenderer.projectHtml(page), StandardCharsets.UTF_8);
    }

    private static JsonNode json(byte[] body) throws Exception {
        return new ObjectMapper().readTree(body);
    }

    @Test
    void htmlEscapesRequiresPythonAndYankReason() {
        String html = html(ProjectPage.of("demo", List.of(WHEEL, SDIST)));

        assertThat(html).contains("data-requires-python=\"&lt;3,&gt;=2\"");
        assertThat(html).contains("data-yanked=\"&lt;script&gt;alert(1)&lt;/script&gt;\"");
        assertThat(html).doesNotContain("<script>");
        assertThat(html).contains("href=\"https://mirror.example/files/demo-1.0.tar.gz?a=1&amp;b=2#md5=" + MD5 + "\"");
    }

    @Test
    void htmlPrefersSha256FragmentAndWritesBothMetadataAttributes() {
        String html = html(ProjectPage.of("demo", List.of(WHEEL, SDIST, OLD)));

        assertThat(html)
                .contains("<a href=\"https://mirror.example/files/demo-1.0-py3-none-any.whl#sha256=" + SHA + "\"")
                .contains("data-core-metadata=\"sha256=" + SHA + "\" data-dist-info-metadata=\"sha256=" + SHA + "\"")
                .contains("data-core-metadata=\"true\" data-dist-info-metadata=\"true\"")
                .contains("data-gpg-sig=\"false\"")
                .contains("<a href=\"https://mirror.example/files/demo-0.1.zip\" data-yanked>demo-0.1.zip</a>")
                .contains("<meta name=\"pypi:repository-version\" content=\"1.1\">")
                .contains("<title>Links for demo</title>")
                .doesNotContain("pypi:project-status")
                .doesNotContain("SERIAL");
    }

    @Test
    void htmlEscapesAnchorTextAndWritesStatusAndSerial() {
        ProjectPage page = new ProjectPage("demo", List.of(OLD), List.of(), 77L, "quarantined", "a \"bad\" <one>");
        String html = html(page);

        assertThat(html)
                .contains("<meta name=\"pypi:project-status\" content=\"quarantined\">")
                .contains("<meta name=\"pypi:project-status-reason\" content=\"a &quot;bad&quot; &lt;one&gt;\">")
                .endsWith("<!--SERIAL 77-->\n");
    }

    @Test
    void htmlFragmentUsesOnlyAlgorithmsClientsCanCheck() {
        FileEntry md5Only = FileEntry.of("a-1.tar.gz", "https://x/a-1.tar.gz", Map.of("md5", MD5, "zz_custom", "00"));
        FileEntry customOnly = FileEntry.of("b-1.tar.gz", "https://x/b-1.tar.gz", Map.of("blake2b_256", "00"));
        String html = html(ProjectPage.of("demo", List.of(md5Only, customOnly)));

        assertThat(html)
                .contains("href=\"https://x/a-1.tar.gz#md5=" + MD5 + "\"")
                .contains("href=\"https://x/b-1.tar.gz\">");
    }

    @Test
    void jsonHasEveryKeyInStableOrder() throws Exception {
        ProjectPage page =
                new ProjectPage("demo", List.of(WHEEL, SDIST, OLD), List.of("0.1", "1.0"), 99L, "archived", null);
        byte[] body = PageRenderer.projectJson(page);
        JsonNode root = json(body);

        // PEP 700: two files have no size, so the page cannot claim 1.1
        assertThat(root.get("meta").get("api-version").asText()).isEqualTo("1.0");
        assertThat(root.get("meta").get("_last-serial").asLong()).isEqualTo(99L);
        assertThat(root.get("project-status").get("status").asText()).isEqualTo("archived");
        assertThat(root.get("project-status").has("reason")).isFalse();
        assertThat(root.get("versions")).hasSize(2);
        JsonNode wheel = root.get("files").get(0);
        assertThat(wheel.get("hashes").get("sha256").asText()).isEqualTo(SHA);
        assertThat(wheel.get("requires-python").asText()).isEqualTo("<3,>=2");
        assertThat(wheel.get("size").asLong()).isEqualTo(4242L);
        assertThat(wheel.get("upload-time").asText()).isEqualTo("2024-05-06T07:08:09.123456Z");
        assertThat(wheel.get("yanked").asBoolean()).isFalse();
        assertThat(wheel.get("core-metadata").get("sha256").asText()).isEqualTo(SHA);
        assertThat(wheel.has("dist-info-metadata"))
                .as("PEP 714: old key breaks pip 22.3-23.1")
                .isFalse();
        assertThat(wheel.get("gpg-sig").asBoolean()).isFalse();
        JsonNode sdist = root.get("files").get(1);
        assertThat(sdist.get("yanked").asText()).isEqualTo("<script>alert(1)</script>");
        assertThat(sdist.get("core-metadata").isBoolean()).isTrue();
        JsonNode old = root.get("files").get(2);
        assertThat(old.get("hashes").isObject()).isTrue();
        assertThat(old.get("hashes")).isEmpty();
        assertThat(old.get("yanked").isBoolean()).isTrue();
        assertThat(old.has("size")).isFalse();
        assertThat(old.has("core-metadata")).isFalse();
        List<String> keys = new ArrayList<>();
        wheel.fieldNames().forEachRemaining(keys::add);
        assertThat(keys)
                .containsExactly(
                        "filename",
                        "url",
                        "hashes",
                        "requires-python",
                        "size",
                        "upload-time",
                        "yanked",
                        "core-metadata",
                        "gpg-sig");
        assertThat(PageRenderer.projectJson(page)).isEqualTo(body);
    }

    @Test
    void jsonRoundTripsToAnEqualPage() throws Exception {
        ProjectPage page = new ProjectPage(
                "demo", List.of(WHEEL, SDIST, OLD), List.of("0.1", "1.0"), 99L, "deprecated", "use demo2");

        assertThat(PageParser.parseJson(PageRenderer.projectJson(page), PAGE)).isEqualTo(page);
        assertThat(PageParser.parse(PageRenderer.projectJson(page), PageFormat.JSON_V1.contentTypeHeader(), null))
                .isEqualTo(page);
    }

    @Test
    void jsonRoundTripsAnEmptyPage() throws Exception {
        ProjectPage page = new ProjectPage(null, List.of(), List.of(), null, null, null);
        assertThat(PageParser.parseJson(PageRenderer.projectJson(page), PAGE)).isEqualTo(page);
    }

    @Test
    void htmlRoundTripsToAnEqualPage() throws Exception {
        // HTML carries no versions, size or upload-time (PEP 700 is JSON only), and one hash per URL.
        FileEntry wheel = WHEEL.toBuilder()
                .hashes(Map.of("sha256", SHA))
                .size(null)
                .uploadTime(null)
                .build();
        ProjectPage page = new ProjectPage("demo", List.of(wheel, SDIST, OLD), List.of(), 5L, "archived", "old");

        byte[] body = PageRenderer.projectHtml(page);

        assertThat(PageParser.parse(body, PageFormat.TEXT_HTML.contentTypeHeader(), PAGE))
                .isEqualTo(page);
    }

    @Test
    void indexPagesListProjects() throws Exception {
        List<String> names = List.of("Django", "zope.interface", "a<b");
        String html = new String(PageRenderer.indexHtml(names), StandardCharsets.UTF_8);

        assertThat(html)
                .contains("<a href=\"django/\">Django</a>")
                .contains("<a href=\"zope-interface/\">zope.interface</a>")
                .contains("<a href=\"a%3Cb/\">a&lt;b</a>")
                .contains("content=\"1.1\"");
        JsonNode root = json(PageRenderer.indexJson(names));
        assertThat(root.get("meta").get("api-version").asText()).isEqualTo("1.1");
        assertThat(root.get("projects").get(1).get("name").asText()).isEqualTo("zope.interface");
    }

    @Test
    void rendersFiveThousandFilesQuickly() throws Exception {
        List<FileEntry> files = new ArrayList<>();
        for (int i = 0; i < 5000; i++) {
            files.add(WHEEL.toBuilder()
                    .url("https://mirror.example/files/demo-1." + i + "-py3-none-any.whl")
                    .build());
        }
        ProjectPage page = new ProjectPage("demo", files, List.of(), 1L, null, null);
        for (int warm = 0; warm < 5; warm++) {
            PageRenderer.projectJson(page);
            PageRenderer.projectHtml(page);
        }
        long start = System.nanoTime();
        byte[] json = PageRenderer.projectJson(page);
        byte[] html = PageRenderer.projectHtml(page);
        long millis = (System.nanoTime() - start) / 1_000_000;

        // Generous bound for a loaded CI machine; typically a few ms.
        assertThat(millis).isLessThan(500);
        assertThat(PageParser.parseJson(json, PAGE).files()).hasSize(5000);
        assertThat(PageParser.parseHtml(html, PAGE).files()).hasSize(5000);
    }

    /**
     * PEP 691 / PEP 700: a JSON page claims API 1.1 only when every file has a size and a listed version; the name
     * is the normalized one, in JSON and in the HTML title ("Links for NAME", as PyPI writes it).
     */
    @Test
    void claimsApi11OnlyWhenEveryFileHasASizeAndNamesTheProjectNormalized() throws Exception {
        FileEntry sdist = SDIST.toBuilder().size(10L).build();
        FileEntry old = OLD.toBuilder().size(20L).build();
        ProjectPage full = new ProjectPage("Demo", List.of(WHEEL, sdist, old), List.of("0.1", "1.0"), null, null, null);
        JsonNode root = json(PageRenderer.projectJson(full));
        assertThat(root.get("meta").get("api-version").asText()).isEqualTo("1.1");
        assertThat(root.get("name").asText()).isEqualTo("demo");

        ProjectPage unlisted = new ProjectPage("demo", List.of(WHEEL, sdist, old), List.of("1.0"), null, null, null);
        assertThat(json(PageRenderer.projectJson(unlisted))
                        .get("meta")
                        .get("api-version")
                        .asText())
                .as("demo-0.1.zip is tied to no listed version")
                .isEqualTo("1.0");

        ProjectPage dotted = ProjectPage.of("Zope.Interface_X", List.of());
        assertThat(json(PageRenderer.projectJson(dotted)).get("name").asText()).isEqualTo("zope-interface-x");
        assertThat(html(dotted))
                .contains("<title>Links for zope-interface-x</title>", "<h1>Links for zope-interface-x</h1>");
    }

    @Test
    void writesUploadTimeInPep700Form() throws Exception {
        FileEntry offset =
                WHEEL.toBuilder().uploadTime("2024-05-06T09:08:09+02:00").build();
        FileEntry junk = SDIST.toBuilder().uploadTime("yesterday").build();
        JsonNode files = json(PageRenderer.projectJson(ProjectPage.of("demo", List.of(offset, junk))))
                .get("files");
        assertThat(files.get(0).get("upload-time").asText()).isEqualTo("2024-05-06T07:08:09Z");
        assertThat(files.get(1).has("upload-time")).isFalse();
    }
}
