package io.jenkins.plugins.pythonmirror.server;

import io.jenkins.plugins.pythonmirror.testkit.BuiltDist;
import io.jenkins.plugins.pythonmirror.testkit.Dists;
import io.jenkins.plugins.pythonmirror.testkit.FakePyPI;
import java.util.Set;

/**
 * The upstream tree of the mirror-sync issue: A depends on B, B on C only on Linux, A[extra] on D, E only for
 * Python &lt; 3.12; several versions each, some yanked, some requiring a newer Python. Some wheels offer PEP 658
 * metadata, others make the sync read the wheel's own METADATA.
 */
final class SyncTree {

    static final String SPEC =
            """
            requirements:
              - a[extra]
            environments:
              - python: "3.11"
                platforms: [manylinux_2_17_x86_64, linux_x86_64]
              - python: "3.12"
                platforms: [win_amd64]
            versions: latest
            prereleases: false
            sdists: true
            """;

    /** Exactly what the spec selects for the two environments. */
    static final Set<String> EXPECTED = Set.of(
            "a-2.0-py3-none-any.whl",
            "a-2.0.tar.gz",
            "b-2.0-cp311-cp311-manylinux_2_17_x86_64.whl",
            "b-2.0-cp312-cp312-win_amd64.whl",
            "b-2.0.tar.gz",
            "c-1.0-py3-none-any.whl",
            "d-1.0-py3-none-any.whl",
            "e-1.0-py3-none-any.whl");

    private SyncTree() {}

    static void publish(FakePyPI pypi) {
        // A: 1.0 and 2.0 fine, 2.1 yanked, 3.0 needs Python 3.13.
        for (String v : new String[] {"1.0", "2.0", "2.1", "3.0"}) {
            BuiltDist a = Dists.wheel("a", v)
                    .requires("b>=1.0", "e; python_version < \"3.12\"")
                    .extra("extra", "d")
                    .build();
            var handle = pypi.addDist("a", a);
            if (v.equals("2.1")) {
                handle.yanked("broken");
            }
            if (v.equals("3.0")) {
                handle.requiresPython(">=3.13");
            }
        }
        pypi.addDist("a", Dists.sdist("a", "2.0").requires("b>=1.0").build());
        pypi.addDist("a", Dists.sdist("a", "1.0").requires("b>=1.0").build());
        // B: platform wheels for 2.0 (no PEP 658 metadata: the sync reads the wheel), a pure 1.0.
        wheelOnly(pypi, "b", Dists.wheel("b", "1.0").build());
        for (String tag : new String[] {
            "cp311-cp311-manylinux_2_17_x86_64", "cp312-cp312-win_amd64", "cp312-cp312-macosx_11_0_arm64"
        }) {
            wheelOnly(
                    pypi,
                    "b",
                    Dists.wheel("b", "2.0")
                            .requires("c; sys_platform == \"linux\"")
                            .tag(tag)
                            .build());
        }
        pypi.addDist(
                "b",
                Dists.sdist("b", "2.0").requires("c; sys_platform == \"linux\"").build());
        // C: 1.1 is yanked, so 1.0 is the latest.
        pypi.addDist("c", Dists.wheel("c", "0.9").build());
        pypi.addDist("c", Dists.wheel("c", "1.0").build());
        pypi.addDist("c", Dists.wheel("c", "1.1").build()).yanked("");
        // D: a pre-release newer than the latest release.
        wheelOnly(pypi, "d", Dists.wheel("d", "0.5").build());
        wheelOnly(pypi, "d", Dists.wheel("d", "1.0").build());
        wheelOnly(pypi, "d", Dists.wheel("d", "1.1rc1").build());
        // E: 2.0 needs a newer Python than any target.
        wheelOnly(pypi, "e", Dists.wheel("e", "1.0").build());
        wheelOnly(pypi, "e", Dists.wheel("e", "2.0").requiresPython(">=3.13").build())
                .requiresPython(">=3.13");
    }

    /** A wheel whose page entry offers no PEP 658 metadata. */
    static io.jenkins.plugins.pythonmirror.testkit.FileHandle wheelOnly(FakePyPI pypi, String project, BuiltDist d) {
        return pypi.addFile(project, d.filename(), d.bytes());
    }
}
