package io.jenkins.plugins.pythonmirror.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.jenkins.plugins.pythonmirror.policy.ReleasePolicy;
import io.jenkins.plugins.pythonmirror.status.PolicyStatus;
import io.jenkins.plugins.pythonmirror.sync.SyncProgress;
import io.jenkins.plugins.pythonmirror.sync.SyncReport;
import io.jenkins.plugins.pythonmirror.sync.SyncSpec;
import io.jenkins.plugins.pythonmirror.testkit.BuiltDist;
import io.jenkins.plugins.pythonmirror.testkit.Dists;
import io.jenkins.plugins.pythonmirror.testkit.FakePyPI;
import io.jenkins.plugins.pythonmirror.testkit.ProcessResult;
import io.jenkins.plugins.pythonmirror.testkit.PythonTools;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The release policy end to end with real pip (isolated from this machine's pip configuration; assertions on the
 * mirror's and the upstream's own counters) against a fake PyPI serving PEP 691 JSON with PEP 700 upload-time:
 * demo 0.9 (60 days old), 1.0 (30 days old) and 2.0 (an hour old), behind a mirror with a 7-day minimum age.
 */
class ReleasePolicyPipTest {

    static final DateTimeFormatter UPLOAD_TIME =
            DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSSSS'Z'").withZone(ZoneOffset.UTC);
    static final String SEVEN_DAYS = "{\"minReleaseAge\": \"7d\"}";

    @TempDir
    Path tmp;

    private PythonTools python;
    private MirrorFixture mirrors;
    private FakePyPI upstream;
    private MirrorServer server;
    private final BuiltDist v09 = Dists.wheel("demo", "0.9").build();
    private final BuiltDist v10 = Dists.wheel("demo", "1.0").build();
    private final BuiltDist v20 = Dists.wheel("demo", "2.0").build();

    static String ago(Duration d) {
        return UPLOAD_TIME.format(Instant.now().minus(d));
    }

    @BeforeEach
    void setUp() throws Exception {
        python = new PythonTools(tmp.resolve("clients"));
        mirrors = new MirrorFixture(tmp.resolve("data"));
        upstream = FakePyPI.start(FakePyPI.PageFormat.JSON);
        upstream.addDist("demo", v09).uploadTime(ago(Duration.ofDays(60)));
        upstream.addDist("demo", v10).uploadTime(ago(Duration.ofDays(30)));
        upstream.addDist("demo", v20).uploadTime(ago(Duration.ofHours(1)));
        server = mirrors.startWithUsers(PrivateProjects.users(tmp.resolve("data")), b -> b, upstream.simpleUrl());
        assertThat(putPolicy(SEVEN_DAYS).statusCode()).isEqualTo(200);
    }

    @AfterEach
    void tearDown() throws Exception {
        mirrors.close();
        upstream.close();
    }

    private HttpResponse<String> putPolicy(String json) throws Exception {
        return mirrors.http.send(
                HttpRequest.newBuilder(server.baseUrl().resolve("api/policy"))
                        .timeout(Duration.ofSeconds(30))
                        .header("Authorization", UploadRequest.basic("adam", "adam-pw"))
                        .header("Content-Type", "application/json")
                        .PUT(HttpRequest.BodyPublishers.ofString(json))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private String installedVersion(Path venv) {
        ProcessResult r = python.pythonCode(venv, "import importlib.metadata as m; print('demo', m.version('demo'))")
                .assertSuccess();
        return r.output().strip();
    }

    @Test
    void pipInstallsTheNewestReleaseOldEnoughAndTheMirrorNeverFetchesTheHeldOne() throws Exception {
        Path venv = python.venv(tmp.resolve("venv"));
        python.pipInstall(venv, server.simpleUrl().toString(), "demo").assertSuccess();

        assertThat(installedVersion(venv)).isEqualTo("demo 1.0");
        assertThat(upstream.downloadCount(v10.filename())).isEqualTo(1);
        assertThat(upstream.downloadCount(v20.filename())).as("the held file").isZero();
        PolicyStatus policy = server.mirror().status().policy();
        assertThat(policy.filesHeldBack()).isEqualTo(1);
        assertThat(policy.projectsHeldBack()).isEqualTo(1);
        assertThat(policy.nextRelease()).isNotNull();
    }

    @Test
    void pinningTheHeldVersionFailsAndItsFileUrlSaysWhy() throws Exception {
        Path venv = python.venv(tmp.resolve("venv"));
        ProcessResult pin = python.pipInstall(venv, server.simpleUrl().toString(), "demo==2.0");
        pin.assertFailure();
        // The page pip reads does not list 2.0 at all: pip reports the versions it can see.
        assertThat(pin.output())
                .contains("Could not find a version that satisfies the requirement demo==2.0 (from versions: 0.9,"
                        + " 1.0)");

        // A client that has the file URL from elsewhere (a lock file, a page cached before the policy) gets a 404
        // whose body and header carry the reason.
        String url = server.baseUrl() + "files/" + v20.sha256() + "/" + v20.filename();
        HttpResponse<byte[]> r = mirrors.get(java.net.URI.create(url));
        assertThat(r.statusCode()).isEqualTo(404);
        String reason = r.headers().firstValue("X-Python-Mirror-Policy").orElseThrow();
        assertThat(reason).startsWith("held back by the mirror's minimum release age (7d) until ");
        assertThat(new String(r.body(), java.nio.charset.StandardCharsets.UTF_8))
                .isEqualTo(v20.filename() + " is " + reason + "\n");
        ProcessResult direct = python.pip(
                venv, "download", "-v", "--no-deps", "-d", tmp.resolve("dl").toString(), url);
        direct.assertFailure();
        // What pip 23.2 prints, even with -v: the status and the HTTP reason phrase ("Not Found"), never the body
        // (docs/admin-guide.md quotes it).
        assertThat(direct.output())
                .contains("ERROR: HTTP error 404 while getting " + url)
                .contains("404 Client Error: Not Found for url: " + url)
                .doesNotContain("held back");
        assertThat(upstream.downloadCount(v20.filename())).isZero();
    }

    @Test
    void afterPutRemovingTheAgeTheNewReleaseInstalls() throws Exception {
        Path venv = python.venv(tmp.resolve("venv"));
        python.pipInstall(venv, server.simpleUrl().toString(), "demo").assertSuccess();
        assertThat(installedVersion(venv)).isEqualTo("demo 1.0");

        HttpResponse<String> put = putPolicy("{\"minReleaseAge\": \"0\"}");
        assertThat(put.statusCode()).as(put.body()).isEqualTo(200);
        assertThat(server.mirror().policy()).isEqualTo(ReleasePolicy.NONE);

        python.pipInstall(venv, server.simpleUrl().toString(), "demo==2.0").assertSuccess();
        assertThat(installedVersion(venv)).isEqualTo("demo 2.0");
        assertThat(upstream.downloadCount(v20.filename())).isEqualTo(1);
        assertThat(server.mirror().status().policy().filesHeldBack()).isZero();
    }

    @Test
    void aBlockedReleaseMakesPipFallBackToThePreviousRelease() throws Exception {
        HttpResponse<String> put = putPolicy("{\"minReleaseAge\": \"7d\", \"blocked\": [{\"release\": \"demo==1.0\","
                + " \"reason\": \"compromised, see https://example.com/advisory/1\"}]}");
        assertThat(put.statusCode()).as(put.body()).isEqualTo(200);

        Path venv = python.venv(tmp.resolve("venv"));
        python.pipInstall(venv, server.simpleUrl().toString(), "demo").assertSuccess();

        assertThat(installedVersion(venv)).isEqualTo("demo 0.9");
        assertThat(upstream.downloadCount(v10.filename())).isZero();
        assertThat(upstream.downloadCount(v20.filename())).isZero();
        PolicyStatus policy = server.mirror().status().policy();
        assertThat(policy.filesBlocked()).isEqualTo(1);
        assertThat(policy.filesHeldBack()).isEqualTo(2);
    }

    @Test
    void aSyncWithThePolicySkipsTheHeldReleaseAndSaysWhy() throws Exception {
        SyncReport report = server.mirror()
                .sync(
                        SyncSpec.parse("requirements: [demo]\nenvironments:\n  - python: \"3.11\"\n"
                                + "    platforms: [manylinux_2_17_x86_64]\n"),
                        SyncProgress.NONE);

        assertThat(report.ok()).as(report.summary()).isTrue();
        assertThat(report.filesSelected()).isEqualTo(1);
        assertThat(report.skippedByPolicy()).isEqualTo(1);
        assertThat(report.skipped()).anySatisfy(s -> assertThat(s.project() + " " + s.version() + ": " + s.reason())
                .startsWith(
                        "demo 2.0: " + v20.filename() + " held back by the mirror's minimum release age (7d) until "));
        assertThat(report.summary()).contains("1 skipped (1 by the release policy)");
        assertThat(upstream.downloadCount(v20.filename())).isZero();
        assertThat(upstream.downloadCount(v10.filename())).isEqualTo(1);
        assertThat(Files.readString(tmp.resolve("data/state/pins.txt")))
                .contains(v10.filename())
                .doesNotContain(v20.filename());
    }
}
