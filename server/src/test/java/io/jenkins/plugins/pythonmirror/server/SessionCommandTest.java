package io.jenkins.plugins.pythonmirror.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.jenkins.plugins.pythonmirror.report.Obtained;
import io.jenkins.plugins.pythonmirror.report.Sbom;
import io.jenkins.plugins.pythonmirror.report.SessionReport;
import io.jenkins.plugins.pythonmirror.testkit.BuiltDist;
import io.jenkins.plugins.pythonmirror.testkit.FakePyPI;
import io.jenkins.plugins.pythonmirror.testkit.PythonTools;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.cyclonedx.parsers.JsonParser;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * {@code session start|report|sbom|end} as a shell CI job runs them: a bash script evals what {@code session start}
 * prints and real pip installs through it; the report, SBOM and the server's own state show what it took.
 */
class SessionCommandTest {

    static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path tmp;

    private FakePyPI upstream;
    private MirrorFixture mirrors;
    private MirrorServer server;

    @BeforeEach
    void setUp() throws Exception {
        upstream = FakePyPI.start(FakePyPI.PageFormat.JSON);
        FlaskClosure.addTo(upstream);
        Path data = tmp.resolve("data");
        UserStore users = UserStore.open(data);
        users.add("ci", UserRole.SESSION, "ci-pw");
        mirrors = new MirrorFixture(data);
        server = mirrors.startWithUsers(users, b -> b.sessionApi(true), upstream.simpleUrl());
    }

    @AfterEach
    void tearDown() throws Exception {
        mirrors.close();
        upstream.close();
    }

    @Test
    void aShellJobEvalsSessionStartInstallsWithPipAndReadsItsReport() throws Exception {
        PythonTools python = new PythonTools(tmp.resolve("clients"));
        Path venv = python.venv(tmp.resolve("venv"));
        Path work = Files.createDirectories(tmp.resolve("job"));
        String script =
                """
                set -euo pipefail
                mirror() { "$JAVA" -cp "$CP" io.jenkins.plugins.pythonmirror.server.Main "$@"; }
                eval "$(mirror session start --label 'ci job #1')"
                "$VENV/bin/pip" install flask
                mirror session report > report.json
                mirror session sbom > sbom.json
                mirror session end > end.txt
                env | grep -E '^(PIP_INDEX_URL|PIP_TRUSTED_HOST|UV_DEFAULT_INDEX|UV_INDEX_URL|PIPENV_PYPI_MIRROR|PDM_PYPI_URL|PYTHON_MIRROR_URL|PYTHON_MIRROR_SESSION|TWINE_[A-Z_]*)=' | sort > env.txt
                GITHUB_ACTIONS=true mirror session start --format env > github.env 2> github.err
                """;
        Map<String, String> env = new LinkedHashMap<>();
        env.put("JAVA", ProcessHandle.current().info().command().orElse("java"));
        env.put("CP", System.getProperty("java.class.path"));
        env.put("VENV", venv.toString());
        // The job's secrets, as GitHub Actions or GitLab CI would set them.
        env.put("PYTHON_MIRROR_URL", server.baseUrl().toString());
        env.put("PYTHON_MIRROR_USER", "ci");
        env.put("PYTHON_MIRROR_PASSWORD", "ci-pw");
        python.run(work, env, Duration.ofMinutes(5), "bash", "-c", script).assertSuccess();

        // The variables the job got: those of a Jenkins build, pointing at this session.
        Map<String, String> exported = new LinkedHashMap<>();
        for (String line : Files.readAllLines(work.resolve("env.txt"))) {
            int eq = line.indexOf('=');
            exported.put(line.substring(0, eq), line.substring(eq + 1));
        }
        String id = exported.get("PYTHON_MIRROR_SESSION");
        SessionReport onServer =
                server.mirror().ciSessions().orElseThrow().report(id).orElseThrow();
        String user = onServer.username();
        assertThat(user).isEqualTo("session-" + id.substring(2));
        assertThat(exported.get("PIP_INDEX_URL"))
                .matches("http://" + user + ":[A-Za-z0-9_-]{32}@127\\.0\\.0\\.1:" + server.port() + "/simple/");
        assertThat(exported)
                .containsEntry("UV_DEFAULT_INDEX", exported.get("PIP_INDEX_URL"))
                .containsEntry("UV_INDEX_URL", exported.get("PIP_INDEX_URL"))
                .containsEntry("PIPENV_PYPI_MIRROR", exported.get("PIP_INDEX_URL"))
                .containsEntry("PDM_PYPI_URL", exported.get("PIP_INDEX_URL"))
                .containsEntry("PIP_TRUSTED_HOST", "127.0.0.1:" + server.port())
                .containsEntry("PYTHON_MIRROR_URL", server.baseUrl().toString())
                .doesNotContainKey("TWINE_PASSWORD");

        // What the server recorded: pip took the whole closure through the session, each file fetched once.
        assertThat(onServer.endedAt()).isNotNull();
        assertThat(onServer.label()).isEqualTo("ci job #1");
        assertThat(onServer.files())
                .extracting(Obtained::filename, Obtained::sha256)
                .containsExactlyElementsOf(FlaskClosure.ALL.stream()
                        .map(d -> org.assertj.core.groups.Tuple.tuple(d.filename(), d.sha256()))
                        .toList());
        for (BuiltDist d : FlaskClosure.ALL) {
            assertThat(upstream.downloadCount(d.filename())).as(d.filename()).isEqualTo(1);
        }

        // What the job printed.
        JsonNode report = JSON.readTree(work.resolve("report.json").toFile());
        assertThat(report.path("id").asText()).isEqualTo(id);
        List<String> files = new ArrayList<>();
        report.path("files")
                .forEach(f -> files.add(f.path("name").asText() + " "
                        + f.path("sha256").asText() + " " + f.path("source").asText()));
        assertThat(files)
                .containsExactlyElementsOf(FlaskClosure.ALL.stream()
                        .map(d -> FlaskClosure.project(d) + " " + d.sha256() + " upstream")
                        .toList());
        byte[] sbom = Files.readAllBytes(work.resolve("sbom.json"));
        assertThat(new JsonParser().validate(sbom, Sbom.SPEC)).isEmpty();
        assertThat(JSON.readTree(sbom).path("components")).hasSize(FlaskClosure.ALL.size());
        assertThat(Files.readString(work.resolve("end.txt")))
                .isEqualTo("Session " + id + " ended: 7 files, 0 from cache, 7 fetched ("
                        + SessionReportSize.megabytes(FlaskClosure.ALL) + "), 0 private\n");
        assertThat(mirrors.get(
                                server.simpleUrl(),
                                "Authorization",
                                UploadRequest.basic(user, tokenOf(exported.get("PIP_INDEX_URL"))))
                        .statusCode())
                .as("the token after 'session end'")
                .isEqualTo(401);

        // GitHub Actions: NAME=value lines for $GITHUB_ENV, and the token masked through a workflow command.
        List<String> github = Files.readAllLines(work.resolve("github.env"));
        assertThat(github).allMatch(l -> l.matches("[A-Z_]+=\\S+"));
        String githubIndex = github.stream()
                .filter(l -> l.startsWith("PIP_INDEX_URL="))
                .findFirst()
                .orElseThrow()
                .substring("PIP_INDEX_URL=".length());
        assertThat(Files.readString(work.resolve("github.err")))
                .isEqualTo("::add-mask::" + tokenOf(githubIndex) + "\n");
    }

    @Test
    void missingOrWrongCredentialsAndIdsFailWithAReason() {
        Run noUser = run("session", "start", "--server", server.baseUrl().toString());
        assertThat(noUser.exit()).isEqualTo(2);
        assertThat(noUser.err()).contains("Missing credentials");

        Run wrong = run("session", "start", "--server", server.baseUrl().toString(), "-u", "ci", "-p", "nope");
        assertThat(wrong.exit()).isEqualTo(1);
        assertThat(wrong.err()).contains("401").contains("Wrong user name or password");

        Run noServer = run("session", "report", "s-x", "-u", "ci", "-p", "ci-pw");
        assertThat(noServer.exit()).isEqualTo(2);
        assertThat(noServer.err()).contains("Missing the server");

        Run unknown = run(
                "session",
                "end",
                "s-AAAAAAAAAAAAAAAA",
                "--server",
                server.baseUrl().toString(),
                "-u",
                "ci",
                "-p",
                "ci-pw");
        assertThat(unknown.exit()).isEqualTo(1);
        assertThat(unknown.err()).contains("404 No such session: s-AAAAAAAAAAAAAAAA");

        Run started = run("session", "start", "--server", server.baseUrl().toString(), "-u", "ci", "-p", "ci-pw");
        assertThat(started.exit()).isZero();
        assertThat(started.out())
                .contains("export PIP_INDEX_URL='http://session-")
                .contains("export PYTHON_MIRROR_SESSION='s-");
    }

    private record Run(int exit, String out, String err) {}

    private static Run run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cli = Main.commandLine();
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        int exit = cli.execute(args);
        return new Run(exit, out.toString(), err.toString());
    }

    /** The password part of {@code http://user:password@host/…}. */
    private static String tokenOf(String indexUrl) {
        String userInfo = java.net.URI.create(indexUrl).getRawUserInfo();
        return userInfo.substring(userInfo.indexOf(':') + 1);
    }

    /** The summary's size figure for a list of files fetched from upstream. */
    private static final class SessionReportSize {
        static String megabytes(List<BuiltDist> dists) {
            long bytes = dists.stream().mapToLong(d -> d.bytes().length).sum();
            return String.format(java.util.Locale.ROOT, "%.1f MB", bytes / 1_000_000.0);
        }
    }
}
