package io.jenkins.plugins.pythonmirror.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.jenkins.plugins.pythonmirror.testkit.BuiltDist;
import io.jenkins.plugins.pythonmirror.testkit.Dists;
import io.jenkins.plugins.pythonmirror.testkit.FakePyPI;
import io.jenkins.plugins.pythonmirror.testkit.PythonTools;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Dependency confusion: a public upstream that offers a higher version under a private name must never win, and
 * must never even be asked about that name, unless an admin allowlisted it.
 */
class DependencyConfusionTest {

    @TempDir
    Path tmp;

    private MirrorFixture mirrors;
    private FakePyPI upstream;
    private MirrorServer server;
    private final BuiltDist privateLib =
            Dists.wheel("acme-lib", "1.0").module("ORIGIN = 'private'\n").build();
    private final BuiltDist publicLib =
            Dists.wheel("acme-lib", "9.0").module("ORIGIN = 'public'\n").build();

    @BeforeEach
    void setUp() {
        mirrors = new MirrorFixture(tmp.resolve("data"));
        upstream = FakePyPI.start(FakePyPI.PageFormat.JSON);
        upstream.addDist("acme-lib", publicLib);
        upstream.addDist("acme-tools", Dists.wheel("acme-tools", "5.0").build());
        upstream.addDist("widget", Dists.wheel("widget", "1.0").build());
    }

    @AfterEach
    void tearDown() throws Exception {
        mirrors.close();
        upstream.close();
    }

    private MirrorServer start(UnaryOperator<io.jenkins.plugins.pythonmirror.config.MirrorSettings.Builder> b)
            throws Exception {
        server = mirrors.startWithUsers(PrivateProjects.users(tmp.resolve("data")), b, upstream.simpleUrl());
        return server;
    }

    private HttpResponse<String> upload(BuiltDist dist, String name, String version, String user) throws Exception {
        return UploadRequest.of(name, version, dist)
                .as(user, user + "-pw")
                .post(mirrors.http, server.baseUrl().resolve("upload/"));
    }

    private String page(String project) throws Exception {
        HttpResponse<byte[]> r = mirrors.get(
                server.simpleUrl().resolve(project + "/"),
                "Accept",
                "application/vnd.pypi.simple.v1+json",
                "Authorization",
                UploadRequest.basic("rita", "rita-pw"));
        return r.statusCode() + " " + new String(r.body(), StandardCharsets.UTF_8);
    }

    @Test
    void pipGetsThePrivatePackageAndUpstreamNeverHearsTheName() throws Exception {
        start(b -> b);
        assertThat(upload(privateLib, "acme-lib", "1.0", "ulla").statusCode()).isEqualTo(200);

        PythonTools python = new PythonTools(tmp.resolve("clients"));
        Path venv = python.venv(tmp.resolve("venv"));
        python.pipInstall(venv, PrivateProjects.indexUrl(server, "rita", "rita-pw"), "acme-lib")
                .assertSuccess();
        python.pythonCode(venv, "import acme_lib; assert acme_lib.ORIGIN == 'private', acme_lib.ORIGIN")
                .assertSuccess();

        assertThat(page("acme-lib")).startsWith("200").doesNotContain("9.0");
        assertThat(upstream.requestCount("/simple/acme-lib")).isZero();
        assertThat(upstream.downloadCount(publicLib.filename())).isZero();
        // Not even a file URL with the public file's own hash reaches upstream.
        HttpResponse<byte[]> direct = mirrors.get(
                server.baseUrl().resolve("files/" + publicLib.sha256() + "/" + publicLib.filename()),
                "Authorization",
                UploadRequest.basic("rita", "rita-pw"));
        assertThat(direct.statusCode()).isEqualTo(404);
        assertThat(upstream.requestCount()).as(upstream.requests().toString()).isZero();
    }

    @Test
    void aPrivatePatternProtectsNamesBeforeTheirFirstUpload() throws Exception {
        start(b -> b.privatePatterns(List.of("Acme_*")));

        assertThat(page("acme-tools")).startsWith("404");
        HttpResponse<byte[]> file =
                mirrors.get(server.baseUrl().resolve("files/" + "a".repeat(64) + "/acme_tools-5.0-py3-none-any.whl"));
        assertThat(file.statusCode()).isEqualTo(404);
        assertThat(page("widget")).startsWith("200");

        assertThat(upstream.requestCount("/simple/acme-tools")).isZero();
        assertThat(upstream.requests()).noneMatch(r -> r.path().contains("acme"));
        assertThat(upstream.requestCount("/simple/widget")).isEqualTo(1);
    }

    @Test
    void anAllowlistedNameMergesUpstreamBelowThePrivateFilesAndThePrivateFileWinsAClash() throws Exception {
        BuiltDist clash = Dists.wheel("acme-lib", "1.0")
                .module("ORIGIN = 'public clash'\n")
                .build();
        upstream.addDist("acme-lib", clash);
        start(b -> b.allowlist(List.of("ACME.lib")));
        assertThat(upload(privateLib, "acme-lib", "1.0", "ulla").statusCode()).isEqualTo(200);

        String json = page("acme-lib");
        assertThat(json).startsWith("200");
        assertThat(json)
                .contains(privateLib.sha256())
                .contains(publicLib.sha256())
                .doesNotContain(clash.sha256());
        assertThat(json.indexOf(privateLib.sha256())).isLessThan(json.indexOf(publicLib.sha256()));
        assertThat(upstream.requestCount("/simple/acme-lib")).isEqualTo(1);
    }

    @Test
    void onlyAnAdminMayMakeAPublicNameTheMirrorAlreadyServesPrivate() throws Exception {
        start(b -> b);
        assertThat(page("widget")).startsWith("200");
        BuiltDist mine = Dists.wheel("widget", "2.0").build();

        HttpResponse<String> byUploader = upload(mine, "widget", "2.0", "ulla");
        assertThat(byUploader.statusCode()).isEqualTo(403);
        assertThat(byUploader.body()).contains("only an admin");
        assertThat(upload(mine, "widget", "2.0", "adam").statusCode()).isEqualTo(200);

        int before = upstream.requestCount();
        assertThat(page("widget")).startsWith("200").contains(mine.sha256()).doesNotContain("widget-1.0");
        assertThat(upstream.requestCount()).isEqualTo(before);
    }
}
