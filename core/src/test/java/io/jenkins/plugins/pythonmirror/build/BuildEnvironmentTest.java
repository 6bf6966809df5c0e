package io.jenkins.plugins.pythonmirror.build;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

class BuildEnvironmentTest {

    static final String SECRET = "s3cr3t-TOKEN_value-0123456789abcd";
    static final BuildToken READ = new BuildToken("build-7", SECRET, "job#7", false, Instant.EPOCH);
    static final BuildToken PUBLISH = new BuildToken("build-7", SECRET, "job#7", true, Instant.EPOCH);
    static final URI HTTP = URI.create("http://ci.example.com:8080/jenkins/python-mirror/");
    static final URI HTTPS = URI.create("https://ci.example.com/python-mirror/");

    @Test
    void defaultOptionsPointEveryInstallerAtTheIndexWithTheTokenInTheUrl() {
        BuildEnvironment env = BuildEnvironment.compute(HTTP, READ, new BuildEnvironment.Options(false, false));
        String simple = "http://build-7:" + SECRET + "@ci.example.com:8080/jenkins/python-mirror/simple/";
        assertThat(env.secretValues())
                .containsExactlyInAnyOrderEntriesOf(Map.of(
                        "PIP_INDEX_URL", simple,
                        "UV_DEFAULT_INDEX", simple,
                        "UV_INDEX_URL", simple,
                        "PIPENV_PYPI_MIRROR", simple,
                        "PDM_PYPI_URL", simple));
        assertThat(env.publicValues())
                .containsExactlyInAnyOrderEntriesOf(
                        Map.of("PYTHON_MIRROR_URL", HTTP.toString(), "PIP_TRUSTED_HOST", "ci.example.com:8080"));
    }

    @Test
    void httpsNeedsNoTrustedHostAndDefaultPortIsLeftOut() {
        BuildEnvironment env = BuildEnvironment.compute(HTTPS, READ, new BuildEnvironment.Options(false, false));
        assertThat(env.publicValues()).doesNotContainKey("PIP_TRUSTED_HOST");
        assertThat(env.secretValues().get("PIP_INDEX_URL"))
                .isEqualTo("https://build-7:" + SECRET + "@ci.example.com/python-mirror/simple/");
        BuildEnvironment plain = BuildEnvironment.compute(
                URI.create("http://ci/python-mirror/"), READ, new BuildEnvironment.Options(false, false));
        assertThat(plain.publicValues()).containsEntry("PIP_TRUSTED_HOST", "ci");
    }

    @Test
    void findLinksAddsTheLinksPage() {
        BuildEnvironment env = BuildEnvironment.compute(HTTPS, READ, new BuildEnvironment.Options(true, false));
        String links = "https://build-7:" + SECRET + "@ci.example.com/python-mirror/links/";
        assertThat(env.secretValues()).containsEntry("PIP_FIND_LINKS", links).containsEntry("UV_FIND_LINKS", links);
        assertThat(env.all()).doesNotContainKeys("TWINE_PASSWORD", "TWINE_REPOSITORY_URL");
    }

    @Test
    void publishAddsEveryUploaderWithTheTokenAsPassword() {
        BuildEnvironment env = BuildEnvironment.compute(HTTPS, PUBLISH, new BuildEnvironment.Options(false, true));
        String upload = "https://ci.example.com/python-mirror/upload/";
        assertThat(env.publicValues())
                .containsEntry("TWINE_REPOSITORY_URL", upload)
                .containsEntry("TWINE_USERNAME", "build-7")
                .containsEntry("UV_PUBLISH_URL", upload)
                .containsEntry("UV_PUBLISH_USERNAME", "build-7")
                .containsEntry("PDM_PUBLISH_REPO", upload)
                .containsEntry("PDM_PUBLISH_USERNAME", "build-7")
                .containsEntry("POETRY_REPOSITORIES_PYTHON_MIRROR_URL", upload)
                .containsEntry("POETRY_HTTP_BASIC_PYTHON_MIRROR_USERNAME", "build-7");
        assertThat(env.secretValues())
                .containsEntry("TWINE_PASSWORD", SECRET)
                .containsEntry("UV_PUBLISH_PASSWORD", SECRET)
                .containsEntry("PDM_PUBLISH_PASSWORD", SECRET)
                .containsEntry("POETRY_HTTP_BASIC_PYTHON_MIRROR_PASSWORD", SECRET);
        assertThat(env.secretValues()).doesNotContainKey("PIP_FIND_LINKS");
    }

    @Test
    void bothOptionsTogether() {
        BuildEnvironment env = BuildEnvironment.compute(HTTPS, PUBLISH, new BuildEnvironment.Options(true, true));
        assertThat(env.all()).containsKeys("PIP_FIND_LINKS", "UV_FIND_LINKS", "TWINE_PASSWORD", "PIP_INDEX_URL");
        assertThat(env.all()).hasSize(7 + 2 + 12 - 1); // no PIP_TRUSTED_HOST on https
    }

    @Test
    void noPublicValueContainsTheToken() {
        for (boolean links : new boolean[] {false, true}) {
            for (boolean publish : new boolean[] {false, true}) {
                BuildEnvironment env =
                        BuildEnvironment.compute(HTTP, PUBLISH, new BuildEnvironment.Options(links, publish));
                assertThat(env.publicValues().values()).noneMatch(v -> v.contains(SECRET));
                assertThat(env.secretValues().values()).allMatch(v -> v.contains(SECRET));
            }
        }
    }

    @Test
    void publishingNeedsAPublishingToken() {
        assertThatThrownBy(() -> BuildEnvironment.compute(HTTPS, READ, new BuildEnvironment.Options(false, true)))
                .hasMessageContaining("may publish");
    }

    @Test
    void mirrorBaseFollowsTheJenkinsUrl() {
        assertThat(BuildEnvironment.mirrorBase("https://ci.example.com/jenkins/"))
                .isEqualTo(URI.create("https://ci.example.com/jenkins/python-mirror/"));
        assertThat(BuildEnvironment.mirrorBase("https://ci.example.com"))
                .isEqualTo(URI.create("https://ci.example.com/python-mirror/"));
        assertThatThrownBy(() -> BuildEnvironment.mirrorBase(null))
                .hasMessageContaining("Jenkins URL is not configured");
        assertThatThrownBy(() -> BuildEnvironment.mirrorBase("ftp://x/")).hasMessageContaining("not an http(s) URL");
        assertThatThrownBy(() -> BuildEnvironment.mirrorBase("https://u:p@x/")).hasMessageContaining("credentials");
    }
}
