package io.jenkins.plugins.pythonmirror.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.jenkins.plugins.pythonmirror.testkit.BuiltDist;
import io.jenkins.plugins.pythonmirror.testkit.Dists;
import io.jenkins.plugins.pythonmirror.testkit.FakePyPI;
import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The served protocol, spoken over real HTTP: negotiation, redirects, compression, files, ranges, metadata. */
class ProxyProtocolTest {

    static final String PIP_ACCEPT =
            "application/vnd.pypi.simple.v1+json, application/vnd.pypi.simple.v1+html; q=0.1, text/html; q=0.01";

    @TempDir
    Path tmp;

    private MirrorFixture mirrors;
    private FakePyPI upstream;
    private MirrorServer server;
    private BuiltDist wheel;

    @BeforeEach
    void setUp() throws Exception {
        upstream = FakePyPI.start(FakePyPI.PageFormat.JSON);
        wheel = Dists.wheel("Demo.Pkg", "1.0")
                .requires("other>=2")
                .payloadBytes(200_000)
                .build();
        upstream.addDist("demo-pkg", wheel).withMetadata(wheel.metadata());
        upstream.addDist("demo-pkg", Dists.wheel("demo-pkg", "0.9").build()).yanked("broken build");
        mirrors = new MirrorFixture(tmp.resolve("data"));
        server = mirrors.start(upstream.simpleUrl());
    }

    @AfterEach
    void tearDown() throws Exception {
        mirrors.close();
        upstream.close();
    }

    private URI url(String path) {
        return server.baseUrl().resolve(path);
    }

    private String fileUrl() {
        return "files/" + wheel.sha256() + "/" + wheel.filename();
    }

    @Test
    void pipsAcceptHeaderGetsJsonWithRelativeFileLinksAndApiMeta() throws Exception {
        HttpResponse<byte[]> r = mirrors.get(url("simple/demo-pkg/"), "Accept", PIP_ACCEPT);
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("Content-Type")).hasValue("application/vnd.pypi.simple.v1+json");
        assertThat(r.headers().allValues("Vary").toString()).contains("Accept");
        String body = new String(r.body(), StandardCharsets.UTF_8);
        assertThat(body)
                .contains("\"api-version\":\"1.1\"")
                .contains("\"url\":\"../../" + fileUrl() + "\"")
                .contains("\"versions\":[\"0.9\",\"1.0\"]")
                .contains("\"yanked\":\"broken build\"")
                .contains("\"core-metadata\"");
        assertThat(body).doesNotContain(upstream.baseUrl().toString());
    }

    @Test
    void noAcceptHeaderAndWildcardGetHtml() throws Exception {
        for (String[] headers : new String[][] {{}, {"Accept", "*/*"}, {"Accept", "text/html"}}) {
            HttpResponse<byte[]> r = mirrors.get(url("simple/demo-pkg/"), headers);
            assertThat(r.statusCode()).isEqualTo(200);
            assertThat(r.headers().firstValue("Content-Type").orElseThrow()).startsWith("text/html");
            String body = new String(r.body(), StandardCharsets.UTF_8);
            assertThat(body)
                    .contains("href=\"../../" + fileUrl() + "#sha256=" + wheel.sha256() + "\"")
                    .contains("data-yanked=\"broken build\"")
                    .contains("pypi:repository-version");
        }
    }

    @Test
    void formatParameterOverridesAcceptAndUnacceptableTypesGet406() throws Exception {
        HttpResponse<byte[]> r =
                mirrors.get(url("simple/demo-pkg/?format=application/vnd.pypi.simple.v1+json"), "Accept", "text/html");
        assertThat(r.headers().firstValue("Content-Type")).hasValue("application/vnd.pypi.simple.v1+json");
        HttpResponse<byte[]> refused = mirrors.get(url("simple/demo-pkg/"), "Accept", "application/xml");
        assertThat(refused.statusCode()).isEqualTo(406);
        assertThat(new String(refused.body(), StandardCharsets.UTF_8)).contains("application/vnd.pypi.simple.v1+json");
    }

    @Test
    void nonNormalizedNamesAndMissingSlashesRedirect() throws Exception {
        HttpResponse<byte[]> r = mirrors.get(url("simple/Demo.Pkg/"));
        assertThat(r.statusCode()).isEqualTo(301);
        assertThat(url("simple/Demo.Pkg/")
                        .resolve(r.headers().firstValue("Location").orElseThrow()))
                .isEqualTo(url("simple/demo-pkg/"));
        HttpResponse<byte[]> slash = mirrors.get(url("simple/demo-pkg"));
        assertThat(slash.statusCode()).isEqualTo(301);
        assertThat(url("simple/demo-pkg")
                        .resolve(slash.headers().firstValue("Location").orElseThrow()))
                .isEqualTo(url("simple/demo-pkg/"));
    }

    @Test
    void pagesAreGzippedWhenAskedAndAnswer304ToTheirEtag() throws Exception {
        HttpResponse<byte[]> plain = mirrors.get(url("simple/demo-pkg/"), "Accept", PIP_ACCEPT);
        HttpResponse<byte[]> gz = mirrors.get(url("simple/demo-pkg/"), "Accept", PIP_ACCEPT, "Accept-Encoding", "gzip");
        assertThat(gz.headers().firstValue("Content-Encoding")).hasValue("gzip");
        assertThat(new GZIPInputStream(new ByteArrayInputStream(gz.body())).readAllBytes())
                .isEqualTo(plain.body());
        String etag = plain.headers().firstValue("ETag").orElseThrow();
        HttpResponse<byte[]> again = mirrors.get(url("simple/demo-pkg/"), "Accept", PIP_ACCEPT, "If-None-Match", etag);
        assertThat(again.statusCode()).isEqualTo(304);
    }

    @Test
    void unknownProjectsAre404AndTheNegativeAnswerIsCached() throws Exception {
        assertThat(mirrors.get(url("simple/no-such-thing/")).statusCode()).isEqualTo(404);
        int before = upstream.requestCount("/simple/no-such-thing/");
        assertThat(mirrors.get(url("simple/no-such-thing/")).statusCode()).isEqualTo(404);
        assertThat(upstream.requestCount("/simple/no-such-thing/")).isEqualTo(before);
    }

    @Test
    void filesAreServedWithEtagImmutableCachingHeadAndRanges() throws Exception {
        mirrors.get(url("simple/demo-pkg/"));
        HttpResponse<byte[]> full = mirrors.get(url(fileUrl()));
        assertThat(full.statusCode()).isEqualTo(200);
        assertThat(full.body()).isEqualTo(wheel.bytes());
        assertThat(full.headers().firstValue("ETag")).hasValue("\"" + wheel.sha256() + "\"");
        assertThat(full.headers().firstValue("Cache-Control").orElseThrow()).contains("immutable");

        HttpResponse<byte[]> head = mirrors.head(url(fileUrl()));
        assertThat(head.statusCode()).isEqualTo(200);
        assertThat(head.headers().firstValueAsLong("Content-Length")).hasValue(wheel.bytes().length);
        assertThat(head.body()).isEmpty();

        HttpResponse<byte[]> range = mirrors.get(url(fileUrl()), "Range", "bytes=100-199");
        assertThat(range.statusCode()).isEqualTo(206);
        assertThat(range.headers().firstValue("Content-Range")).hasValue("bytes 100-199/" + wheel.bytes().length);
        assertThat(range.body()).isEqualTo(Arrays.copyOfRange(wheel.bytes(), 100, 200));

        HttpResponse<byte[]> absurd = mirrors.get(url(fileUrl()), "Range", "bytes=99999999999-");
        assertThat(absurd.statusCode()).isEqualTo(416);
        assertThat(absurd.headers().firstValue("Content-Range")).hasValue("bytes */" + wheel.bytes().length);

        assertThat(mirrors.get(url(fileUrl()), "If-None-Match", "\"" + wheel.sha256() + "\"")
                        .statusCode())
                .isEqualTo(304);
        assertThat(upstream.requestCount("/packages/")).isEqualTo(1);
    }

    @Test
    void metadataIsPassedThroughAndReadFromCachedWheelsWhenUpstreamHasNone() throws Exception {
        mirrors.get(url("simple/demo-pkg/"));
        HttpResponse<byte[]> meta = mirrors.get(url(fileUrl() + ".metadata"));
        assertThat(meta.statusCode()).isEqualTo(200);
        assertThat(meta.body()).isEqualTo(wheel.metadata());

        BuiltDist plain = Dists.wheel("plain", "1.0").build();
        upstream.addFile("plain", plain.filename(), plain.bytes()); // no PEP 658 file upstream
        mirrors.get(url("simple/plain/"));
        String plainUrl = "files/" + plain.sha256() + "/" + plain.filename();
        assertThat(pageJson("plain")).doesNotContain("core-metadata");
        assertThat(mirrors.get(url(plainUrl)).statusCode()).isEqualTo(200);
        assertThat(pageJson("plain")).as("offered once the wheel is cached").contains("core-metadata");
        HttpResponse<byte[]> fromWheel = mirrors.get(url(plainUrl + ".metadata"));
        assertThat(fromWheel.statusCode()).isEqualTo(200);
        assertThat(fromWheel.body()).isEqualTo(plain.metadata());

        // Evicted since: the mirror brings the wheel back to answer, instead of a 404 for what it offered.
        // Purge skips files still in use; the last response's lease may end a moment after the client has it.
        for (int i = 0; i < 100 && server.mirror().status().cachedFiles() > 0; i++) {
            server.mirror().purge();
            Thread.sleep(20);
        }
        assertThat(server.mirror().status().cachedFiles()).isZero();
        mirrors.get(url("simple/plain/"));
        HttpResponse<byte[]> again = mirrors.get(url(plainUrl + ".metadata"));
        assertThat(again.statusCode()).isEqualTo(200);
        assertThat(again.body()).isEqualTo(plain.metadata());
        assertThat(upstream.downloadCount(plain.filename())).isEqualTo(2);
        assertThat(upstream.requests())
                .as("upstream has no metadata file for plain and was never asked for one")
                .noneMatch(r -> r.path().contains("plain") && r.path().endsWith(".metadata"));
    }

    private String pageJson(String project) throws Exception {
        return new String(
                mirrors.get(url("simple/" + project + "/"), "Accept", PIP_ACCEPT)
                        .body(),
                StandardCharsets.UTF_8);
    }

    @Test
    void theRootListsCachedProjectsOnly() throws Exception {
        mirrors.get(url("simple/demo-pkg/"));
        String html = new String(mirrors.get(url("simple/")).body(), StandardCharsets.UTF_8);
        assertThat(html).contains(">demo-pkg<").doesNotContain("other");
        String json =
                new String(mirrors.get(url("simple/"), "Accept", PIP_ACCEPT).body(), StandardCharsets.UTF_8);
        assertThat(json).contains("\"name\":\"demo-pkg\"");
    }

    @Test
    void statusAndMetricsReportTheCounters() throws Exception {
        mirrors.get(url("simple/demo-pkg/"));
        mirrors.get(url(fileUrl()));
        String status = new String(mirrors.get(url("api/status")).body(), StandardCharsets.UTF_8);
        assertThat(status)
                .contains("\"bytesServed\" : " + wheel.bytes().length)
                .contains("\"bytesFetched\" : " + wheel.bytes().length)
                .contains(upstream.simpleUrl().toString());
        String metrics = new String(mirrors.get(url("metrics")).body(), StandardCharsets.UTF_8);
        assertThat(metrics).contains("python_mirror_served_bytes_total " + wheel.bytes().length);
    }
}
