package io.jenkins.plugins.pythonmirror.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.jenkins.plugins.pythonmirror.report.Sbom;
import io.jenkins.plugins.pythonmirror.testkit.BuiltDist;
import io.jenkins.plugins.pythonmirror.testkit.Dists;
import io.jenkins.plugins.pythonmirror.testkit.FakePyPI;
import io.jenkins.plugins.pythonmirror.testkit.PythonTools;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;
import org.cyclonedx.parsers.JsonParser;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The sessions API of the standalone server end to end: real HTTP, Basic auth against the users file, session tokens,
 * and real pip installing a generated flask closure through a session.
 */
class SessionApiTest {

    static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path tmp;

    private FakePyPI upstream;
    private MirrorFixture mirrors;
    private MirrorServer server;
    private UserStore users;

    @BeforeEach
    void setUp() throws Exception {
        upstream = FakePyPI.start(FakePyPI.PageFormat.JSON);
        FlaskClosure.addTo(upstream);
        Path data = tmp.resolve("data");
        users = PrivateProjects.users(data); // rita reader, ulla uploader, adam admin
        users.add("ci", UserRole.SESSION, "ci-pw");
        users.add("ci2", UserRole.SESSION, "ci2-pw");
        users.add("pub", UserRole.SESSION_UPLOADER, "pub-pw");
        mirrors = new MirrorFixture(data);
        server = start(b -> b);
    }

    private MirrorServer start(UnaryOperator<io.jenkins.plugins.pythonmirror.config.MirrorSettings.Builder> more)
            throws Exception {
        return mirrors.startWithUsers(users, b -> more.apply(b.sessionApi(true)), upstream.simpleUrl());
    }

    @AfterEach
    void tearDown() throws Exception {
        mirrors.close();
        upstream.close();
    }

    // ---- who may start sessions ----

    @Test
    void startingASessionNeedsTheSessionRoleOrAdmin() throws Exception {
        assertThat(post(null, null, null).statusCode()).isEqualTo(401);
        assertThat(post("rita", "rita-pw", null).statusCode()).isEqualTo(403);
        assertThat(post("ulla", "ulla-pw", null).statusCode()).isEqualTo(403);
        assertThat(post("ci", "wrong", null).statusCode()).isEqualTo(401);

        HttpResponse<String> byCi = post("ci", "ci-pw", "{\"label\": \"nightly #7\"}");
        assertThat(byCi.statusCode()).isEqualTo(201);
        JsonNode started = JSON.readTree(byCi.body());
        String id = started.path("id").asText();
        assertThat(id).matches("s-[A-Za-z0-9_-]{16}");
        assertThat(started.path("username").asText()).isEqualTo("session-" + id.substring(2));
        assertThat(started.path("indexUrl").asText())
                .isEqualTo("http://" + started.path("username").asText() + ":"
                        + started.path("token").asText() + "@127.0.0.1:" + server.port() + "/simple/");
        assertThat(started.path("environment").path("PIP_INDEX_URL").asText())
                .isEqualTo(started.path("indexUrl").asText());
        assertThat(started.path("environment").path("PIP_TRUSTED_HOST").asText())
                .isEqualTo("127.0.0.1:" + server.port());
        assertThat(started.path("environment").has("TWINE_PASSWORD")).isFalse();
        assertThat(byCi.headers().firstValue("Cache-Control")).hasValue("no-store");
        assertThat(byCi.headers().firstValue("Location")).hasValue(server.baseUrl() + "api/sessions/" + id);

        assertThat(post("adam", "adam-pw", null).statusCode()).isEqualTo(201);
        // A session's own token starts no sessions.
        assertThat(post(started.path("username").asText(), started.path("token").asText(), null)
                        .statusCode())
                .isEqualTo(403);
    }

    @Test
    void aPublishingSessionNeedsACreatorWhoMayUploadAndItsTokenUploads() throws Exception {
        HttpResponse<String> refused = post("ci", "ci-pw", "{\"publish\": true}");
        assertThat(refused.statusCode()).isEqualTo(403);
        assertThat(refused.body()).contains("may not upload");

        JsonNode started =
                JSON.readTree(post("pub", "pub-pw", "{\"publish\": true}").body());
        assertThat(started.path("environment").path("TWINE_USERNAME").asText())
                .isEqualTo(started.path("username").asText());
        assertThat(started.path("environment").path("TWINE_REPOSITORY_URL").asText())
                .isEqualTo(server.baseUrl() + "upload/");
        BuiltDist own = Dists.wheel("acme-app", "1.0").build();
        HttpResponse<String> upload = UploadRequest.of("acme-app", "1.0", own)
                .as(started.path("username").asText(), started.path("token").asText())
                .post(mirrors.http, server.baseUrl().resolve("upload/"));
        assertThat(upload.statusCode()).isEqualTo(200);

        JsonNode reading = JSON.readTree(post("ci", "ci-pw", null).body());
        HttpResponse<String> notAllowed = UploadRequest.of("acme-app", "1.0", own)
                .as(reading.path("username").asText(), reading.path("token").asText())
                .post(mirrors.http, server.baseUrl().resolve("upload/"));
        assertThat(notAllowed.statusCode()).isEqualTo(403);
    }

    @Test
    void badBodiesAreRefusedWithAReason() throws Exception {
        assertThat(post("ci", "ci-pw", "{\"publish\": \"yes\"}").body()).contains("'publish' must be true or false");
        assertThat(post("ci", "ci-pw", "{\"lable\": \"x\"}").body()).contains("Unknown field 'lable'");
        assertThat(post("ci", "ci-pw", "[1]").statusCode()).isEqualTo(400);
        assertThat(post("ci", "ci-pw", "{\"label\": \"a\\u0007b\"}").statusCode())
                .isEqualTo(400);
        HttpResponse<String> form = mirrors.http.send(
                HttpRequest.newBuilder(server.baseUrl().resolve("api/sessions"))
                        .header("Authorization", UploadRequest.basic("ci", "ci-pw"))
                        .header("Content-Type", "application/x-www-form-urlencoded")
                        .POST(HttpRequest.BodyPublishers.ofString("publish=true"))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(form.statusCode()).isEqualTo(415);
        assertThat(call("GET", "api/sessions", "ci", "ci-pw", null).statusCode())
                .isEqualTo(405);
    }

    // ---- what a session records, with real pip ----

    @Test
    void aSessionListsTheWholeFlaskClosureFirstFromUpstreamThenFromTheCacheEvenWithAWarmPipCache() throws Exception {
        PythonTools python = new PythonTools(tmp.resolve("clients"));
        Path pipCache = tmp.resolve("pip-cache");

        JsonNode first =
                JSON.readTree(post("ci", "ci-pw", "{\"label\": \"build 1\"}").body());
        python.pipInstallWithCache(
                        python.venv(tmp.resolve("v1")), first.path("indexUrl").asText(), pipCache, "flask")
                .assertSuccess();
        // A project the build asked for that the mirror does not have.
        assertThat(mirrors.get(URI.create(server.simpleUrl() + "no-such-project/"), "Authorization", token(first))
                        .statusCode())
                .isEqualTo(404);

        JsonNode live = JSON.readTree(get(first, "report", "ci", "ci-pw").body());
        assertThat(live.path("live").asBoolean()).isTrue();
        assertThat(live.path("endedAt").isNull()).isTrue();

        HttpResponse<String> ended = call("DELETE", "api/sessions/" + id(first), "ci", "ci-pw", null);
        assertThat(ended.statusCode()).isEqualTo(200);
        JsonNode report = JSON.readTree(get(first, "report", "ci", "ci-pw").body());
        assertThat(report.path("id").asText()).isEqualTo(id(first));
        assertThat(report.path("label").asText()).isEqualTo("build 1");
        assertThat(report.path("creator").asText()).isEqualTo("ci");
        assertThat(report.path("live").asBoolean()).isFalse();
        assertThat(report.path("endedAt").asText()).isNotEmpty();
        assertThat(report.path("summary").asText()).startsWith("7 files, 0 from cache, 7 fetched");
        assertThat(files(report)).containsExactlyElementsOf(expected("upstream"));
        assertThat(texts(report.path("missing"))).containsExactly("no-such-project");

        // The token is refused once the session ended.
        assertThat(mirrors.get(server.simpleUrl().resolve("flask/"), "Authorization", token(first))
                        .statusCode())
                .isEqualTo(401);
        python.pipInstallWithCache(
                        python.venv(tmp.resolve("v-after")),
                        first.path("indexUrl").asText(),
                        pipCache,
                        "flask")
                .assertFailure();

        // Same pip cache, fresh venv, new session: pip holds every file and still shows the mirror what it takes.
        JsonNode second = JSON.readTree(post("ci", "ci-pw", null).body());
        python.pipInstallWithCache(
                        python.venv(tmp.resolve("v2")), second.path("indexUrl").asText(), pipCache, "flask")
                .assertSuccess();
        call("DELETE", "api/sessions/" + id(second), "ci", "ci-pw", null);
        JsonNode again = JSON.readTree(get(second, "report", "ci", "ci-pw").body());
        assertThat(files(again)).containsExactlyElementsOf(expected("cache"));
        assertThat(texts(again.path("missing"))).isEmpty();
        for (BuiltDist d : FlaskClosure.ALL) {
            assertThat(upstream.downloadCount(d.filename())).as(d.filename()).isEqualTo(1);
        }

        // The SBOM of the first session: valid CycloneDX 1.6, one library per file, with its sha256.
        HttpResponse<String> sbom = get(first, "sbom", "ci", "ci-pw");
        assertThat(sbom.statusCode()).isEqualTo(200);
        assertThat(sbom.headers().firstValue("Content-Type")).hasValue("application/vnd.cyclonedx+json");
        assertThat(new JsonParser().validate(sbom.body().getBytes(StandardCharsets.UTF_8), Sbom.SPEC))
                .isEmpty();
        JsonNode bom = JSON.readTree(sbom.body());
        assertThat(bom.path("metadata").path("component").path("name").asText()).isEqualTo("build 1");
        List<String> purls = new ArrayList<>();
        bom.path("components")
                .forEach(c -> purls.add(c.path("purl").asText() + " "
                        + c.path("hashes").get(0).path("content").asText()));
        assertThat(purls)
                .containsExactlyElementsOf(FlaskClosure.ALL.stream()
                        .map(d -> "pkg:pypi/" + FlaskClosure.project(d) + "@" + FlaskClosure.version(d) + "?file_name="
                                + d.filename() + " " + d.sha256())
                        .toList());
    }

    // ---- who sees a session ----

    @Test
    void aSessionIsSeenByItsCreatorAndAdminsOnly() throws Exception {
        JsonNode s = JSON.readTree(post("ci", "ci-pw", null).body());

        assertThat(get(s, "report", "ci", "ci-pw").statusCode()).isEqualTo(200);
        assertThat(get(s, "report", "adam", "adam-pw").statusCode()).isEqualTo(200);
        assertThat(get(s, "sbom", "adam", "adam-pw").statusCode()).isEqualTo(200);
        assertThat(get(s, "report", null, null).statusCode()).isEqualTo(401);
        // Everybody else sees no such session, exactly as for an id that does not exist.
        HttpResponse<String> other = get(s, "report", "ci2", "ci2-pw");
        assertThat(other.statusCode()).isEqualTo(404);
        assertThat(other.body()).isEqualTo("No such session: " + id(s) + "\n");
        assertThat(get(s, "report", "rita", "rita-pw").statusCode()).isEqualTo(404);
        assertThat(get(s, "report", s.path("username").asText(), s.path("token").asText())
                        .statusCode())
                .as("the session's own token")
                .isEqualTo(404);
        assertThat(call("DELETE", "api/sessions/" + id(s), "ci2", "ci2-pw", null)
                        .statusCode())
                .isEqualTo(404);
        assertThat(call("GET", "api/sessions/s-AAAAAAAAAAAAAAAA/report", "adam", "adam-pw", null)
                        .statusCode())
                .isEqualTo(404);

        assertThat(call("DELETE", "api/sessions/" + id(s), "adam", "adam-pw", null)
                        .statusCode())
                .as("an admin may end anybody's session")
                .isEqualTo(200);
        assertThat(get(s, "report", "ci", "ci-pw").statusCode()).isEqualTo(200);
    }

    // ---- ended reports on disk ----

    @Test
    void anEndedReportSurvivesARestart() throws Exception {
        JsonNode s = JSON.readTree(post("ci", "ci-pw", null).body());
        assertThat(mirrors.get(server.simpleUrl().resolve("click/"), "Authorization", token(s))
                        .statusCode())
                .isEqualTo(200);
        assertThat(mirrors.get(
                                server.baseUrl()
                                        .resolve("files/" + FlaskClosure.CLICK.sha256() + "/"
                                                + FlaskClosure.CLICK.filename()),
                                "Authorization",
                                token(s))
                        .statusCode())
                .isEqualTo(200);
        String before = get(s, "report", "ci", "ci-pw").body();
        assertThat(call("DELETE", "api/sessions/" + id(s), "ci", "ci-pw", null).statusCode())
                .isEqualTo(200);
        String ended = get(s, "report", "ci", "ci-pw").body();
        assertThat(JSON.readTree(ended).path("files")).hasSize(1);
        assertThat(JSON.readTree(before).path("files"))
                .isEqualTo(JSON.readTree(ended).path("files"));

        server.close();
        server = start(b -> b);

        HttpResponse<String> after = get(s, "report", "ci", "ci-pw");
        assertThat(after.statusCode()).isEqualTo(200);
        assertThat(JSON.readTree(after.body())).isEqualTo(JSON.readTree(ended));
        assertThat(get(s, "report", "ci2", "ci2-pw").statusCode())
                .as("its creator is kept too")
                .isEqualTo(404);
        assertThat(get(s, "sbom", "ci", "ci-pw").statusCode()).isEqualTo(200);
    }

    @Test
    void aRestartEndsRunningSessionsAndKeepsWhatTheyObtained() throws Exception {
        JsonNode s = JSON.readTree(post("ci", "ci-pw", null).body());
        assertThat(mirrors.get(server.simpleUrl().resolve("blinker/"), "Authorization", token(s))
                        .statusCode())
                .isEqualTo(200);
        assertThat(mirrors.get(
                                server.baseUrl()
                                        .resolve("files/" + FlaskClosure.BLINKER.sha256() + "/"
                                                + FlaskClosure.BLINKER.filename()),
                                "Authorization",
                                token(s))
                        .statusCode())
                .isEqualTo(200);

        server.close();
        server = start(b -> b);

        assertThat(mirrors.get(server.simpleUrl().resolve("blinker/"), "Authorization", token(s))
                        .statusCode())
                .as("tokens live in memory only")
                .isEqualTo(401);
        JsonNode report = JSON.readTree(get(s, "report", "ci", "ci-pw").body());
        assertThat(report.path("live").asBoolean()).isFalse();
        assertThat(report.path("endedAt").asText()).isNotEmpty();
        assertThat(files(report)).containsExactly(expected("upstream").get(0));
    }

    @Test
    void anEndedReportExpiresAfterTheConfiguredTime() throws Exception {
        server.close();
        server = start(b -> b.sessionReportsKeptFor(Duration.ofSeconds(1)));
        JsonNode s = JSON.readTree(post("ci", "ci-pw", null).body());
        call("DELETE", "api/sessions/" + id(s), "ci", "ci-pw", null);
        Path file = tmp.resolve("data/state/sessions/" + id(s) + ".json");
        assertThat(file).exists();
        assertThat(get(s, "report", "ci", "ci-pw").statusCode()).isEqualTo(200);

        Thread.sleep(1_500);

        assertThat(get(s, "report", "ci", "ci-pw").statusCode()).isEqualTo(404);
        assertThat(file).doesNotExist();
        assertThat(Files.list(tmp.resolve("data/state/sessions"))).isEmpty();
    }

    @Test
    void withoutTheSessionApiTheRoutesDoNotExist() throws Exception {
        server.close();
        server = mirrors.startWithUsers(users, b -> b, upstream.simpleUrl());
        assertThat(post("adam", "adam-pw", null).statusCode()).isEqualTo(404);
        assertThat(post(null, null, null).statusCode()).isEqualTo(404);
        assertThat(call("GET", "api/sessions/s-AAAAAAAAAAAAAAAA/report", "adam", "adam-pw", null)
                        .statusCode())
                .isEqualTo(404);
    }

    // ---- helpers ----

    private static List<String> expected(String source) {
        return FlaskClosure.ALL.stream()
                .map(d -> String.join(
                        " ",
                        FlaskClosure.project(d),
                        FlaskClosure.version(d),
                        d.filename(),
                        d.sha256(),
                        Long.toString(d.bytes().length),
                        source))
                .toList();
    }

    private static List<String> files(JsonNode report) {
        List<String> lines = new ArrayList<>();
        report.path("files")
                .forEach(f -> lines.add(String.join(
                        " ",
                        f.path("name").asText(),
                        f.path("version").asText(),
                        f.path("filename").asText(),
                        f.path("sha256").asText(),
                        f.path("size").asText(),
                        f.path("source").asText())));
        return lines;
    }

    private static List<String> texts(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(n -> out.add(n.asText()));
        return out;
    }

    private static String id(JsonNode started) {
        return started.path("id").asText();
    }

    private static String token(JsonNode started) {
        return UploadRequest.basic(
                started.path("username").asText(), started.path("token").asText());
    }

    private HttpResponse<String> get(JsonNode started, String what, String user, String password) throws Exception {
        return call("GET", "api/sessions/" + id(started) + "/" + what, user, password, null);
    }

    private HttpResponse<String> post(String user, String password, String json) throws Exception {
        return call("POST", "api/sessions", user, password, json);
    }

    private HttpResponse<String> call(String method, String path, String user, String password, String json)
            throws Exception {
        HttpRequest.Builder b =
                HttpRequest.newBuilder(server.baseUrl().resolve(path)).timeout(Duration.ofSeconds(30));
        if (user != null) {
            b.header("Authorization", UploadRequest.basic(user, password));
        }
        if (json != null) {
            b.header("Content-Type", "application/json");
        }
        b.method(
                method,
                json == null
                        ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(json, StandardCharsets.UTF_8));
        return mirrors.http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }
}
