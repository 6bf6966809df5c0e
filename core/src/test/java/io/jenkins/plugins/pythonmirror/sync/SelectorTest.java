package io.jenkins.plugins.pythonmirror.sync;

import static org.assertj.core.api.Assertions.assertThat;

import io.jenkins.plugins.pythonmirror.pep.ProjectName;
import io.jenkins.plugins.pythonmirror.pep.SpecifierSet;
import io.jenkins.plugins.pythonmirror.pep.TargetEnvironment;
import io.jenkins.plugins.pythonmirror.simple.FileEntry;
import io.jenkins.plugins.pythonmirror.simple.ProjectPage;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SelectorTest {

    static final TargetEnvironment LINUX_311 =
            TargetEnvironment.of("3.11", List.of("manylinux_2_17_x86_64", "linux_x86_64"));
    static final TargetEnvironment WIN_312 = TargetEnvironment.of("3.12", List.of("win_amd64"));

    static FileEntry file(String filename) {
        return FileEntry.of(
                filename,
                "https://files.example/" + filename,
                Map.of("sha256", String.format("%064x", filename.hashCode() & 0xffffffffL)));
    }

    static final ProjectPage NUMPYISH = ProjectPage.of(
            "np",
            List.of(
                    file("np-1.0-py3-none-any.whl"),
                    file("np-1.0.tar.gz"),
                    file("np-2.0-cp311-cp311-manylinux_2_17_x86_64.whl"),
                    file("np-2.0-cp312-cp312-win_amd64.whl"),
                    file("np-2.0-cp38-abi3-win_amd64.whl"),
                    file("np-2.0-cp311-cp311-macosx_11_0_arm64.whl"),
                    file("np-2.0.tar.gz"),
                    file("np-2.1-cp311-cp311-manylinux_2_17_x86_64.whl").toBuilder()
                            .yanked(true, "bad build")
                            .build(),
                    file("np-2.2-cp313-cp313-manylinux_2_17_x86_64.whl").toBuilder()
                            .requiresPython(">=3.13")
                            .build(),
                    file("np-3.0b1-py3-none-any.whl")));

    private static List<String> names(Selector.Selection s) {
        List<String> out = new ArrayList<>();
        s.chosen().forEach(c -> c.files().forEach(f -> out.add(f.filename())));
        return out;
    }

    private static Selector.Selection select(
            String spec, TargetEnvironment env, VersionPolicy policy, boolean pre, boolean sdists) {
        return Selector.select(ProjectName.parse("np"), NUMPYISH, SpecifierSet.parse(spec), env, policy, pre, sdists);
    }

    @Test
    void latestKeepsTheCompatibleWheelsAndTheSdistOfTheNewestUsableVersion() {
        assertThat(names(select("", LINUX_311, VersionPolicy.LATEST, false, true)))
                .containsExactly("np-2.0-cp311-cp311-manylinux_2_17_x86_64.whl", "np-2.0.tar.gz");
        assertThat(names(select("", WIN_312, VersionPolicy.LATEST, false, false)))
                .containsExactlyInAnyOrder("np-2.0-cp312-cp312-win_amd64.whl", "np-2.0-cp38-abi3-win_amd64.whl");
    }

    @Test
    void newerVersionsPassedOverAreReportedWithTheReason() {
        Selector.Selection s = select("", LINUX_311, VersionPolicy.LATEST, false, true);
        assertThat(s.passed())
                .extracting(p -> p.version() + ": " + p.reason())
                .containsExactly("2.2: requires-python >=3.13 excludes Python 3.11", "2.1: yanked (bad build)");
    }

    @Test
    void aPinWithDoubleEqualsSelectsAYankedFile() {
        // PEP 592: yanked files are ignored unless the requirement pins them with == (no wildcard) or ===.
        assertThat(names(select("==2.1", LINUX_311, VersionPolicy.LATEST, false, true)))
                .containsExactly("np-2.1-cp311-cp311-manylinux_2_17_x86_64.whl");
        assertThat(names(select("==2.1.*", LINUX_311, VersionPolicy.LATEST, false, true)))
                .isEmpty();
    }

    @Test
    void prereleasesOnlyWhenAllowedOrNamed() {
        assertThat(names(select("", LINUX_311, VersionPolicy.LATEST, true, true)))
                .containsExactly("np-3.0b1-py3-none-any.whl");
        assertThat(names(select(">=3.0b1", LINUX_311, VersionPolicy.LATEST, false, true)))
                .containsExactly("np-3.0b1-py3-none-any.whl");
        // PEP 440: when only a pre-release matches, it is accepted.
        assertThat(names(select(">2.5", LINUX_311, VersionPolicy.LATEST, false, true)))
                .containsExactly("np-3.0b1-py3-none-any.whl");
    }

    @Test
    void newestNAndAllCountVersionsThatHaveAFileForTheEnvironment() {
        assertThat(names(select("", LINUX_311, new VersionPolicy(2), false, false)))
                .containsExactly("np-2.0-cp311-cp311-manylinux_2_17_x86_64.whl", "np-1.0-py3-none-any.whl");
        assertThat(names(select("<2", LINUX_311, VersionPolicy.ALL, false, true)))
                .containsExactly("np-1.0-py3-none-any.whl", "np-1.0.tar.gz");
    }

    @Test
    void theSdistIsKeptWhenNoWheelFitsEvenWithSdistsOff() {
        TargetEnvironment musl = TargetEnvironment.of("3.11", List.of("musllinux_1_1_x86_64"));
        assertThat(names(select("", musl, VersionPolicy.LATEST, false, false))).containsExactly("np-2.0.tar.gz");
    }

    static final ProjectPage SPELLINGS = ProjectPage.of(
            "legacy",
            List.of(
                    file("legacy-1.01.tar.gz"),
                    file("legacy-1.1-py3-none-any.whl"),
                    file("legacy-1.1.zip"),
                    file("legacy-foobar.tar.gz"),
                    file("legacy-2.0-py2.7.egg"),
                    file("legacy-2.0.win32.exe")));

    /** PEP 440 "Arbitrary equality": === is applied to each file's version as its filename writes it. */
    @ParameterizedTest(name = "{0} selects {1}")
    @CsvSource(
            delimiter = '|',
            value = {
                "===1.01   | legacy-1.01.tar.gz",
                "===1.1    | legacy-1.1-py3-none-any.whl legacy-1.1.zip",
                "==1.1     | legacy-1.1-py3-none-any.whl legacy-1.01.tar.gz legacy-1.1.zip",
                "===foobar | legacy-foobar.tar.gz",
                "===FOOBAR | legacy-foobar.tar.gz",
                "===2.0    | ''",
                "''        | legacy-1.1-py3-none-any.whl legacy-1.01.tar.gz legacy-1.1.zip",
            })
    void arbitraryEqualityComparesFileVersionsAsWritten(String spec, String expected) {
        Selector.Selection s = Selector.select(
                ProjectName.parse("legacy"),
                SPELLINGS,
                SpecifierSet.parse(spec),
                LINUX_311,
                VersionPolicy.LATEST,
                false,
                true);
        assertThat(names(s)).containsExactlyInAnyOrder(expected.isEmpty() ? new String[0] : expected.split(" "));
    }

    @Test
    void filesTheReleasePolicyWithholdsAreNeverSelectedAndTheSkipSaysWhy() {
        // np 2.0's files are held back, and so is the manylinux wheel of 1.0; its sdist is not.
        java.util.function.Function<FileEntry, String> withheld =
                f -> f.filename().startsWith("np-2.0") || f.filename().equals("np-1.0-py3-none-any.whl")
                        ? "held back by the mirror's minimum release age (7d) until 2026-12-12T10:00:00Z"
                        : null;
        Selector.Selection s = Selector.select(
                ProjectName.parse("np"),
                NUMPYISH,
                SpecifierSet.parse("<2.1"),
                LINUX_311,
                VersionPolicy.LATEST,
                false,
                true,
                withheld);

        assertThat(names(s)).containsExactly("np-1.0.tar.gz");
        assertThat(s.passed())
                .extracting(p -> p.version() + " " + p.policy() + ": " + p.reason())
                .containsExactly(
                        "2.0 true: np-2.0-cp311-cp311-manylinux_2_17_x86_64.whl held back by the mirror's minimum"
                                + " release age (7d) until 2026-12-12T10:00:00Z",
                        "1.0 true: np-1.0-py3-none-any.whl held back by the mirror's minimum release age (7d) until"
                                + " 2026-12-12T10:00:00Z");
    }
}
