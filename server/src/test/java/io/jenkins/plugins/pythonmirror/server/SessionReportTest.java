package io.jenkins.plugins.pythonmirror.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.groups.Tuple.tuple;

import io.jenkins.plugins.pythonmirror.access.Caller;
import io.jenkins.plugins.pythonmirror.access.Role;
import io.jenkins.plugins.pythonmirror.report.Obtained;
import io.jenkins.plugins.pythonmirror.report.SessionReport;
import io.jenkins.plugins.pythonmirror.report.Sessions;
import io.jenkins.plugins.pythonmirror.report.Source;
import io.jenkins.plugins.pythonmirror.testkit.BuiltDist;
import io.jenkins.plugins.pythonmirror.testkit.Dists;
import io.jenkins.plugins.pythonmirror.testkit.FakePyPI;
import io.jenkins.plugins.pythonmirror.testkit.PythonTools;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import org.eclipse.jetty.http.HttpHeader;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A session's report is complete with real pip, also when pip's own HTTP cache already holds every file: requests of
 * a session are answered "revalidate every time", so pip asks again (a 304) and the mirror records the file.
 */
class SessionReportTest {

    static final String USER = "build-1";
    static final String SECRET = "s3cret-token";

    @TempDir
    Path tmp;

    private FakePyPI upstream;
    private MirrorServer server;
    private PythonTools python;
    private List<BuiltDist> chain;

    @BeforeEach
    void setUp() throws Exception {
        upstream = FakePyPI.start(FakePyPI.PageFormat.JSON);
        BuiltDist alpha = Dists.wheel("alpha", "1.0").requires("beta>=1.0").build();
        BuiltDist beta = Dists.wheel("beta", "1.0").requires("gamma").build();
        BuiltDist gamma = Dists.wheel("gamma", "1.0").build();
        upstream.addDist("alpha", alpha);
        upstream.addDist("beta", beta);
        upstream.addDist("gamma", gamma);
        chain = List.of(alpha, beta, gamma);
        python = new PythonTools(tmp.resolve("clients"));
        // The host's authentication: these Basic credentials belong to the session "current" names.
        server = MirrorServer.newServer(
                        new MirrorFixture(tmp.resolve("data"))
                                .settings(upstream.simpleUrl())
                                .build(),
                        "127.0.0.1",
                        0,
                        request -> {
                            String expected = "Basic "
                                    + Base64.getEncoder()
                                            .encodeToString((USER + ":" + SECRET).getBytes(StandardCharsets.UTF_8));
                            return expected.equals(request.getHeaders().get(HttpHeader.AUTHORIZATION))
                                    ? new Caller(USER, Role.READER, current)
                                    : Caller.ANONYMOUS;
                        })
                .start();
    }

    private volatile String current;

    @AfterEach
    void tearDown() throws Exception {
        server.close();
        upstream.close();
    }

    private String index() {
        return server.simpleUrl().toString().replace("://", "://" + USER + ":" + SECRET + "@");
    }

    @Test
    void reportListsTheWholeClosureFirstFetchedThenFromTheCacheEvenWithAWarmPipCache() throws Exception {
        Sessions sessions = server.mirror().sessions();
        Path pipCache = tmp.resolve("pip-cache");

        current = "first";
        sessions.begin("first", USER, null);
        python.pipInstallWithCache(python.venv(tmp.resolve("v1")), index(), pipCache, "alpha")
                .assertSuccess();
        assertThat(get("simple/no-such-project/")).isEqualTo(404);
        SessionReport first = sessions.end("first").orElseThrow();

        assertThat(first.files())
                .extracting(Obtained::project, Obtained::version, Obtained::sha256, Obtained::size, Obtained::source)
                .containsExactly(
                        tuple(
                                "alpha",
                                "1.0",
                                chain.get(0).sha256(),
                                (long) chain.get(0).bytes().length,
                                Source.UPSTREAM),
                        tuple(
                                "beta",
                                "1.0",
                                chain.get(1).sha256(),
                                (long) chain.get(1).bytes().length,
                                Source.UPSTREAM),
                        tuple(
                                "gamma",
                                "1.0",
                                chain.get(2).sha256(),
                                (long) chain.get(2).bytes().length,
                                Source.UPSTREAM));
        assertThat(first.missing()).containsExactly("no-such-project");

        // Same pip cache, fresh venv: pip holds every file already and must still be seen taking them.
        current = "second";
        sessions.begin("second", USER, null);
        python.pipInstallWithCache(python.venv(tmp.resolve("v2")), index(), pipCache, "alpha")
                .assertSuccess();
        SessionReport second = sessions.end("second").orElseThrow();

        assertThat(second.files())
                .extracting(Obtained::filename, Obtained::source)
                .containsExactly(
                        tuple(chain.get(0).filename(), Source.CACHE),
                        tuple(chain.get(1).filename(), Source.CACHE),
                        tuple(chain.get(2).filename(), Source.CACHE));
        assertThat(second.missing()).isEmpty();
        for (BuiltDist d : chain) {
            assertThat(upstream.downloadCount(d.filename())).as(d.filename()).isEqualTo(1);
        }
    }

    @Test
    void requestsOfNoSessionKeepTheUsualCachingHeaders() throws Exception {
        HttpResponse<byte[]> page = HttpClient.newHttpClient()
                .send(
                        HttpRequest.newBuilder(server.baseUrl().resolve("simple/alpha/"))
                                .build(),
                        HttpResponse.BodyHandlers.ofByteArray());
        assertThat(page.headers().firstValue("Cache-Control")).hasValue("max-age=600, public");
        current = "s";
        server.mirror().sessions().begin("s", USER, null);
        HttpResponse<byte[]> own = HttpClient.newHttpClient()
                .send(
                        HttpRequest.newBuilder(server.baseUrl().resolve("simple/alpha/"))
                                .header("Authorization", basic())
                                .build(),
                        HttpResponse.BodyHandlers.ofByteArray());
        assertThat(own.headers().firstValue("Cache-Control")).hasValue("private, max-age=0, must-revalidate");
    }

    private int get(String path) throws Exception {
        return HttpClient.newHttpClient()
                .send(
                        HttpRequest.newBuilder(URI.create(server.baseUrl() + path))
                                .header("Authorization", basic())
                                .build(),
                        HttpResponse.BodyHandlers.discarding())
                .statusCode();
    }

    private static String basic() {
        return "Basic " + Base64.getEncoder().encodeToString((USER + ":" + SECRET).getBytes(StandardCharsets.UTF_8));
    }
}
