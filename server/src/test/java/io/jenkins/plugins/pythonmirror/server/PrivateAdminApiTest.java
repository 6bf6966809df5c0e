package io.jenkins.plugins.pythonmirror.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.jenkins.plugins.pythonmirror.testkit.BuiltDist;
import io.jenkins.plugins.pythonmirror.testkit.Dists;
import io.jenkins.plugins.pythonmirror.testkit.FakePyPI;
import io.jenkins.plugins.pythonmirror.testkit.PythonTools;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Yank, unyank and delete over the admin JSON API; pages (both media types) and pip see each change at once. */
class PrivateAdminApiTest {

    @TempDir
    Path tmp;

    private MirrorFixture mirrors;
    private FakePyPI upstream;
    private MirrorServer server;
    private final BuiltDist v1 = Dists.wheel("acme-lib", "1.0").build();
    private final BuiltDist v2 =
            Dists.wheel("acme-lib", "2.0").requiresPython(">=3.7").build();

    @BeforeEach
    void setUp() throws Exception {
        mirrors = new MirrorFixture(tmp.resolve("data"));
        upstream = FakePyPI.start(FakePyPI.PageFormat.JSON);
        server = mirrors.startWithUsers(PrivateProjects.users(tmp.resolve("data")), b -> b, upstream.simpleUrl());
        for (BuiltDist d : new BuiltDist[] {v1, v2}) {
            HttpResponse<String> r = UploadRequest.of("acme-lib", d.filename().split("-")[1], d)
                    .as("ulla", "ulla-pw")
                    .post(mirrors.http, server.baseUrl().resolve("upload/"));
            assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        }
    }

    @AfterEach
    void tearDown() throws Exception {
        mirrors.close();
        upstream.close();
    }

    private HttpResponse<String> admin(String method, String path, String contentType, String body) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(server.baseUrl().resolve(path))
                .timeout(Duration.ofSeconds(30))
                .header("Authorization", UploadRequest.basic("adam", "adam-pw"));
        if (contentType != null) {
            b.header("Content-Type", contentType);
        }
        b.method(
                method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        return mirrors.http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    private String page(String accept) throws Exception {
        HttpResponse<byte[]> r = mirrors.get(
                server.simpleUrl().resolve("acme-lib/"),
                "Accept",
                accept,
                "Authorization",
                UploadRequest.basic("rita", "rita-pw"));
        assertThat(r.statusCode()).isEqualTo(200);
        return new String(r.body(), StandardCharsets.UTF_8);
    }

    private String json() throws Exception {
        return page("application/vnd.pypi.simple.v1+json");
    }

    private String html() throws Exception {
        return page("text/html");
    }

    @Test
    void aYankShowsAtOnceInBothMediaTypesAndPipSkipsTheYankedRelease() throws Exception {
        assertThat(json()).contains("\"yanked\":false"); // rendered (and cached) before the yank
        HttpResponse<String> yank = admin(
                "POST",
                "api/private/acme-lib/" + v2.filename() + "/yank",
                "application/json",
                "{\"reason\": \"broken <build>\"}");
        assertThat(yank.statusCode()).as(yank.body()).isEqualTo(200);
        assertThat(yank.headers().firstValue("Content-Type")).hasValue("application/json");
        assertThat(yank.body()).contains("\"yanked\" : true").contains("broken <build>");

        assertThat(json()).contains("\"yanked\":\"broken <build>\"");
        assertThat(html()).contains("data-yanked=\"broken &lt;build&gt;\"");

        PythonTools python = new PythonTools(tmp.resolve("clients"));
        Path venv = python.venv(tmp.resolve("venv"));
        python.pipInstall(venv, PrivateProjects.indexUrl(server, "rita", "rita-pw"), "acme-lib")
                .assertSuccess();
        String version = python.pythonCode(venv, "import acme_lib; print(acme_lib.__version__)")
                .assertSuccess()
                .output();
        assertThat(version.strip()).isEqualTo("1.0");

        assertThat(admin("POST", "api/private/acme-lib/" + v2.filename() + "/unyank", null, null)
                        .statusCode())
                .isEqualTo(200);
        assertThat(json()).doesNotContain("broken").contains("\"yanked\":false");
        assertThat(html()).doesNotContain("data-yanked");
    }

    @Test
    void deletingAFileRemovesItFromPageDiskAndFilesRoute() throws Exception {
        Path stored = tmp.resolve("data/private/acme-lib").resolve(v1.filename());
        assertThat(stored).exists();
        assertThat(json()).contains(v1.filename());

        HttpResponse<String> deleted = admin("DELETE", "api/private/acme-lib/" + v1.filename(), null, null);
        assertThat(deleted.statusCode()).as(deleted.body()).isEqualTo(200);

        assertThat(stored).doesNotExist();
        assertThat(json()).doesNotContain(v1.filename()).contains(v2.filename());
        HttpResponse<byte[]> file = mirrors.get(
                server.baseUrl().resolve("files/" + v1.sha256() + "/" + v1.filename()),
                "Authorization",
                UploadRequest.basic("rita", "rita-pw"));
        assertThat(file.statusCode()).isEqualTo(404);
        assertThat(upstream.requestCount())
                .as("a deleted private file is not looked for upstream")
                .isZero();
        assertThat(admin("DELETE", "api/private/acme-lib/" + v1.filename(), null, null)
                        .statusCode())
                .isEqualTo(404);
    }

    @Test
    void deletingTheProjectReleasesItsName() throws Exception {
        HttpResponse<String> deleted = admin("DELETE", "api/private/acme-lib/", null, null);
        assertThat(deleted.statusCode()).as(deleted.body()).isEqualTo(200);
        assertThat(Files.exists(tmp.resolve("data/private/acme-lib"))).isFalse();

        upstream.addDist("acme-lib", Dists.wheel("acme-lib", "7.0").build());
        assertThat(json()).contains("acme_lib-7.0");
    }

    @Test
    void yankBodiesMustBeJson() throws Exception {
        HttpResponse<String> form = admin(
                "POST",
                "api/private/acme-lib/" + v1.filename() + "/yank",
                "application/x-www-form-urlencoded",
                "reason=x");
        assertThat(form.statusCode()).isEqualTo(415);
        HttpResponse<String> garbage =
                admin("POST", "api/private/acme-lib/" + v1.filename() + "/yank", "application/json", "{nope");
        assertThat(garbage.statusCode()).isEqualTo(400);
        assertThat(json()).doesNotContain("\"yanked\":\"").doesNotContain("\"yanked\":true");
    }

    @Test
    void theIndexSurvivesARestart() throws Exception {
        admin("POST", "api/private/acme-lib/" + v2.filename() + "/yank", "application/json", "{\"reason\":\"r\"}");
        String before = json();
        server.close();
        server = mirrors.startWithUsers(UserStore.open(tmp.resolve("data")), b -> b, upstream.simpleUrl());
        assertThat(json()).isEqualTo(before);
    }
}
