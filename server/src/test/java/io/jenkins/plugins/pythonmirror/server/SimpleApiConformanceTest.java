package io.jenkins.plugins.pythonmirror.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.jenkins.plugins.pythonmirror.testkit.BuiltDist;
import io.jenkins.plugins.pythonmirror.testkit.Dists;
import io.jenkins.plugins.pythonmirror.testkit.FakePyPI;
import io.jenkins.plugins.pythonmirror.testkit.PythonTools;
import io.jenkins.plugins.pythonmirror.testkit.SimpleApiValidator;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The served pages against PEP 691 / PEP 700, checked by an independent validator, when the upstream speaks HTML
 * (devpi, pypiserver, Nexus, file indexes: no name in JSON form, no sizes), with a real pip reading them.
 */
class SimpleApiConformanceTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path tmp;

    private MirrorFixture mirrors;
    private FakePyPI upstream;
    private FakePyPI second;

    @BeforeEach
    void setUp() {
        mirrors = new MirrorFixture(tmp.resolve("data"));
    }

    @AfterEach
    void tearDown() throws Exception {
        mirrors.close();
        if (upstream != null) {
            upstream.close();
        }
        if (second != null) {
            second.close();
        }
    }

    private HttpResponse<byte[]> json(MirrorServer server, String project, String... more) throws Exception {
        String[] headers = new String[2 + more.length];
        headers[0] = "Accept";
        headers[1] = ProxyProtocolTest.PIP_ACCEPT;
        System.arraycopy(more, 0, headers, 2, more.length);
        HttpResponse<byte[]> r = mirrors.get(server.baseUrl().resolve("simple/" + project + "/"), headers);
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("Content-Type")).hasValue("application/vnd.pypi.simple.v1+json");
        return r;
    }

    private static JsonNode tree(HttpResponse<byte[]> r) throws Exception {
        return JSON.readTree(r.body());
    }

    @Test
    void aJsonPageFromAnHtmlUpstreamConformsBeforeAndAfterARealPipInstall() throws Exception {
        upstream = FakePyPI.start(FakePyPI.PageFormat.HTML);
        BuiltDist wheel = Dists.wheel("Demo.Pkg", "1.0").payloadBytes(5_000).build();
        upstream.addDist("Demo.Pkg", wheel); // the HTML page is titled "Links for Demo.Pkg"
        BuiltDist sdist = Dists.sdist("other", "2.0").build();
        upstream.addDist("other", sdist);
        MirrorServer server = mirrors.start(upstream.simpleUrl());

        // Nothing stored yet and HTML gives no sizes: the page must not claim API 1.1.
        HttpResponse<byte[]> before = json(server, "demo-pkg");
        assertThat(SimpleApiValidator.problems(before.body(), "demo-pkg")).isEmpty();
        JsonNode page = tree(before);
        assertThat(page.get("name").asText()).isEqualTo("demo-pkg");
        assertThat(page.get("meta").get("api-version").asText()).isEqualTo("1.0");
        assertThat(page.get("versions").toString()).isEqualTo("[\"1.0\"]");

        // A real pip (isolated from this machine's pip configuration) installs through that JSON page.
        PythonTools python = new PythonTools(tmp.resolve("clients"));
        python.pipInstall(python.venv(tmp.resolve("venv")), server.simpleUrl().toString(), "demo-pkg")
                .assertSuccess();
        assertThat(upstream.downloadCount(wheel.filename())).isEqualTo(1);
        assertThat(server.mirror().status().bytesServed()).isEqualTo(wheel.bytes().length);

        // Now the mirror stores the wheel and knows its size: the page honours PEP 700.
        HttpResponse<byte[]> after = json(server, "demo-pkg");
        assertThat(SimpleApiValidator.problems(after.body(), "demo-pkg")).isEmpty();
        JsonNode full = tree(after);
        assertThat(full.get("meta").get("api-version").asText()).isEqualTo("1.1");
        assertThat(full.get("files").get(0).get("size").asLong()).isEqualTo(wheel.bytes().length);

        // A project whose file was never stored stays honest at 1.0.
        HttpResponse<byte[]> other = json(server, "other");
        assertThat(SimpleApiValidator.problems(other.body(), "other")).isEmpty();
        assertThat(tree(other).get("meta").get("api-version").asText()).isEqualTo("1.0");
    }

    @Test
    void pagesAreByteIdenticalBetweenHitsAndTitledLikePyPI() throws Exception {
        upstream = FakePyPI.start(FakePyPI.PageFormat.HTML);
        upstream.addDist("Demo.Pkg", Dists.wheel("Demo.Pkg", "1.0").build());
        upstream.addDist("Demo.Pkg", Dists.sdist("Demo.Pkg", "1.0").build());
        // TTL zero: every hit revalidates with the upstream, and still gets the same bytes.
        MirrorServer server = mirrors.start(b -> b.pageTtl(Duration.ZERO), upstream.simpleUrl());
        URI page = server.baseUrl().resolve("simple/demo-pkg/");
        for (String[] accept : new String[][] {
            {"Accept", ProxyProtocolTest.PIP_ACCEPT},
            {"Accept", "text/html"},
            {"Accept", ProxyProtocolTest.PIP_ACCEPT, "Accept-Encoding", "gzip"}
        }) {
            HttpResponse<byte[]> first = mirrors.get(page, accept);
            HttpResponse<byte[]> again = mirrors.get(page, accept);
            assertThat(again.body()).isEqualTo(first.body());
            assertThat(again.headers().firstValue("ETag"))
                    .isPresent()
                    .isEqualTo(first.headers().firstValue("ETag"));
        }
        String html = new String(mirrors.get(page, "Accept", "text/html").body(), StandardCharsets.UTF_8);
        assertThat(html).contains("<title>Links for demo-pkg</title>");
        assertThat(upstream.requestCount("/simple/demo-pkg/")).isGreaterThanOrEqualTo(6);
    }

    @Test
    void sizesFromAnEarlierJsonAnswerSurviveARefreshFromAnHtmlUpstream() throws Exception {
        BuiltDist wheel = Dists.wheel("demo", "1.0").build();
        BuiltDist sdist = Dists.sdist("demo", "1.0").build();
        upstream = FakePyPI.start(FakePyPI.PageFormat.JSON);
        upstream.addDist("demo", wheel);
        upstream.addDist("demo", sdist);
        second = FakePyPI.start(FakePyPI.PageFormat.HTML);
        second.addDist("demo", wheel);
        second.addDist("demo", sdist);

        MirrorServer fromJson = mirrors.start(b -> b.pageTtl(Duration.ZERO), upstream.simpleUrl());
        assertThat(tree(json(fromJson, "demo")).get("meta").get("api-version").asText())
                .isEqualTo("1.1");
        fromJson.close();

        // The same data directory, now behind an HTML upstream: the page is fetched anew from it...
        MirrorServer fromHtml = mirrors.start(b -> b.pageTtl(Duration.ZERO), second.simpleUrl());
        HttpResponse<byte[]> r = json(fromHtml, "demo");
        assertThat(second.requestCount("/simple/demo/")).isEqualTo(1);
        // ... and keeps the sizes the JSON answer gave for the same files, without downloading anything.
        assertThat(SimpleApiValidator.problems(r.body(), "demo")).isEmpty();
        JsonNode page = tree(r);
        assertThat(page.get("meta").get("api-version").asText()).isEqualTo("1.1");
        assertThat(page.get("files").findValuesAsText("size"))
                .containsExactlyInAnyOrder(String.valueOf(wheel.bytes().length), String.valueOf(sdist.bytes().length));
        assertThat(upstream.downloadCount(wheel.filename()) + second.downloadCount(wheel.filename()))
                .isZero();
    }
}
