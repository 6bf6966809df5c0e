package io.jenkins.plugins.pythonmirror.simple;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;

class HtmlPageParserTest {

    private static final URI PAGE = URI.create("https://pypi.example/simple/demo-pkg/");
    private static final String SHA_A = "a".repeat(64);
    private static final String SHA_B = "0123456789abcdef".repeat(4);

    private static final String PYPI_LIKE =
            """
            <!DOCTYPE html>
            <html>
              <head>
                <meta name="pypi:repository-version" content="1.4">
                <meta name="pypi:project-status" content="deprecated">
                <meta name="pypi:project-status-reason" content="use other-pkg">
                <title>Links for demo-pkg</title>
              </head>
              <body>
                <h1>Links for demo-pkg</h1>
                <a href="https://files.example/packages/aa/bb/demo_pkg-1.0.tar.gz#sha256=%s" data-requires-python="&gt;=3.8" >demo_pkg-1.0.tar.gz</a><br />
                <a href="https://files.example/packages/cc/demo_pkg-1.0-py3-none-any.whl#sha256=%s" data-requires-python="&gt;=3.8" data-core-metadata="sha256=%s" data-dist-info-metadata="sha256=%s">demo_pkg-1.0-py3-none-any.whl</a><br />
                <a href="../../packages/dd/demo_pkg-0.9.tar.gz#md5=0CC175B9C0F1B6A831C399E269772661" data-yanked="">demo_pkg-0.9.tar.gz</a><br />
                <a href="/packages/ee/demo_pkg-0.8.tar.gz" data-yanked="broken &lt;build&gt;" data-gpg-sig="true">demo_pkg-0.8.tar.gz</a><br />
                <a href="https://files.example/demo_pkg-0.7-py2-none-any.whl" data-dist-info-metadata="true" data-gpg-sig="false">
                    demo_pkg-0.7-py2-none-any.whl
                </a>
              </body>
            </html>
            <!--SERIAL 1234567-->
            """
                    .formatted(SHA_A, SHA_B, SHA_A, SHA_A);

    private static ProjectPage parse(String html, URI url) throws InvalidPageException {
        return PageParser.parse(html.getBytes(StandardCharsets.UTF_8), "text/html; charset=utf-8", url);
    }

    @Test
    void readsPypiLikePage() throws Exception {
        ProjectPage page = parse(PYPI_LIKE, PAGE);

        assertThat(page.name()).isEqualTo("demo-pkg");
        assertThat(page.lastSerial()).isEqualTo(1234567L);
        assertThat(page.projectStatus()).isEqualTo("deprecated");
        assertThat(page.projectStatusReason()).isEqualTo("use other-pkg");
        assertThat(page.versions()).isEmpty();
        assertThat(page.files()).hasSize(5);

        FileEntry sdist = page.files().get(0);
        assertThat(sdist.filename()).isEqualTo("demo_pkg-1.0.tar.gz");
        assertThat(sdist.url()).isEqualTo("https://files.example/packages/aa/bb/demo_pkg-1.0.tar.gz");
        assertThat(sdist.hashes()).containsExactly(Map.entry("sha256", SHA_A));
        assertThat(sdist.sha256()).isEqualTo(SHA_A);
        assertThat(sdist.requiresPython()).isEqualTo(">=3.8");
        assertThat(sdist.yanked()).isFalse();
        assertThat(sdist.yankedReason()).isNull();
        assertThat(sdist.coreMetadata()).isNull();
        assertThat(sdist.gpgSig()).isNull();
    }

    @Test
    void readsCoreMetadataUnderEitherSpelling() throws Exception {
        ProjectPage page = parse(PYPI_LIKE, PAGE);

        assertThat(page.files().get(1).coreMetadata()).containsExactly(Map.entry("sha256", SHA_A));
        assertThat(page.files().get(4).coreMetadata()).isEmpty(); // legacy data-dist-info-metadata="true"
        assertThat(page.files().get(4).hasCoreMetadata()).isTrue();
    }

    @Test
    void newMetadataAttributeWinsOverLegacyOne() throws Exception {
        String html =
                "<a href='f-1.0.whl' data-core-metadata='sha256=%s' data-dist-info-metadata='sha256=%s'>f-1.0.whl</a>"
                        .formatted(SHA_A, SHA_B);
        assertThat(parse(html, PAGE).files().get(0).coreMetadata()).containsEntry("sha256", SHA_A);
    }

    @Test
    void readsYankedWithAndWithoutReason() throws Exception {
        ProjectPage page = parse(PYPI_LIKE, PAGE);

        assertThat(page.files().get(2).yanked()).isTrue();
        assertThat(page.files().get(2).yankedReason()).isEmpty();
        assertThat(page.files().get(3).yanked()).isTrue();
        assertThat(page.files().get(3).yankedReason()).isEqualTo("broken <build>");
        String bare = "<a href='x-1.0.tar.gz' data-yanked>x-1.0.tar.gz</a>";
        assertThat(parse(bare, PAGE).files().get(0).yankedReason()).isEmpty();
    }

    @Test
    void resolvesRelativeUrlsAndMovesFragmentIntoHashes() throws Exception {
        ProjectPage page = parse(PYPI_LIKE, PAGE);

        FileEntry relative = page.files().get(2);
        assertThat(relative.url()).isEqualTo("https://pypi.example/packages/dd/demo_pkg-0.9.tar.gz");
        assertThat(relative.hashes()).containsExactly(Map.entry("md5", "0cc175b9c0f1b6a831c399e269772661"));
        assertThat(relative.sha256()).isNull();
        assertThat(page.files().get(3).url()).isEqualTo("https://pypi.example/packages/ee/demo_pkg-0.8.tar.gz");
        assertThat(page.files().get(3).gpgSig()).isTrue();
        assertThat(page.files().get(4).gpgSig()).isFalse();
    }

    @Test
    void trimsAnchorText() throws Exception {
        assertThat(parse(PYPI_LIKE, PAGE).files().get(4).filename()).isEqualTo("demo_pkg-0.7-py2-none-any.whl");
    }

    @Test
    void respectsBaseHref() throws Exception {
        String html =
                """
                <html><head><base href="https://mirror.example/files/"></head>
                <body><a href="sub/pkg-1.0.tar.gz#sha256=%s">pkg-1.0.tar.gz</a>
                <a href="../other/pkg-1.1.tar.gz">pkg-1.1.tar.gz</a></body></html>
                """
                        .formatted(SHA_A);
        ProjectPage page = parse(html, PAGE);

        assertThat(page.files())
                .extracting(FileEntry::url)
                .containsExactly(
                        "https://mirror.example/files/sub/pkg-1.0.tar.gz",
                        "https://mirror.example/other/pkg-1.1.tar.gz");
    }

    @Test
    void relativeBaseHrefIsResolvedAgainstPageUrl() throws Exception {
        String html = "<base href='../../dl/'><a href='p-1.0.tar.gz'>p-1.0.tar.gz</a>";
        assertThat(parse(html, PAGE).files().get(0).url()).isEqualTo("https://pypi.example/dl/p-1.0.tar.gz");
    }

    @Test
    void emptyAnchorTextFallsBackToLastPathSegment() throws Exception {
        String html = "<a href='/packages/p-1.0%2Blocal.tar.gz#sha256=" + SHA_A + "'></a>";
        FileEntry f = parse(html, PAGE).files().get(0);

        assertThat(f.filename()).isEqualTo("p-1.0+local.tar.gz");
        assertThat(f.url()).isEqualTo("https://pypi.example/packages/p-1.0%2Blocal.tar.gz");
    }

    @Test
    void anchorsWithoutHrefAreSkipped() throws Exception {
        String html = "<a name='top'>top</a><a href='p-1.0.tar.gz'>p-1.0.tar.gz</a>";
        assertThat(parse(html, PAGE).files()).extracting(FileEntry::filename).containsExactly("p-1.0.tar.gz");
    }

    @Test
    void pageWithoutFilesAndWithoutVersionIsAnEmptyProject() throws Exception {
        ProjectPage page = parse("<html><body><h1>Links for empty</h1></body></html>", PAGE);

        assertThat(page.name()).isEqualTo("empty");
        assertThat(page.files()).isEmpty();
        assertThat(page.lastSerial()).isNull();
        assertThat(page.projectStatus()).isNull();
    }

    @Test
    void refusesRepositoryVersionTwo() {
        String html = "<meta name='pypi:repository-version' content='2.0'><a href='p-1.0.tar.gz'>p-1.0.tar.gz</a>";
        assertThatThrownBy(() -> parse(html, PAGE))
                .isInstanceOf(InvalidPageException.class)
                .hasMessage("unsupported repository version 2.0 (only 1.x is understood)");
    }

    @Test
    void sniffsHtmlWithoutContentType() throws Exception {
        byte[] body = PYPI_LIKE.getBytes(StandardCharsets.UTF_8);
        assertThat(PageParser.parse(body, null, PAGE)).isEqualTo(PageParser.parseHtml(body, PAGE));
    }

    @Test
    void skipsDirectoryLinksOfStaticServerListings() throws Exception {
        // nginx autoindex / Apache listings serving a simple tree add navigation links.
        String html =
                """
                <html><head><title>Index of /simple/p/</title></head><body><h1>Index of /simple/p/</h1><hr><pre>
                <a href="../">../</a>
                <a href="?C=N;O=D">Name</a>
                <a href="p-1.0.tar.gz">p-1.0.tar.gz</a>           26-Nov-2026 10:00     1234
                </pre><hr></body></html>
                """;
        ProjectPage page = parse(html, PAGE);

        assertThat(page.name()).isNull();
        assertThat(page.files()).extracting(FileEntry::filename).containsExactly("p-1.0.tar.gz");
    }
}
