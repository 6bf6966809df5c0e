package io.jenkins.plugins.pythonmirror.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import org.junit.jupiter.api.Test;

class UpstreamTest {

    @Test
    void credentialsInTheUrlMoveOutOfItSoNothingShowsThem() {
        Upstream u = Upstream.of("https://ci:s%40cret@nexus.example.com/repository/pypi/simple");
        assertThat(u.url()).isEqualTo(URI.create("https://nexus.example.com/repository/pypi/simple/"));
        assertThat(u.username()).isEqualTo("ci");
        assertThat(u.password()).isEqualTo("s@cret");
        assertThat(u.displayName()).doesNotContain("cret").doesNotContain("ci@");
        assertThat(u.toString()).doesNotContain("cret");
    }

    @Test
    void explicitCredentialsWinAndPortsSurvive() {
        Upstream u = new Upstream(URI.create("http://x:y@127.0.0.1:8081/simple/"), "admin", "pw");
        assertThat(u.url()).isEqualTo(URI.create("http://127.0.0.1:8081/simple/"));
        assertThat(u.username()).isEqualTo("admin");
        assertThat(u.password()).isEqualTo("pw");
    }

    @Test
    void aPlainUrlGetsItsTrailingSlash() {
        Upstream u = Upstream.of("https://pypi.org/simple");
        assertThat(u.url()).isEqualTo(URI.create("https://pypi.org/simple/"));
        assertThat(u.username()).isNull();
    }
}
