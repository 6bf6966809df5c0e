package io.jenkins.plugins.pythonmirror.config;

import static org.assertj.core.api.Assertions.assertThat;

import io.jenkins.plugins.pythonmirror.config.SettingsConverter.UpstreamValues;
import io.jenkins.plugins.pythonmirror.config.SettingsConverter.Values;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class SettingsConverterTest {

    static final Path HOME = Path.of("/var/jenkins_home/python-mirror");

    static Values values(List<UpstreamValues> upstreams, String cap, String ttl, String patterns) {
        return new Values("", upstreams, cap, ttl, false, true, patterns, "");
    }

    @Test
    void convertsAFullFormIntoSettings() {
        Values v = new Values(
                "/data/pm",
                List.of(
                        new UpstreamValues(" https://pypi.org/simple ", "", ""),
                        new UpstreamValues("https://nexus.example.com/repository/pypi/simple/", "ci", "pw")),
                "20g",
                "5m",
                true,
                false,
                "acme-*\n# internal\nfoo_?, bar",
                "acme-public");
        MirrorSettings s = SettingsConverter.convert(v, HOME).orElseThrow();
        assertThat(s.dataDir()).isEqualTo(Path.of("/data/pm"));
        assertThat(s.upstreams())
                .containsExactly(
                        new Upstream(URI.create("https://pypi.org/simple/"), null, null),
                        new Upstream(URI.create("https://nexus.example.com/repository/pypi/simple/"), "ci", "pw"));
        assertThat(s.maxCacheBytes()).isEqualTo(20L << 30);
        assertThat(s.pageTtl()).isEqualTo(Duration.ofMinutes(5));
        assertThat(s.offline()).isTrue();
        assertThat(s.anonymousRead()).isFalse();
        assertThat(s.privatePatterns()).containsExactly("acme-*", "foo_?", "bar");
        assertThat(s.allowlist()).containsExactly("acme-public");
    }

    @Test
    void blanksMeanDefaults() {
        MirrorSettings s = SettingsConverter.convert(
                        values(List.of(new UpstreamValues("https://pypi.org/simple/", null, null)), "", " ", null),
                        HOME)
                .orElseThrow();
        assertThat(s.dataDir()).isEqualTo(HOME);
        assertThat(s.maxCacheBytes()).isZero();
        assertThat(s.pageTtl()).isEqualTo(MirrorSettings.DEFAULT_PAGE_TTL);
        assertThat(s.privatePatterns()).isEmpty();
    }

    @Test
    void collectsEveryProblemAsASentence() {
        Values v = new Values(
                "relative/dir",
                List.of(
                        new UpstreamValues("ftp://x/", "", ""),
                        new UpstreamValues("https://u:p@pypi.org/simple/", "", ""),
                        new UpstreamValues("https://ok.example/simple/", "", "orphan-password")),
                "lots",
                "soon",
                false,
                true,
                "acme/*",
                "");
        SettingsConverter.Result r = SettingsConverter.convert(v, HOME);
        assertThat(r.settings()).isEmpty();
        assertThat(r.problems())
                .containsExactly(
                        "The data directory 'relative/dir' must be an absolute path.",
                        "Upstream 'ftp://x/' is not an http(s) URL with a host.",
                        "Upstream 'pypi.org' has credentials in its URL; put them in the user name and password fields instead.",
                        "Upstream 'https://ok.example/simple/' has a password but no user name.",
                        "Invalid size 'lots': use a number with k, m, g or t, such as 20g.",
                        "Invalid duration 'soon': use a number with ms, s, m, h or d, such as 10m.",
                        "The private name pattern 'acme/*' may contain only letters, digits, '.', '_', '-' and the wildcards '*' and '?'.");
    }

    @Test
    void noUpstreamIsAProblemUnlessOffline() {
        assertThat(SettingsConverter.convert(values(List.of(), "", "", ""), HOME)
                        .problems())
                .containsExactly("At least one upstream index URL is needed unless the mirror is offline.");
        Values offline = new Values("", List.of(), "", "", true, true, "", "");
        assertThat(SettingsConverter.convert(offline, HOME).problems()).isEmpty();
    }

    @Test
    void fieldChecks() {
        assertThat(SettingsConverter.checkUpstreamUrl(""))
                .contains("An upstream needs a URL, such as https://pypi.org/simple/.");
        assertThat(SettingsConverter.checkUpstreamUrl("https://pypi.org/simple/"))
                .isEmpty();
        assertThat(SettingsConverter.checkUpstreamUrl("https://exa mple/"))
                .get()
                .asString()
                .contains("is not a valid URL");
        assertThat(SettingsConverter.checkSize("1.5t")).isEmpty();
        assertThat(SettingsConverter.checkPositiveDuration("0")).contains("'0' must be longer than zero.");
        assertThat(SettingsConverter.checkPositiveDuration("24h")).isEmpty();
        assertThat(SettingsConverter.checkDataDir("")).isEmpty();
    }

    @Test
    void syncSpecsAreCheckedWithTheLineAndReason() {
        assertThat(SettingsConverter.checkSyncSpec("")).isEmpty();
        assertThat(SettingsConverter.checkSyncSpec(
                        "requirements: [flask]\nenvironments:\n  - python: \"3.11\"\n    platforms: [linux_x86_64]\n"))
                .isEmpty();
        assertThat(SettingsConverter.checkSyncSpec(
                        "requirements: [flask]\nenvironments:\n  - python: \"3.11\"\n    platforms: [linux_x86_64]\n"
                                + "colour: blue\n"))
                .hasValueSatisfying(m ->
                        assertThat(m).startsWith("Sync specification, line 5:").contains("colour"));
    }
}
