package io.jenkins.plugins.pythonmirror;

import static org.assertj.core.api.Assertions.assertThat;

import com.thoughtworks.xstream.XStream;
import io.jenkins.plugins.pythonmirror.report.Obtained;
import io.jenkins.plugins.pythonmirror.report.ReportDiff;
import io.jenkins.plugins.pythonmirror.report.SessionReport;
import io.jenkins.plugins.pythonmirror.report.Source;
import io.jenkins.plugins.pythonmirror.store.FileKey;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The build action's data: sections per block, the union, changes, and a build.xml round trip. */
class PythonDependenciesActionTest {

    static final Obtained FLASK =
            new Obtained("flask", "3.1.3", "flask-3.1.3-py3-none-any.whl", "f".repeat(64), 103_424, Source.UPSTREAM);
    static final Obtained SIX =
            new Obtained("six", "1.17.0", "six-1.17.0-py2.py3-none-any.whl", "6".repeat(64), 11_000, Source.CACHE);
    static final Obtained ACME =
            new Obtained("acme-lib", "1.0", "acme_lib-1.0.tar.gz", "a".repeat(64), 2_000, Source.PRIVATE);

    static SessionReport report(String label, List<Obtained> files, List<String> missing) {
        return new SessionReport(
                "s-" + label,
                "build-1",
                label,
                Instant.parse("2026-12-05T10:00:00Z"),
                Instant.parse("2026-12-05T10:01:00Z"),
                files,
                missing,
                false);
    }

    @Test
    void sectionsPerBlockAndTheBuildAsAWhole() {
        PythonDependenciesAction action = new PythonDependenciesAction();
        action.add(report("Deps", List.of(FLASK, SIX), List.of("no-such")));
        action.add(report(null, List.of(SIX, ACME), List.of()));

        assertThat(action.getSections())
                .extracting(PythonDependenciesAction.Section::getLabel)
                .containsExactly("Deps", null);
        assertThat(action.getSections().get(0).getMissing()).containsExactly("no-such");
        assertThat(action.obtained()).extracting(Obtained::project).containsExactly("flask", "six", "acme-lib");
        assertThat(action.getSummary()).isEqualTo("3 files, 1 from cache, 1 fetched (0.1 MB), 1 private");
        assertThat(action.fileKeys())
                .containsExactlyInAnyOrder(
                        new FileKey(FLASK.sha256(), FLASK.filename()),
                        new FileKey(SIX.sha256(), SIX.filename()),
                        new FileKey(ACME.sha256(), ACME.filename()));
        PythonDependenciesAction.Dependency d =
                action.getSections().get(0).getFiles().get(0);
        assertThat(d.getShortSha256()).isEqualTo("ffffffffffff");
        assertThat(d.getSource()).isEqualTo("upstream");
    }

    @Test
    void changesAreListedByKind() {
        PythonDependenciesAction action = new PythonDependenciesAction();
        action.add(report("Deps", List.of(FLASK, SIX), List.of()));
        action.compare(
                41,
                ReportDiff.between(
                        List.of(new Obtained(
                                "flask", "3.0.0", "flask-3.0.0-py3-none-any.whl", "0".repeat(64), 1, Source.CACHE)),
                        action.obtained()));
        assertThat(action.getComparedWith()).isEqualTo(41);
        assertThat(action.getChanges())
                .extracting(
                        PythonDependenciesAction.Change::getKind,
                        PythonDependenciesAction.Change::getProject,
                        PythonDependenciesAction.Change::getBefore,
                        PythonDependenciesAction.Change::getAfter)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple("added", "six", null, "1.17.0"),
                        org.assertj.core.groups.Tuple.tuple("changed", "flask", "3.0.0", "3.1.3"));
        assertThat(action.getChangeCount()).isEqualTo(2);
    }

    @Test
    void survivesAnXStreamRoundTripAsJenkinsPersistsBuilds() {
        PythonDependenciesAction action = new PythonDependenciesAction();
        action.add(report("Deps", List.of(FLASK, ACME), List.of("no-such")));
        action.compare(7, ReportDiff.between(List.of(), action.obtained()));
        XStream xstream = new XStream();
        xstream.allowTypesByWildcard(new String[] {"io.jenkins.plugins.pythonmirror.**"});

        String xml = xstream.toXML(action);
        PythonDependenciesAction back = (PythonDependenciesAction) xstream.fromXML(xml);

        assertThat(xml).doesNotContain("transient").contains("<sha256>" + FLASK.sha256() + "</sha256>");
        assertThat(back.obtained()).isEqualTo(action.obtained());
        assertThat(back.getSections().get(0).getMissing()).containsExactly("no-such");
        assertThat(back.getComparedWith()).isEqualTo(7);
        assertThat(back.getChanges()).hasSize(2);
        assertThat(back.getRun()).isNull();
    }
}
