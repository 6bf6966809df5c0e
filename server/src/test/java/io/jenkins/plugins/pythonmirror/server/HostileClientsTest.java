package io.jenkins.plugins.pythonmirror.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.jenkins.plugins.pythonmirror.testkit.BuiltDist;
import io.jenkins.plugins.pythonmirror.testkit.Dists;
import io.jenkins.plugins.pythonmirror.testkit.FakePyPI;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Clients that send what a well-behaved one would not, over real sockets against the real mirror. */
class HostileClientsTest {

    @TempDir
    Path tmp;

    private MirrorFixture mirrors;
    private FakePyPI upstream;

    @BeforeEach
    void setUp() {
        upstream = FakePyPI.start(FakePyPI.PageFormat.JSON);
        mirrors = new MirrorFixture(tmp.resolve("data"));
    }

    @AfterEach
    void tearDown() throws Exception {
        mirrors.close();
        upstream.close();
    }

    @Test
    void aRangeEndingPastLongMaxValueIsTheWholeFileAs206() throws Exception {
        BuiltDist wheel = Dists.wheel("ranged", "1.0").payloadBytes(50_000).build();
        upstream.addDist("ranged", wheel);
        MirrorServer server = mirrors.start(upstream.simpleUrl());
        mirrors.get(server.simpleUrl().resolve("ranged/"));
        URI file = server.baseUrl().resolve("files/" + wheel.sha256() + "/" + wheel.filename());
        assertThat(mirrors.get(file).statusCode()).isEqualTo(200);

        // RFC 9110 §14.1.2: a last-pos at or past the length means "to the end", whatever its size.
        HttpResponse<byte[]> r = mirrors.get(file, "Range", "bytes=0-99999999999999999999");
        assertThat(r.statusCode()).isEqualTo(206);
        int n = wheel.bytes().length;
        assertThat(r.headers().firstValue("Content-Range")).hasValue("bytes 0-" + (n - 1) + "/" + n);
        assertThat(r.body()).isEqualTo(wheel.bytes());

        HttpResponse<byte[]> beyond = mirrors.get(file, "Range", "bytes=99999999999999999999-");
        assertThat(beyond.statusCode()).isEqualTo(416);
        assertThat(beyond.headers().firstValue("Content-Range")).hasValue("bytes */" + n);
    }
}
