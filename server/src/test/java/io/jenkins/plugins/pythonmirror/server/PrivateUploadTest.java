package io.jenkins.plugins.pythonmirror.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.jenkins.plugins.pythonmirror.pep.ProjectName;
import io.jenkins.plugins.pythonmirror.privateindex.PrivateFile;
import io.jenkins.plugins.pythonmirror.privateindex.ProjectIndex;
import io.jenkins.plugins.pythonmirror.testkit.Dists;
import io.jenkins.plugins.pythonmirror.testkit.FakePyPI;
import io.jenkins.plugins.pythonmirror.testkit.ProcessResult;
import io.jenkins.plugins.pythonmirror.testkit.PythonTools;
import io.jenkins.plugins.pythonmirror.testkit.RecordedRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Real uploaders (twine 4.0.2, pdm publish, poetry publish) publishing dists built by {@code python3 -m build} or
 * {@code poetry build} into the mirror, and real pip installing them with their public dependencies. Every client
 * runs isolated from this machine's pip configuration; the assertions read the private store and the upstream's
 * request log.
 */
class PrivateUploadTest {

    @TempDir
    Path tmp;

    private PythonTools python;
    private MirrorFixture mirrors;
    private FakePyPI upstream;
    private MirrorServer server;

    @BeforeEach
    void setUp() throws Exception {
        python = new PythonTools(tmp.resolve("clients"));
        Path data = tmp.resolve("data");
        mirrors = new MirrorFixture(data);
        upstream = FakePyPI.start(FakePyPI.PageFormat.JSON);
        upstream.addDist("gamma", Dists.wheel("gamma", "1.0").build());
        server = mirrors.startWithUsers(PrivateProjects.users(data), b -> b, upstream.simpleUrl());
    }

    @AfterEach
    void tearDown() throws Exception {
        mirrors.close();
        upstream.close();
    }

    private String uploadUrl() {
        return server.baseUrl().resolve("upload/").toString();
    }

    private ProjectIndex index(String project) {
        return server.mirror()
                .privatePackages()
                .index()
                .project(ProjectName.parse(project))
                .orElseThrow(() -> new AssertionError("no private project " + project));
    }

    private void assertUpstreamNeverAskedAbout(String name) {
        List<String> paths = new ArrayList<>();
        for (RecordedRequest r : upstream.requests()) {
            paths.add(r.path());
        }
        assertThat(paths).noneMatch(p -> p.contains(name));
    }

    private Path buildAcmeWidgets(String moduleSource) throws Exception {
        Path src = PrivateProjects.setuptoolsProject(
                tmp.resolve("src-" + Math.abs(moduleSource.hashCode())),
                "acme-widgets",
                "1.0",
                moduleSource,
                "gamma>=1.0");
        return python.buildProject(src, src.resolve("dist"));
    }

    @Test
    void twineUploadsAWheelAndAnSdistThatPipThenInstallsWithItsPublicDependency() throws Exception {
        List<Path> dists = PrivateProjects.dists(buildAcmeWidgets("ANSWER = 42\n"));
        assertThat(dists).hasSize(2);

        python.twineUpload(uploadUrl(), "ulla", "ulla-pw", dists.toArray(Path[]::new))
                .assertSuccess();

        ProjectIndex index = index("acme-widgets");
        assertThat(index.files()).hasSize(2);
        for (Path d : dists) {
            PrivateFile f = index.file(d.getFileName().toString()).orElseThrow();
            assertThat(f.size()).isEqualTo(Files.size(d));
            assertThat(f.requiresPython()).isEqualTo(">=3.7");
            assertThat(f.uploader()).isEqualTo("ulla");
            assertThat(tmp.resolve("data/private/acme-widgets").resolve(f.filename()))
                    .hasSameBinaryContentAs(d);
        }
        PrivateFile wheel = index.files().stream()
                .filter(f -> f.filename().endsWith(".whl"))
                .findFirst()
                .orElseThrow();
        assertThat(wheel.coreMetadataSha256()).as("PEP 658 metadata extracted").isNotNull();

        HttpResponse<byte[]> page = mirrors.get(
                server.simpleUrl().resolve("acme-widgets/"),
                "Accept",
                "application/vnd.pypi.simple.v1+json",
                "Authorization",
                UploadRequest.basic("rita", "rita-pw"));
        String json = new String(page.body(), StandardCharsets.UTF_8);
        assertThat(json)
                .contains("\"requires-python\" : \">=3.7\"".replace(" : ", ":"))
                .contains("\"core-metadata\":{\"sha256\":\"" + wheel.coreMetadataSha256() + "\"}")
                .contains("../../files/" + wheel.sha256() + "/" + wheel.filename());

        Path venv = python.venv(tmp.resolve("venv"));
        python.pipInstall(venv, PrivateProjects.indexUrl(server, "rita", "rita-pw"), "acme-widgets")
                .assertSuccess();
        python.pythonCode(venv, "import acme_widgets, gamma; assert acme_widgets.ANSWER == 42")
                .assertSuccess();
        assertThat(upstream.downloadCount(Dists.wheel("gamma", "1.0").build().filename()))
                .isEqualTo(1);
        assertUpstreamNeverAskedAbout("acme");
    }

    @Test
    void duplicateUploadsFollowPyPI() throws Exception {
        List<Path> first = PrivateProjects.dists(buildAcmeWidgets("ANSWER = 1\n"));
        python.twineUpload(uploadUrl(), "ulla", "ulla-pw", first.toArray(Path[]::new))
                .assertSuccess();

        // The identical files again: 200, nothing changes.
        python.twineUpload(uploadUrl(), "ulla", "ulla-pw", first.toArray(Path[]::new))
                .assertSuccess();
        assertThat(index("acme-widgets").files()).hasSize(2);

        // The same filenames with other bytes: 400 "File already exists".
        List<Path> changed = PrivateProjects.dists(buildAcmeWidgets("ANSWER = 2\n"));
        ProcessResult refused = python.twineUpload(uploadUrl(), "ulla", "ulla-pw", changed.toArray(Path[]::new))
                .assertFailure();
        assertThat(refused.output()).contains("400");
        UploadRequest raw = new UploadRequest();
        raw.fields.putAll(
                Map.of(":action", "file_upload", "name", "acme-widgets", "version", "1.0", "filetype", "bdist_wheel"));
        raw.filename = changed.get(0).getFileName().toString();
        raw.content = Files.readAllBytes(changed.get(0));
        raw.fields.put("sha256_digest", UploadRequest.hex("SHA-256", raw.content));
        HttpResponse<String> direct =
                raw.as("ulla", "ulla-pw").post(mirrors.http, server.baseUrl().resolve("upload/"));
        assertThat(direct.statusCode()).isEqualTo(400);
        assertThat(direct.body()).startsWith("File already exists");

        // twine --skip-existing recognises the answer and goes on.
        List<String> command = new ArrayList<>(List.of(
                "twine",
                "upload",
                "--non-interactive",
                "--skip-existing",
                "--repository-url",
                uploadUrl(),
                "-u",
                "ulla",
                "-p",
                "ulla-pw"));
        changed.forEach(p -> command.add(p.toString()));
        ProcessResult skipped = python.run(tmp, Map.of(), Duration.ofMinutes(2), command.toArray(String[]::new))
                .assertSuccess();
        assertThat(skipped.output()).contains("Skipping");
        for (Path d : first) {
            assertThat(tmp.resolve("data/private/acme-widgets").resolve(d.getFileName()))
                    .as("the first upload stays")
                    .hasSameBinaryContentAs(d);
        }
    }

    @Test
    void pdmPublishUploads() throws Exception {
        Path project = PrivateProjects.setuptoolsProject(tmp.resolve("pdm-project"), "acme-pdm", "2.0", "X = 1\n");
        python.buildProject(project, project.resolve("dist"));

        python.run(
                        project,
                        Map.of(),
                        Duration.ofMinutes(2),
                        "pdm",
                        "publish",
                        "--no-build",
                        "-r",
                        uploadUrl(),
                        "-u",
                        "ulla",
                        "-P",
                        "ulla-pw")
                .assertSuccess();

        assertThat(index("acme-pdm").files()).extracting(PrivateFile::filename).hasSize(2);
        Path venv = python.venv(tmp.resolve("venv"));
        python.pipInstall(venv, PrivateProjects.indexUrl(server, "rita", "rita-pw"), "acme-pdm==2.0")
                .assertSuccess();
    }

    @Test
    void poetryPublishUploads() throws Exception {
        Path project = Files.createDirectories(tmp.resolve("poetry-project"));
        Files.createDirectories(project.resolve("acme_poetry"));
        Files.writeString(project.resolve("acme_poetry/__init__.py"), "Y = 2\n");
        Files.writeString(
                project.resolve("pyproject.toml"),
                """
                [tool.poetry]
                name = "acme-poetry"
                version = "3.0"
                description = "A private test package"
                authors = ["Test <test@example.com>"]
                packages = [{include = "acme_poetry"}]

                [tool.poetry.dependencies]
                python = ">=3.7"

                [build-system]
                requires = ["poetry-core"]
                build-backend = "poetry.core.masonry.api"
                """);
        Map<String, String> env = Map.of(
                "POETRY_REPOSITORIES_MIRROR_URL", uploadUrl(),
                "POETRY_HTTP_BASIC_MIRROR_USERNAME", "ulla",
                "POETRY_HTTP_BASIC_MIRROR_PASSWORD", "ulla-pw");
        python.run(project, env, Duration.ofMinutes(2), "poetry", "build", "--no-interaction")
                .assertSuccess();
        python.run(project, env, Duration.ofMinutes(2), "poetry", "publish", "-r", "mirror", "--no-interaction")
                .assertSuccess();

        assertThat(index("acme-poetry").files()).hasSize(2);
        Path venv = python.venv(tmp.resolve("venv"));
        python.pipInstall(venv, PrivateProjects.indexUrl(server, "rita", "rita-pw"), "acme-poetry")
                .assertSuccess();
    }
}
