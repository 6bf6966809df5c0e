package io.jenkins.plugins.pythonmirror.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jenkins.plugins.pythonmirror.testkit.FakePyPI.PageFormat;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The kit against the real clients: isolation holds and real installs go through FakePyPI only. */
class RealClientsTest {

    private static final Duration TIMEOUT = Duration.ofMinutes(3);

    @TempDir
    Path tmp;

    private FakePyPI fake;

    @AfterEach
    void stop() {
        if (fake != null) {
            fake.close();
        }
    }

    /** a → b → c, as wheels with PEP 658 metadata. */
    private void addChain() {
        fake.addDist(
                "chain-a",
                Dists.wheel("chain-a", "1.0").requires("chain-b>=1.0").build());
        fake.addDist(
                "chain-b", Dists.wheel("chain-b", "1.0").requires("chain-c").build());
        fake.addDist("chain-c", Dists.wheel("chain-c", "2.0").build());
    }

    private long downloads(String suffix) {
        return fake.requests().stream().filter(r -> r.path().endsWith(suffix)).count();
    }

    @Test
    void pipLoadsNoConfigFileAndSeesNoFindLinks() {
        PythonTools tools = new PythonTools(tmp);
        Path venv = tools.venv(tmp.resolve("venv"));

        String debug = tools.pip(venv, "config", "debug").assertSuccess().output();

        assertThat(debug).contains("PIP_CONFIG_FILE='/dev/null'");
        // pip lists the files it knows of, but shows settings only for files it loaded
        assertThat(debug).doesNotContain("find-links", "extra-index-url", "constraint", "PIP_FIND_LINKS");
        String env = tools.run(tmp, Map.of(), TIMEOUT, "env").assertSuccess().output();
        assertThat(env)
                .doesNotContain("PIP_FIND_LINKS")
                .doesNotContain("PIP_EXTRA_INDEX_URL")
                .contains("HOME=" + tools.home())
                .contains("PIP_NO_CACHE_DIR=1");
    }

    @ParameterizedTest
    @EnumSource(PageFormat.class)
    void pipInstallsADependencyChainOnlyFromFakePyPI(PageFormat format) {
        fake = FakePyPI.start(format);
        addChain();
        PythonTools tools = new PythonTools(tmp);
        Path venv = tools.venv(tmp.resolve("venv"));

        tools.pipInstall(venv, fake.simpleUrl().toString(), "chain-a").assertSuccess();

        String versions = tools.pythonCode(
                        venv, "import chain_a, chain_b, chain_c; print(chain_a.__version__, chain_c.__version__)")
                .assertSuccess()
                .output();
        assertThat(versions).contains("1.0 2.0");
        assertThat(downloads(".whl")).isEqualTo(3);
        assertThat(fake.requestCount("/simple/chain-")).isEqualTo(3);
    }

    @Test
    void pipBuildsAnSdistWithBuildDependenciesFromFakePyPI() throws IOException {
        fake = FakePyPI.start(PageFormat.HTML);
        // build isolation fetches setuptools and wheel: serve the real wheels Debian ships (its setuptools is patched
        // for Debian's Python, hence the Debian venv)
        for (String project : new String[] {"setuptools", "wheel"}) {
            Path whl = debianWheel(project);
            fake.addFile(project, whl.getFileName().toString(), Files.readAllBytes(whl));
        }
        fake.addDist("from-source", Dists.sdist("from-source", "3.0").build());
        PythonTools tools = new PythonTools(tmp);
        Path venv = tools.debianVenv(tmp.resolve("venv"));

        tools.pipInstall(venv, fake.simpleUrl().toString(), "from-source").assertSuccess();

        assertThat(downloads(".tar.gz")).isEqualTo(1);
        assertThat(fake.requestCount("/simple/setuptools/")).isPositive();
        assertThat(tools.pip(venv, "show", "from-source").assertSuccess().output())
                .contains("Version: 3.0");
    }

    private static Path debianWheel(String project) throws IOException {
        try (Stream<Path> files = Files.list(Path.of("/usr/share/python-wheels"))) {
            return files.filter(p -> p.getFileName().toString().startsWith(project + "-"))
                    .findFirst()
                    .orElseThrow(() -> new AssertionError(
                            "no " + project + " wheel: install python3-" + project + "-whl (.ci/run installs it)"));
        }
    }

    @Test
    void pdmAddsFromFakePyPI() throws IOException {
        fake = FakePyPI.start(PageFormat.JSON);
        addChain();
        PythonTools tools = new PythonTools(tmp);
        Path project = Files.createDirectories(tmp.resolve("pdm-project"));
        Files.writeString(
                project.resolve("pyproject.toml"),
                "[project]\nname = \"smoke\"\nversion = \"0.1\"\nrequires-python = \">=3.9\"\ndependencies = []\n");
        String index = fake.simpleUrl().toString();

        tools.pdm(project, index, "venv", "create", PythonTools.DEBIAN_PYTHON).assertSuccess();
        tools.pdm(project, index, "add", "--no-self", "chain-a").assertSuccess();

        assertThat(Files.readString(project.resolve("pdm.lock"))).contains("chain-c");
        assertThat(project.resolve(".venv/lib/python3.11/site-packages/chain_c"))
                .isDirectory();
        // pdm 2.2 fetches each wheel more than once (hashes for the lock, then the install): count distinct files
        assertThat(fake.requests().stream()
                        .map(RecordedRequest::path)
                        .filter(p -> p.endsWith(".whl"))
                        .distinct())
                .hasSize(3);
    }

    @Test
    void pipenvInstallsFromFakePyPI() throws IOException {
        fake = FakePyPI.start(PageFormat.HTML);
        addChain();
        PythonTools tools = new PythonTools(tmp);
        Path project = Files.createDirectories(tmp.resolve("pipenv-project"));

        tools.pipenv(project, fake.simpleUrl().toString(), "install", "chain-a").assertSuccess();

        assertThat(Files.readString(project.resolve("Pipfile.lock"))).contains("chain-c");
        assertThat(Files.readString(project.resolve(".venv/pyvenv.cfg"))).contains("home = /usr/bin");
        assertThat(fake.requestCount("/simple/chain-c/")).isPositive();
    }

    @Test
    void pipDownloadWritesTheFileIntoTheDestination() {
        fake = FakePyPI.start(PageFormat.JSON);
        addChain();
        PythonTools tools = new PythonTools(tmp);
        Path venv = tools.debianVenv(tmp.resolve("venv"));

        tools.pipDownload(venv, fake.simpleUrl().toString(), tmp.resolve("dest"), "--no-deps", "chain-c")
                .assertSuccess();

        assertThat(tmp.resolve("dest/chain_c-2.0-py3-none-any.whl")).isRegularFile();
        assertThat(fake.downloadCount("chain_c-2.0-py3-none-any.whl")).isEqualTo(1);
    }

    @Test
    void buildProjectBuildsWheelAndSdistWithDebianBuild() throws IOException {
        Path src = Files.createDirectories(tmp.resolve("src/tiny"));
        Files.writeString(
                src.resolve("../pyproject.toml"),
                "[build-system]\nrequires = [\"setuptools\"]\nbuild-backend = \"setuptools.build_meta\"\n");
        Files.writeString(
                src.resolve("../setup.cfg"), "[metadata]\nname = tiny\nversion = 1.0\n\n[options]\npackages = tiny\n");
        Files.writeString(src.resolve("__init__.py"), "");

        Path out = new PythonTools(tmp).buildProject(tmp.resolve("src"), tmp.resolve("out"));

        assertThat(out.resolve("tiny-1.0-py3-none-any.whl")).isRegularFile();
        assertThat(out.resolve("tiny-1.0.tar.gz")).isRegularFile();
    }

    @Test
    void twineUploadPostsToTheGivenUrlWithBasicAuth() {
        fake = FakePyPI.start(PageFormat.JSON);
        Path wheel = Dists.wheel("up-load", "1.0").build().writeTo(tmp.resolve("dist"));

        // FakePyPI takes no uploads (405): this only shows the runner drives twine to the URL
        new PythonTools(tmp)
                .twineUpload(fake.baseUrl() + "legacy/", "alice", "s3cret", wheel)
                .assertFailure();

        RecordedRequest post = fake.requests().get(0);
        assertThat(post.method()).isEqualTo("POST");
        assertThat(post.path()).isEqualTo("/legacy/");
        assertThat(post.header("Authorization"))
                .isEqualTo(
                        "Basic " + Base64.getEncoder().encodeToString("alice:s3cret".getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void missingToolFailsNamingTheAptPackage() {
        assertThat(PythonTools.has("no-such-client")).isFalse();
        assertThatThrownBy(() -> PythonTools.require("no-such-client"))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("apt package");
    }

    @Test
    void runKillsProcessesThatOutliveTheirTimeout() {
        ProcessResult result = new PythonTools(tmp).run(tmp, Map.of(), Duration.ofMillis(300), "sleep", "30");
        assertThat(result.timedOut()).isTrue();
        assertThatThrownBy(result::assertSuccess).hasMessageContaining("timed out");
    }
}
