package io.jenkins.plugins.pythonmirror.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class ReportDiffTest {

    static Obtained file(String project, String version, String filename) {
        return new Obtained(project, version, filename, Integer.toHexString(filename.hashCode()), 1, Source.CACHE);
    }

    @Test
    void addedRemovedAndChangedVersionsByProject() {
        List<Obtained> before = List.of(
                file("flask", "3.0.0", "flask-3.0.0-py3-none-any.whl"),
                file("six", "1.16.0", "six-1.16.0-py2.py3-none-any.whl"),
                file("click", "8.1.7", "click-8.1.7-py3-none-any.whl"));
        List<Obtained> after = List.of(
                file("flask", "3.1.3", "flask-3.1.3-py3-none-any.whl"),
                file("click", "8.1.7", "click-8.1.7-py3-none-any.whl"),
                file("blinker", "1.9.0", "blinker-1.9.0-py3-none-any.whl"));

        ReportDiff d = ReportDiff.between(before, after);

        assertThat(d.added()).containsExactly(new ReportDiff.Change("blinker", null, "1.9.0"));
        assertThat(d.removed()).containsExactly(new ReportDiff.Change("six", "1.16.0", null));
        assertThat(d.changed()).containsExactly(new ReportDiff.Change("flask", "3.0.0", "3.1.3"));
        assertThat(d.isEmpty()).isFalse();
    }

    @Test
    void anotherFileOfTheSameVersionIsNoChange() {
        List<Obtained> before = List.of(file("numpy", "2.1.0", "numpy-2.1.0-cp311-cp311-manylinux_2_17_x86_64.whl"));
        List<Obtained> after = List.of(file("numpy", "2.1.0", "numpy-2.1.0.tar.gz"));
        assertThat(ReportDiff.between(before, after).isEmpty()).isTrue();
        assertThat(ReportDiff.between(after, after).isEmpty()).isTrue();
    }

    @Test
    void severalVersionsOfOneProjectAreListedInVersionOrder() {
        List<Obtained> before = List.of(file("attrs", "9.0", "attrs-9.0-py3-none-any.whl"));
        List<Obtained> after = List.of(
                file("attrs", "24.2", "attrs-24.2-py3-none-any.whl"),
                file("attrs", "9.0", "attrs-9.0-py3-none-any.whl"));
        assertThat(ReportDiff.between(before, after).changed())
                .containsExactly(new ReportDiff.Change("attrs", "9.0", "9.0, 24.2"));
    }
}
