package io.jenkins.plugins.pythonmirror.server;

import io.jenkins.plugins.pythonmirror.testkit.BuiltDist;
import io.jenkins.plugins.pythonmirror.testkit.Dists;
import io.jenkins.plugins.pythonmirror.testkit.FakePyPI;
import java.util.List;

/**
 * A generated {@code flask} with the dependency closure of flask 3.1 (werkzeug, jinja2, markupsafe, itsdangerous,
 * click, blinker), as real installable wheels: {@code pip install flask} takes all seven.
 */
final class FlaskClosure {

    static final BuiltDist FLASK = Dists.wheel("flask", "3.1.0")
            .requires("Werkzeug>=3.1", "Jinja2>=3.1.2", "itsdangerous>=2.2", "click>=8.1.3", "blinker>=1.9")
            .build();
    static final BuiltDist WERKZEUG =
            Dists.wheel("werkzeug", "3.1.3").requires("MarkupSafe>=2.1.1").build();
    static final BuiltDist JINJA2 =
            Dists.wheel("jinja2", "3.1.4").requires("MarkupSafe>=2.0").build();
    static final BuiltDist MARKUPSAFE = Dists.wheel("markupsafe", "3.0.2").build();
    static final BuiltDist ITSDANGEROUS = Dists.wheel("itsdangerous", "2.2.0").build();
    static final BuiltDist CLICK = Dists.wheel("click", "8.1.7").build();
    static final BuiltDist BLINKER = Dists.wheel("blinker", "1.9.0").build();

    /** The closure sorted by project name, as a report lists it. */
    static final List<BuiltDist> ALL = List.of(BLINKER, CLICK, FLASK, ITSDANGEROUS, JINJA2, MARKUPSAFE, WERKZEUG);

    private FlaskClosure() {}

    /** Publishes the closure on {@code upstream}. */
    static void addTo(FakePyPI upstream) {
        for (BuiltDist d : ALL) {
            upstream.addDist(project(d), d);
        }
    }

    /** The normalized project name of a generated wheel. */
    static String project(BuiltDist d) {
        return d.filename().substring(0, d.filename().indexOf('-')).replace('_', '-');
    }

    /** The version in a generated wheel's filename. */
    static String version(BuiltDist d) {
        return d.filename().split("-")[1];
    }
}
