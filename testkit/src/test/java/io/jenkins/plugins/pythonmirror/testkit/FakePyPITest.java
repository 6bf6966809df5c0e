package io.jenkins.plugins.pythonmirror.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.jenkins.plugins.pythonmirror.testkit.FakePyPI.Fault;
import io.jenkins.plugins.pythonmirror.testkit.FakePyPI.PageFormat;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(value = 60, unit = TimeUnit.SECONDS)
class FakePyPITest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private final HttpClient http = HttpClient.newBuilder()
            .connectTimeout(Duration.ofSeconds(5))
            .followRedirects(HttpClient.Redirect.NEVER)
            .build();
    private FakePyPI fake;

    @AfterEach
    void stop() {
        if (fake != null) {
            fake.close();
        }
    }

    private HttpResponse<byte[]> get(String pathOrUrl, String... headers) throws Exception {
        URI uri = pathOrUrl.startsWith("http")
                ? URI.create(pathOrUrl)
                : fake.baseUrl().resolve(pathOrUrl);
        HttpRequest.Builder request = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(10));
        if (headers.length > 0) {
            request.headers(headers);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    private static String text(HttpResponse<byte[]> response) {
        return new String(response.body(), StandardCharsets.UTF_8);
    }

    private BuiltDist addSample() {
        BuiltDist wheel = Dists.wheel("Sample.Pkg", "1.0").build();
        fake.addDist("Sample.Pkg", wheel).requiresPython(">=3.8").yanked("broken build");
        return wheel;
    }

    @Test
    void servesJsonProjectPageWithPep700Fields() throws Exception {
        fake = FakePyPI.start(PageFormat.JSON);
        BuiltDist wheel = addSample();

        HttpResponse<byte[]> page = get("/simple/sample-pkg/");

        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.headers().firstValue("Content-Type")).hasValue("application/vnd.pypi.simple.v1+json");
        assertThat(page.headers().firstValue("Cache-Control").orElseThrow()).contains("max-age=600");
        assertThat(page.headers().firstValue("X-PyPI-Last-Serial")).hasValue(Long.toString(fake.serial()));
        assertThat(page.headers().firstValue("ETag")).isPresent();
        assertThat(page.headers().firstValue("Last-Modified")).isPresent();
        JsonNode doc = JSON.readTree(page.body());
        assertThat(doc.at("/meta/api-version").asText()).isEqualTo("1.1");
        assertThat(doc.at("/name").asText()).isEqualTo("sample-pkg");
        assertThat(doc.at("/versions/0").asText()).isEqualTo("1.0");
        JsonNode file = doc.at("/files/0");
        assertThat(file.get("filename").asText()).isEqualTo("sample_pkg-1.0-py3-none-any.whl");
        assertThat(file.at("/hashes/sha256").asText()).isEqualTo(wheel.sha256());
        assertThat(file.get("size").asInt()).isEqualTo(wheel.bytes().length);
        assertThat(file.get("requires-python").asText()).isEqualTo(">=3.8");
        assertThat(file.get("yanked").asText()).isEqualTo("broken build");
        String metadataSha = Hashes.sha256Hex(wheel.metadata());
        assertThat(file.at("/core-metadata/sha256").asText()).isEqualTo(metadataSha);
        assertThat(file.at("/data-dist-info-metadata/sha256").asText()).isEqualTo(metadataSha);
        assertThat(file.has("dist-info-metadata")).isFalse();
        assertThat(file.get("upload-time").asText()).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{6}Z");

        HttpResponse<byte[]> body = get(file.get("url").asText());
        assertThat(body.body()).isEqualTo(wheel.bytes());
        assertThat(body.headers().firstValue("Content-Length")).hasValue(Integer.toString(wheel.bytes().length));
        assertThat(get(file.get("url").asText() + ".metadata").body()).isEqualTo(wheel.metadata());
    }

    @Test
    void servesHtmlProjectPageWithPep503Attributes() throws Exception {
        fake = FakePyPI.start(PageFormat.HTML);
        BuiltDist wheel = addSample();

        String html = text(get("/simple/sample-pkg/"));

        String metadataSha = Hashes.sha256Hex(wheel.metadata());
        assertThat(html)
                .contains("<meta name=\"pypi:repository-version\" content=\"1.1\">")
                .contains(fake.baseUrl() + "packages/")
                .contains("#sha256=" + wheel.sha256() + "\"")
                .contains("data-requires-python=\"&gt;=3.8\"")
                .contains("data-yanked=\"broken build\"")
                .contains("data-core-metadata=\"sha256=" + metadataSha + "\"")
                .contains("data-dist-info-metadata=\"sha256=" + metadataSha + "\"")
                .contains(">sample_pkg-1.0-py3-none-any.whl</a>")
                .endsWith("<!--SERIAL " + fake.serial() + "-->\n");
    }

    @Test
    void rootListsProjectsInBothFormats() throws Exception {
        fake = FakePyPI.start(PageFormat.HTML);
        fake.addProject("Alpha");
        assertThat(text(get("/simple/"))).contains("<a href=\"/simple/alpha/\">Alpha</a>");
        fake.close();

        fake = FakePyPI.start(PageFormat.JSON);
        fake.addProject("Alpha");
        JsonNode doc = JSON.readTree(get("/simple/").body());
        assertThat(doc.at("/projects/0/name").asText()).isEqualTo("Alpha");
        assertThat(doc.at("/meta/_last-serial").asLong()).isEqualTo(fake.serial());
    }

    @Test
    void redirectsNonNormalizedNamesAndAnswers404ForUnknownProjects() throws Exception {
        fake = FakePyPI.start(PageFormat.JSON);
        addSample();

        HttpResponse<byte[]> redirect = get("/simple/Sample_Pkg/");
        assertThat(redirect.statusCode()).isEqualTo(301);
        assertThat(redirect.headers().firstValue("Location").orElseThrow()).endsWith("/simple/sample-pkg/");
        assertThat(get("/simple/sample-pkg").statusCode()).isEqualTo(301);
        assertThat(get("/simple/nope/").statusCode()).isEqualTo(404);
        assertThat(get("/packages/00/00/000000000000/nope.whl").statusCode()).isEqualTo(404);
    }

    @Test
    void answersConditionalRequestsWith304UntilTheProjectChanges() throws Exception {
        fake = FakePyPI.start(PageFormat.JSON);
        addSample();
        HttpResponse<byte[]> first = get("/simple/sample-pkg/");
        String etag = first.headers().firstValue("ETag").orElseThrow();
        String lastModified = first.headers().firstValue("Last-Modified").orElseThrow();
        long serial = fake.serial();

        HttpResponse<byte[]> byEtag = get("/simple/sample-pkg/", "If-None-Match", etag);
        HttpResponse<byte[]> byDate = get("/simple/sample-pkg/", "If-Modified-Since", lastModified);
        assertThat(byEtag.statusCode()).isEqualTo(304);
        assertThat(byEtag.headers().firstValue("ETag")).hasValue(etag);
        assertThat(byDate.statusCode()).isEqualTo(304);

        fake.addFile("sample-pkg", "sample_pkg-2.0.tar.gz", new byte[] {1, 2, 3});
        assertThat(fake.serial()).isGreaterThan(serial);
        assertThat(get("/simple/sample-pkg/", "If-None-Match", etag).statusCode())
                .isEqualTo(200);
        assertThat(get("/simple/sample-pkg/", "If-Modified-Since", lastModified).statusCode())
                .isEqualTo(200);
        assertThat(fake.conditionalRequestCount()).isEqualTo(4);
        assertThat(fake.notModifiedCount()).isEqualTo(2);
    }

    @Test
    void countsAndRecordsRequests() throws Exception {
        fake = FakePyPI.start(PageFormat.JSON);
        FileHandle file = fake.addFile("a", "a-1.0.tar.gz", new byte[] {42});
        get("/simple/a/", "Accept", "application/vnd.pypi.simple.v1+json");
        get("/simple/");
        get(file.url().toString());

        assertThat(fake.requestCount()).isEqualTo(3);
        assertThat(fake.requestCount("/simple/")).isEqualTo(2);
        assertThat(fake.requestCount("/packages/")).isEqualTo(1);
        assertThat(fake.requests().get(0).header("Accept")).isEqualTo("application/vnd.pypi.simple.v1+json");
        assertThat(fake.requests().get(2).path()).isEqualTo(file.path());
        fake.resetCounts();
        assertThat(fake.requestCount()).isZero();
        assertThat(fake.requests()).isEmpty();
    }

    @Test
    void answersHeadWithTheFileLengthAndCountsDownloadsPerFile() throws Exception {
        fake = FakePyPI.start(PageFormat.JSON);
        FileHandle file = fake.addFile("a", "a-1.0.tar.gz", new byte[1234]).withMetadata(new byte[] {1});
        HttpRequest head = HttpRequest.newBuilder(file.url())
                .method("HEAD", HttpRequest.BodyPublishers.noBody())
                .build();

        HttpResponse<Void> response = http.send(head, HttpResponse.BodyHandlers.discarding());
        get(file.url().toString());
        get(file.url() + ".metadata");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Length")).hasValue("1234");
        assertThat(fake.downloadCount("a-1.0.tar.gz")).isEqualTo(2);
        assertThat(fake.requestCount(file.path())).isEqualTo(3);
    }

    @Test
    void removedFilesDisappearAndLiesAboutHashesAreServed() throws Exception {
        fake = FakePyPI.start(PageFormat.HTML);
        FileHandle file = fake.addFile("a", "a-1.0.tar.gz", new byte[] {1}).advertisedSha256("00".repeat(32));
        assertThat(text(get("/simple/a/"))).contains("#sha256=" + "00".repeat(32));

        assertThat(fake.removeFile("a", "a-1.0.tar.gz")).isTrue();
        assertThat(text(get("/simple/a/"))).doesNotContain("a-1.0.tar.gz");
        assertThat(get(file.url().toString()).statusCode()).isEqualTo(404);
    }

    @Test
    void httpErrorFaultsAndGarbagePages() throws Exception {
        fake = FakePyPI.start(PageFormat.JSON);
        addSample();
        fake.setFault(Fault.HTTP_500);
        assertThat(get("/simple/sample-pkg/").statusCode()).isEqualTo(500);
        fake.setFault(Fault.HTTP_503);
        assertThat(get("/simple/sample-pkg/").statusCode()).isEqualTo(503);
        fake.setFault(Fault.GARBAGE_PAGES);
        HttpResponse<byte[]> garbage = get("/simple/sample-pkg/");
        assertThat(garbage.statusCode()).isEqualTo(200);
        assertThatThrownBy(() -> JSON.readTree(garbage.body())).isInstanceOf(IOException.class);
        fake.setFault(Fault.NONE);
        assertThat(JSON.readTree(get("/simple/sample-pkg/").body()).get("files"))
                .hasSize(1);
    }

    @Test
    void truncatedAndCorruptedFiles() throws Exception {
        fake = FakePyPI.start(PageFormat.JSON);
        BuiltDist wheel = Dists.wheel("big", "1.0").payloadBytes(200_000).build();
        FileHandle file = fake.addDist("big", wheel);

        fake.setFault(Fault.TRUNCATE_FILES);
        assertThatThrownBy(() -> get(file.url().toString())).isInstanceOf(IOException.class);

        fake.setFault(Fault.CORRUPT_FILES);
        HttpResponse<byte[]> corrupt = get(file.url().toString());
        assertThat(corrupt.body()).hasSameSizeAs(wheel.bytes()).isNotEqualTo(wheel.bytes());

        fake.setFault(Fault.CORRUPT_FILES, "/simple/");
        assertThat(get(file.url().toString()).body()).isEqualTo(wheel.bytes());
    }

    @Test
    void resetAndStallNeverAnswer() throws Exception {
        fake = FakePyPI.start(PageFormat.JSON);
        addSample();
        fake.setFault(Fault.RESET);
        assertThatThrownBy(() -> get("/simple/sample-pkg/")).isInstanceOf(IOException.class);

        fake.setFault(Fault.STALL);
        HttpRequest request = HttpRequest.newBuilder(fake.projectUrl("sample-pkg"))
                .timeout(Duration.ofMillis(500))
                .build();
        assertThatThrownBy(() -> http.send(request, HttpResponse.BodyHandlers.ofByteArray()))
                .isInstanceOf(HttpTimeoutException.class);
        fake.setFault(Fault.NONE);
        assertThat(get("/simple/sample-pkg/").statusCode()).isEqualTo(200);
    }

    @Test
    void stopRefusesConnectionsAndRestartServesTheSameContentOnTheSamePort() throws Exception {
        fake = FakePyPI.start(PageFormat.JSON);
        addSample();
        int port = fake.port();
        String before = text(get("/simple/sample-pkg/"));

        fake.stop();
        assertThatThrownBy(() -> get("/simple/sample-pkg/")).isInstanceOf(ConnectException.class);

        fake.restart();
        assertThat(fake.port()).isEqualTo(port);
        assertThat(text(get("/simple/sample-pkg/"))).isEqualTo(before);
    }

    @Test
    void deadPortRefusesConnections() {
        URI uri = URI.create("http://127.0.0.1:" + DeadPort.reserve() + "/simple/");
        assertThatThrownBy(() -> http.send(HttpRequest.newBuilder(uri).build(), HttpResponse.BodyHandlers.discarding()))
                .isInstanceOf(ConnectException.class);
    }

    @Test
    void throttlesFileBodies() throws Exception {
        fake = FakePyPI.start(PageFormat.JSON);
        FileHandle file = fake.addFile("a", "a-1.0.tar.gz", new byte[64 * 1024]);
        fake.setFileBytesPerSecond(128 * 1024);

        long start = System.nanoTime();
        assertThat(get(file.url().toString()).body()).hasSize(64 * 1024);
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThan(Duration.ofMillis(350));
    }
}
