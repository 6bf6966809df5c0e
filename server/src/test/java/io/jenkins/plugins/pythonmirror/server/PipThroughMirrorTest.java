package io.jenkins.plugins.pythonmirror.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.jenkins.plugins.pythonmirror.status.MirrorStatus;
import io.jenkins.plugins.pythonmirror.testkit.BuiltDist;
import io.jenkins.plugins.pythonmirror.testkit.DeadPort;
import io.jenkins.plugins.pythonmirror.testkit.Dists;
import io.jenkins.plugins.pythonmirror.testkit.FakePyPI;
import io.jenkins.plugins.pythonmirror.testkit.PythonTools;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Real pip (and pipenv, pdm, Debian's pip) installing through a real mirror in front of a real fake PyPI. Every
 * client runs isolated from this machine's pip configuration (PythonTools sets PIP_CONFIG_FILE=/dev/null and drops
 * PIP_FIND_LINKS), and the assertions read the server's and the upstream's own counters.
 */
class PipThroughMirrorTest {

    @TempDir
    Path tmp;

    private PythonTools python;
    private MirrorFixture mirrors;
    private FakePyPI upstream;
    private List<BuiltDist> chain;

    @BeforeEach
    void setUp() {
        python = new PythonTools(tmp.resolve("clients"));
        mirrors = new MirrorFixture(tmp.resolve("data"));
    }

    @AfterEach
    void tearDown() throws Exception {
        mirrors.close();
        if (upstream != null) {
            upstream.close();
        }
    }

    /** alpha → beta → gamma, plus a newer gamma that this Python may not install. */
    private void publishChain(FakePyPI pypi) {
        BuiltDist alpha = Dists.wheel("alpha", "1.0").requires("beta>=1.0").build();
        BuiltDist beta = Dists.wheel("beta", "1.0").requires("gamma").build();
        BuiltDist gamma = Dists.wheel("gamma", "1.0").build();
        BuiltDist gammaFuture =
                Dists.wheel("gamma", "2.0").requiresPython(">=3.99").build();
        pypi.addDist("alpha", alpha);
        pypi.addDist("beta", beta);
        pypi.addDist("gamma", gamma);
        pypi.addDist("gamma", gammaFuture).requiresPython(">=3.99");
        chain = List.of(alpha, beta, gamma);
    }

    /** Each file of the chain was fetched from upstream exactly once. */
    private void assertEachFileFetchedOnce() {
        for (BuiltDist d : chain) {
            assertThat(upstream.downloadCount(d.filename())).as(d.filename()).isEqualTo(1);
        }
    }

    private long chainBytes() {
        return chain.stream().mapToLong(d -> d.bytes().length).sum();
    }

    @ParameterizedTest
    @EnumSource(FakePyPI.PageFormat.class)
    void pipInstallsAPackageAndItsDependenciesThroughTheMirror(FakePyPI.PageFormat format) throws Exception {
        upstream = FakePyPI.start(format);
        publishChain(upstream);
        MirrorServer server = mirrors.start(upstream.simpleUrl());

        Path venv = python.venv(tmp.resolve("venv"));
        python.pipInstall(venv, server.simpleUrl().toString(), "alpha").assertSuccess();

        python.pythonCode(venv, "import alpha, beta, gamma").assertSuccess();
        MirrorStatus status = server.mirror().status();
        assertEachFileFetchedOnce();
        assertThat(status.bytesFetched()).isEqualTo(chainBytes());
        assertThat(status.bytesServed())
                .as("every file reached pip through the mirror")
                .isEqualTo(chainBytes());
        assertThat(status.cachedFiles()).isEqualTo(3);
        assertThat(status.misses()).isGreaterThanOrEqualTo(6); // three pages, three files
    }

    @Test
    void withTheUpstreamStoppedAFreshEnvironmentInstallsTheSameSetAgain() throws Exception {
        upstream = FakePyPI.start(FakePyPI.PageFormat.JSON);
        publishChain(upstream);
        // TTL 0: every page request revalidates, so the second install really meets the dead upstream.
        MirrorServer server = mirrors.start(b -> b.pageTtl(Duration.ZERO), upstream.simpleUrl());
        python.pipInstall(python.venv(tmp.resolve("first")), server.simpleUrl().toString(), "alpha")
                .assertSuccess();

        upstream.stop();
        long servedBefore = server.mirror().status().bytesServed();
        Path fresh = python.venv(tmp.resolve("second"));
        python.pipInstall(fresh, server.simpleUrl().toString(), "alpha").assertSuccess();

        MirrorStatus status = server.mirror().status();
        assertThat(status.bytesServed() - servedBefore).isEqualTo(chainBytes());
        assertThat(status.bytesFetched()).as("nothing new came from upstream").isEqualTo(chainBytes());
        assertThat(status.staleServes())
                .as("pages served stale while upstream is down")
                .isGreaterThanOrEqualTo(3);
        assertThat(status.upstreams().get(0).errors()).isGreaterThan(0);
    }

    @Test
    void anOfflineMirrorInstallsFromItsCacheWithoutAnyUpstreamRequest() throws Exception {
        upstream = FakePyPI.start(FakePyPI.PageFormat.HTML);
        publishChain(upstream);
        MirrorServer online = mirrors.start(upstream.simpleUrl());
        python.pipInstall(python.venv(tmp.resolve("first")), online.simpleUrl().toString(), "alpha")
                .assertSuccess();
        online.close();
        upstream.resetCounts();

        MirrorServer offline = mirrors.start(b -> b.offline(true), upstream.simpleUrl());
        python.pipInstall(
                        python.venv(tmp.resolve("second")), offline.simpleUrl().toString(), "alpha")
                .assertSuccess();
        assertThat(upstream.requestCount()).isZero();
        assertThat(offline.mirror().status().bytesServed()).isEqualTo(chainBytes());
    }

    @Test
    void whenTheFirstUpstreamIsDeadTheSecondServes() throws Exception {
        upstream = FakePyPI.start(FakePyPI.PageFormat.JSON);
        publishChain(upstream);
        URI dead = URI.create("http://127.0.0.1:" + DeadPort.reserve() + "/simple/");
        MirrorServer server = mirrors.start(dead, upstream.simpleUrl());

        python.pipInstall(python.venv(tmp.resolve("venv")), server.simpleUrl().toString(), "alpha")
                .assertSuccess();

        MirrorStatus status = server.mirror().status();
        assertThat(status.upstreams().get(0).errors()).isGreaterThan(0);
        assertThat(status.upstreams().get(0).lastError()).contains("refused");
        assertThat(status.upstreams().get(1).errors()).isZero();
        assertEachFileFetchedOnce();
    }

    @Test
    void debiansPipInAVenvInstallsThroughTheMirror() throws Exception {
        upstream = FakePyPI.start(FakePyPI.PageFormat.HTML);
        publishChain(upstream);
        MirrorServer server = mirrors.start(upstream.simpleUrl());
        python.pipInstall(
                        python.debianVenv(tmp.resolve("debian")),
                        server.simpleUrl().toString(),
                        "alpha")
                .assertSuccess();
        assertThat(server.mirror().status().bytesServed()).isEqualTo(chainBytes());
    }

    @Test
    void pipenvInstallsThroughTheMirror() throws Exception {
        upstream = FakePyPI.start(FakePyPI.PageFormat.JSON);
        publishChain(upstream);
        MirrorServer server = mirrors.start(upstream.simpleUrl());
        Path project = Files.createDirectories(tmp.resolve("pipenv-project"));

        python.pipenv(project, server.simpleUrl().toString(), "install", "alpha")
                .assertSuccess();

        assertThat(Files.readString(project.resolve("Pipfile.lock"))).contains("\"gamma\"");
        assertEachFileFetchedOnce();
        assertThat(server.mirror().status().bytesServed()).isGreaterThanOrEqualTo(chainBytes());
    }

    @Test
    void pdmInstallsThroughTheMirror() throws Exception {
        upstream = FakePyPI.start(FakePyPI.PageFormat.JSON);
        publishChain(upstream);
        MirrorServer server = mirrors.start(upstream.simpleUrl());
        Path project = Files.createDirectories(tmp.resolve("pdm-project"));
        Files.writeString(
                project.resolve("pyproject.toml"),
                """
                [project]
                name = "consumer"
                version = "0.1"
                requires-python = ">=3.8"
                dependencies = []
                """);

        python.pdm(project, server.simpleUrl().toString(), "add", "--no-self", "alpha")
                .assertSuccess();

        assertThat(Files.readString(project.resolve("pdm.lock"))).contains("gamma");
        assertEachFileFetchedOnce();
        assertThat(server.mirror().status().bytesServed()).isGreaterThanOrEqualTo(chainBytes());
    }
}
