package io.jenkins.plugins.pythonmirror.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.jenkins.plugins.pythonmirror.policy.PolicyDocument;
import io.jenkins.plugins.pythonmirror.policy.ReleasePolicy;
import io.jenkins.plugins.pythonmirror.sync.SyncProgress;
import io.jenkins.plugins.pythonmirror.sync.SyncReport;
import io.jenkins.plugins.pythonmirror.sync.SyncSpec;
import io.jenkins.plugins.pythonmirror.testkit.BuiltDist;
import io.jenkins.plugins.pythonmirror.testkit.Dists;
import io.jenkins.plugins.pythonmirror.testkit.FakePyPI;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The release policy over HTTP, without a client in the way: the admin API (who may, what a bad document does, the
 * policy file), both media types, file URLs and HEAD, a hold that ends while the page is cached, unknown ages from
 * an HTML upstream, the private exemption, status and metrics, the find-links page.
 */
class PolicyApiTest {

    static final String JSON = "application/vnd.pypi.simple.v1+json";

    @TempDir
    Path tmp;

    private MirrorFixture mirrors;
    private FakePyPI upstream;
    private MirrorServer server;
    private final BuiltDist v10 = Dists.wheel("demo", "1.0").build();
    private final BuiltDist v20 = Dists.wheel("demo", "2.0").build();

    @AfterEach
    void tearDown() throws Exception {
        mirrors.close();
        upstream.close();
    }

    /** demo 1.0 (30 days old) and 2.0 (uploaded {@code newAge} ago) on a JSON or HTML upstream. */
    private void start(FakePyPI.PageFormat format, Duration newAge) throws Exception {
        mirrors = new MirrorFixture(tmp.resolve("data"));
        upstream = FakePyPI.start(format);
        upstream.addDist("demo", v10).uploadTime(ReleasePolicyPipTest.ago(Duration.ofDays(30)));
        upstream.addDist("demo", v20).uploadTime(ReleasePolicyPipTest.ago(newAge));
        server = mirrors.startWithUsers(PrivateProjects.users(tmp.resolve("data")), b -> b, upstream.simpleUrl());
    }

    private HttpResponse<String> call(String method, String path, String user, String body) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(server.baseUrl().resolve(path))
                .timeout(Duration.ofSeconds(30))
                .method(
                        method,
                        body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (user != null) {
            b.header("Authorization", UploadRequest.basic(user, user + "-pw"));
        }
        return mirrors.http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> page(String accept) throws Exception {
        return mirrors.http.send(
                HttpRequest.newBuilder(server.simpleUrl().resolve("demo/"))
                        .header("Accept", accept)
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private URI fileUrl(BuiltDist d) {
        return server.baseUrl().resolve("files/" + d.sha256() + "/" + d.filename());
    }

    @Test
    void onlyAnAdministratorMayReadOrReplaceThePolicy() throws Exception {
        start(FakePyPI.PageFormat.JSON, Duration.ofHours(1));
        assertThat(call("GET", "api/policy", null, null).statusCode()).isEqualTo(401);
        assertThat(call("GET", "api/policy", "rita", null).statusCode()).isEqualTo(403);
        assertThat(call("PUT", "api/policy", "ulla", "{\"minReleaseAge\": \"7d\"}")
                        .statusCode())
                .isEqualTo(403);
        assertThat(server.mirror().policy()).isEqualTo(ReleasePolicy.NONE);

        HttpResponse<String> get = call("GET", "api/policy", "adam", null);
        assertThat(get.statusCode()).isEqualTo(200);
        assertThat(get.headers().firstValue("Content-Type")).hasValue("application/json");
        assertThat(PolicyDocument.parseJson(get.body())).isEqualTo(ReleasePolicy.NONE);

        HttpResponse<String> put = call("PUT", "api/policy", "adam", "{\"minReleaseAge\": \"7d\"}");
        assertThat(put.statusCode()).as(put.body()).isEqualTo(200);
        assertThat(PolicyDocument.parseJson(put.body()).minReleaseAge()).isEqualTo(Duration.ofDays(7));
        assertThat(PolicyDocument.parseJson(
                        call("GET", "api/policy", "adam", null).body()))
                .isEqualTo(server.mirror().policy());
        assertThat(call("POST", "api/policy", "adam", "{}").statusCode()).isEqualTo(405);
    }

    @Test
    void aBadPolicyIsA400WithOneLineAndChangesNothing() throws Exception {
        start(FakePyPI.PageFormat.JSON, Duration.ofHours(1));
        Path file = tmp.resolve("conf/policy.yaml");
        server.mirror().setPolicyStore(new PolicyFile(file, null));
        assertThat(call("PUT", "api/policy", "adam", "{\"minReleaseAge\": \"7d\"}")
                        .statusCode())
                .isEqualTo(200);
        String kept = Files.readString(file);
        ReleasePolicy before = server.mirror().policy();

        for (String bad : new String[] {
            "{\"minReleaseAge\": \"soon\"}",
            "{\"blocked\": [{\"release\": \"demo==1.0\"}]}",
            "{\"minReleaseAge\": \"0\", \"typo\": 1}",
            "not json"
        }) {
            HttpResponse<String> r = call("PUT", "api/policy", "adam", bad);
            assertThat(r.statusCode()).as(bad).isEqualTo(400);
            assertThat(r.body().strip()).as(bad).doesNotContain("\n").isNotEmpty();
            assertThat(server.mirror().policy()).isSameAs(before);
            assertThat(Files.readString(file)).isEqualTo(kept);
        }
        assertThat(call("PUT", "api/policy", "adam", "{\"minReleaseAge\": \"soon\"}")
                        .body())
                .isEqualTo("minReleaseAge: Invalid duration 'soon': use a number with ms, s, m, h or d, such as 10m\n");
    }

    @Test
    void aPutRewritesThePolicyFileAtomicallyAndTheFileReadsBack() throws Exception {
        start(FakePyPI.PageFormat.JSON, Duration.ofHours(1));
        Path file = tmp.resolve("conf/policy.yaml");
        server.mirror().setPolicyStore(new PolicyFile(file, null));
        String doc = "{\"minReleaseAge\": \"3d\", \"unknownAge\": \"hold\", \"neverHeld\": [\"acme-*\"],"
                + " \"ageOverrides\": {\"numpy\": \"14d\"},"
                + " \"blocked\": [{\"release\": \"demo==1.0\", \"reason\": \"compromised\"}]}";
        assertThat(call("PUT", "api/policy", "adam", doc).statusCode()).isEqualTo(200);

        assertThat(PolicyFile.read(file))
                .isEqualTo(PolicyDocument.parseJson(doc))
                .isEqualTo(server.mirror().policy());
        assertThat(Files.readString(file)).contains("minReleaseAge: 3d").contains("release: demo==1.0");
        try (Stream<Path> left = Files.list(file.getParent())) {
            assertThat(left).containsExactly(file); // no temporary file left behind
        }
    }

    @Test
    void bothMediaTypesHideTheHeldFileAndItsUrlRefusesItWithTheReason() throws Exception {
        start(FakePyPI.PageFormat.JSON, Duration.ofHours(1));
        HttpResponse<String> before = page(JSON);
        assertThat(before.body()).contains(v20.filename()); // cached and rendered before the policy
        server.mirror().setPolicy(PolicyDocument.parseJson("{\"minReleaseAge\": \"7d\"}"));

        HttpResponse<String> json = page(JSON);
        assertThat(json.body()).contains(v10.filename()).doesNotContain(v20.filename());
        assertThat(json.body()).contains("\"versions\":[\"1.0\"]");
        assertThat(json.headers().firstValue("X-Python-Mirror-Policy").orElseThrow())
                .startsWith("1 file(s) withheld by the mirror's release policy, such as " + v20.filename()
                        + " is held back by the mirror's minimum release age (7d) until ");
        assertThat(json.headers().firstValue("ETag"))
                .isNotEqualTo(before.headers().firstValue("ETag"));
        HttpResponse<String> html = page("text/html");
        assertThat(html.body()).contains(v10.filename()).doesNotContain(v20.filename());

        HttpResponse<byte[]> get = mirrors.get(fileUrl(v20));
        assertThat(get.statusCode()).isEqualTo(404);
        assertThat(get.headers().firstValue("Cache-Control")).hasValue("no-store");
        String reason = get.headers().firstValue("X-Python-Mirror-Policy").orElseThrow();
        assertThat(new String(get.body(), StandardCharsets.UTF_8)).isEqualTo(v20.filename() + " is " + reason + "\n");
        HttpResponse<byte[]> head = mirrors.head(fileUrl(v20));
        assertThat(head.statusCode()).isEqualTo(404);
        assertThat(head.headers().firstValue("X-Python-Mirror-Policy")).hasValue(reason);
        HttpResponse<byte[]> meta = mirrors.get(URI.create(fileUrl(v20) + ".metadata"));
        assertThat(meta.statusCode()).isEqualTo(404);
        assertThat(mirrors.get(fileUrl(v10)).statusCode()).isEqualTo(200);
        assertThat(upstream.downloadCount(v20.filename())).isZero();

        String status = call("GET", "api/status", null, null).body();
        assertThat(status).contains("\"filesHeldBack\" : 1").contains("\"projectsHeldBack\" : 1");
        assertThat(status).contains("\"refusals\" : 3");
        String metrics = call("GET", "metrics", null, null).body();
        assertThat(metrics)
                .contains("python_mirror_policy_held_files 1\n")
                .contains("python_mirror_policy_held_projects 1\n")
                .contains("python_mirror_policy_refusals_total 3\n");
    }

    @Test
    void aHeldFileAppearsOnTheCachedPageWhenItsHoldEnds() throws Exception {
        start(FakePyPI.PageFormat.JSON, Duration.ofDays(7).minusSeconds(3));
        server.mirror().setPolicy(PolicyDocument.parseJson("{\"minReleaseAge\": \"7d\"}"));
        Instant started = Instant.now();
        assertThat(page(JSON).body()).doesNotContain(v20.filename());
        assertThat(mirrors.get(fileUrl(v20)).statusCode()).isEqualTo(404);
        int pageRequests = upstream.requestCount("/simple/demo/");

        Thread.sleep(Math.max(
                0,
                Duration.ofSeconds(4).toMillis()
                        - Duration.between(started, Instant.now()).toMillis()));
        assertThat(page(JSON).body()).contains(v20.filename()).contains("\"2.0\"");
        assertThat(mirrors.get(fileUrl(v20)).statusCode()).isEqualTo(200);
        assertThat(upstream.requestCount("/simple/demo/"))
                .as("the cached page was filtered again, not fetched again")
                .isEqualTo(pageRequests);
    }

    @Test
    void filesWithoutUploadTimeFollowTheUnknownAgeSettingAndAreCounted() throws Exception {
        start(FakePyPI.PageFormat.HTML, Duration.ofHours(1)); // HTML pages carry no upload-time
        server.mirror().setPolicy(PolicyDocument.parseJson("{\"minReleaseAge\": \"7d\"}"));
        assertThat(page(JSON).body()).contains(v10.filename()).contains(v20.filename());
        assertThat(server.mirror().status().policy().filesUnknownAge()).isEqualTo(2);

        server.mirror().setPolicy(PolicyDocument.parseJson("{\"minReleaseAge\": \"7d\", \"unknownAge\": \"hold\"}"));
        assertThat(page(JSON).body()).doesNotContain(v10.filename()).doesNotContain(v20.filename());
        HttpResponse<byte[]> r = mirrors.get(fileUrl(v10));
        assertThat(r.statusCode()).isEqualTo(404);
        assertThat(r.headers().firstValue("X-Python-Mirror-Policy"))
                .hasValue("held back by the mirror's minimum release age (7d): the upstream gives no upload time");
        assertThat(server.mirror().status().policy().filesHeldBack()).isEqualTo(2);
    }

    @Test
    void privateUploadsAreExemptFromThePolicy() throws Exception {
        start(FakePyPI.PageFormat.JSON, Duration.ofHours(1));
        server.mirror()
                .setPolicy(PolicyDocument.parseJson("{\"minReleaseAge\": \"7d\", \"unknownAge\": \"hold\","
                        + " \"blocked\": [{\"release\": \"acme-lib\", \"reason\": \"not ours to block\"}]}"));
        BuiltDist own = Dists.wheel("acme-lib", "1.0").build();
        HttpResponse<String> up = UploadRequest.of("acme-lib", "1.0", own)
                .as("ulla", "ulla-pw")
                .post(mirrors.http, server.baseUrl().resolve("upload/"));
        assertThat(up.statusCode()).as(up.body()).isEqualTo(200);

        HttpResponse<byte[]> page = mirrors.get(
                server.simpleUrl().resolve("acme-lib/"),
                "Accept",
                JSON,
                "Authorization",
                UploadRequest.basic("rita", "rita-pw"));
        assertThat(new String(page.body(), StandardCharsets.UTF_8)).contains(own.filename());
        HttpResponse<byte[]> file = mirrors.get(
                server.baseUrl().resolve("files/" + own.sha256() + "/" + own.filename()),
                "Authorization",
                UploadRequest.basic("rita", "rita-pw"));
        assertThat(file.statusCode()).isEqualTo(200);
    }

    @Test
    void aPinnedFileBlockedAfterTheSyncLeavesTheFindLinksPage() throws Exception {
        start(FakePyPI.PageFormat.JSON, Duration.ofHours(1));
        SyncReport report = server.mirror()
                .sync(
                        SyncSpec.parse("requirements: [demo]\nenvironments:\n  - python: \"3.11\"\n"
                                + "    platforms: [manylinux_2_17_x86_64]\n"),
                        SyncProgress.NONE);
        assertThat(report.ok()).as(report.summary()).isTrue();
        assertThat(call("GET", "links/", null, null).body()).contains(v20.filename());

        server.mirror()
                .setPolicy(PolicyDocument.parseJson(
                        "{\"blocked\": [{\"release\": \"demo==2.0\", \"reason\": \"compromised\"}]}"));
        assertThat(call("GET", "links/", null, null).body()).doesNotContain(v20.filename());
        HttpResponse<byte[]> stored = mirrors.get(fileUrl(v20));
        assertThat(stored.statusCode())
                .as("stored and pinned, and still refused")
                .isEqualTo(404);
        assertThat(stored.headers().firstValue("X-Python-Mirror-Policy"))
                .hasValue("blocked by the mirror's policy (demo==2.0): compromised");
    }
}
