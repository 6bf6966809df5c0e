package io.jenkins.plugins.pythonmirror.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.jenkins.plugins.pythonmirror.Mirror;
import io.jenkins.plugins.pythonmirror.sync.SyncProgress;
import io.jenkins.plugins.pythonmirror.sync.SyncReport;
import io.jenkins.plugins.pythonmirror.sync.SyncSpec;
import io.jenkins.plugins.pythonmirror.testkit.Dists;
import io.jenkins.plugins.pythonmirror.testkit.FakePyPI;
import io.jenkins.plugins.pythonmirror.testkit.PythonTools;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Mirror sync for interpreters and platforms beyond CPython on Linux (PEP 425 tags as packaging generates them):
 * a PyPy 3.10 target pulls PyPy binary wheels, a free-threaded 3.13 target (PEP 703) its {@code cp313t} wheels, a
 * macOS 12.3 target the {@code 12_0}/{@code 11_0}/10.x wheels and not {@code macosx_12_3}. Generated wheels on a
 * fake upstream; a real pip, told the same target, downloads what was synced from the offline mirror.
 */
class SyncTargetsTest {

    static final String SPEC =
            """
            requirements: [fast]
            environments:
              - python: "3.10"
                implementation: pp
                platforms: [manylinux_2_17_x86_64]
              - python: "3.11"
                platforms: [macosx_12_3_x86_64]
              - python: "3.13"
                abi: cp313t
                platforms: [manylinux_2_17_x86_64]
            sdists: false
            """;

    /** Exactly what the spec selects. */
    static final Set<String> EXPECTED = Set.of(
            "fast-2.0-pp310-pypy310_pp73-manylinux_2_17_x86_64.whl",
            "helper-1.0-py3-none-any.whl", // needed on PyPy only (marker)
            "fast-2.0-cp311-cp311-macosx_12_0_x86_64.whl",
            "fast-2.0-cp311-cp311-macosx_10_9_x86_64.whl",
            "fast-2.0-cp313-cp313t-manylinux_2_17_x86_64.whl");

    @TempDir
    Path tmp;

    private MirrorFixture mirrors;
    private FakePyPI upstream;

    @BeforeEach
    void setUp() {
        mirrors = new MirrorFixture(tmp.resolve("data"));
        upstream = FakePyPI.start(FakePyPI.PageFormat.JSON);
        for (String tag : List.of(
                "pp310-pypy310_pp73-manylinux_2_17_x86_64",
                "pp39-pypy39_pp73-manylinux_2_17_x86_64",
                "cp310-cp310-manylinux_2_17_x86_64",
                "cp311-cp311-macosx_12_3_x86_64",
                "cp311-cp311-macosx_13_0_x86_64",
                "cp311-cp311-macosx_12_0_x86_64",
                "cp311-cp311-macosx_10_9_x86_64",
                "cp313-cp313-manylinux_2_17_x86_64",
                "cp313-cp313t-manylinux_2_17_x86_64",
                "cp38-abi3-manylinux_2_17_x86_64")) {
            upstream.addDist(
                    "fast",
                    Dists.wheel("fast", "2.0")
                            .tag(tag)
                            .requires("helper; platform_python_implementation == \"PyPy\"")
                            .build());
        }
        upstream.addDist("fast", Dists.sdist("fast", "2.0").build());
        upstream.addDist("helper", Dists.wheel("helper", "1.0").build());
    }

    @AfterEach
    void tearDown() throws Exception {
        mirrors.close();
        upstream.close();
    }

    private Set<String> cachedFiles() throws IOException {
        try (Stream<Path> walk = Files.walk(tmp.resolve("data/files"))) {
            return walk.filter(Files::isRegularFile)
                    .map(p -> p.getFileName().toString())
                    .filter(n -> !n.endsWith(".metadata"))
                    .collect(Collectors.toSet());
        }
    }

    @Test
    void eachTargetKeepsTheWheelsItsInstallerWouldPick() throws Exception {
        try (Mirror mirror = Mirror.open(mirrors.settings(upstream.simpleUrl()).build())) {
            SyncReport report = mirror.sync(SyncSpec.parse(SPEC), SyncProgress.NONE);
            assertThat(report.errors()).isEmpty();
        }
        assertThat(cachedFiles()).isEqualTo(EXPECTED);
        assertThat(upstream.downloadCount("fast-2.0-cp311-cp311-macosx_12_3_x86_64.whl"))
                .as("macOS 11+: only X_0 versions")
                .isZero();
        assertThat(upstream.downloadCount("fast-2.0-cp38-abi3-manylinux_2_17_x86_64.whl"))
                .as("free-threaded CPython loads no abi3 wheel")
                .isZero();

        // Real pip, told each target, takes exactly the synced wheel from the offline mirror.
        upstream.stop();
        MirrorServer offline = mirrors.start(b -> b.offline(true).upstreams(List.of()));
        String index = offline.simpleUrl().toString();
        PythonTools python = new PythonTools(tmp.resolve("clients"));
        Path venv = python.venv(tmp.resolve("venv"));
        assertThat(pipDownload(
                        python,
                        venv,
                        index,
                        "pypy",
                        "--platform",
                        "manylinux_2_17_x86_64",
                        "--python-version",
                        "3.10",
                        "--implementation",
                        "pp",
                        "--abi",
                        "pypy310_pp73"))
                // pip evaluates markers for its own interpreter, not the target, so it may skip helper
                .contains("fast-2.0-pp310-pypy310_pp73-manylinux_2_17_x86_64.whl")
                .isSubsetOf(EXPECTED);
        assertThat(pipDownload(
                        python, venv, index, "mac", "--platform", "macosx_12_3_x86_64", "--python-version", "3.11"))
                .containsExactly("fast-2.0-cp311-cp311-macosx_12_0_x86_64.whl");
        assertThat(offline.mirror().status().bytesServed()).isPositive();
    }

    private Set<String> pipDownload(PythonTools python, Path venv, String index, String dir, String... target)
            throws IOException {
        Path dest = tmp.resolve("download-" + dir);
        String[] args = Stream.concat(
                        Stream.of("--only-binary=:all:"), Stream.concat(Stream.of(target), Stream.of("fast")))
                .toArray(String[]::new);
        python.pipDownload(venv, index, dest, args).assertSuccess();
        try (Stream<Path> files = Files.list(dest)) {
            return files.map(p -> p.getFileName().toString()).collect(Collectors.toSet());
        }
    }
}
