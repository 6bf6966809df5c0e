package io.jenkins.plugins.pythonmirror.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.jenkins.plugins.pythonmirror.testkit.BuiltDist;
import io.jenkins.plugins.pythonmirror.testkit.Dists;
import io.jenkins.plugins.pythonmirror.testkit.FakePyPI;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Every role against every operation, over real HTTP with Basic auth against the users file. */
class AccessMatrixTest {

    @TempDir
    static Path tmp;

    static MirrorFixture mirrors;
    static FakePyPI upstream;
    static MirrorServer server;

    static final BuiltDist WHEEL = Dists.wheel("acme-lib", "1.0").build();
    static final BuiltDist DISPOSABLE = Dists.wheel("acme-lib", "0.1").build();

    enum Who {
        ANONYMOUS(null, null),
        READER("rita", "rita-pw"),
        UPLOADER("ulla", "ulla-pw"),
        ADMIN("adam", "adam-pw"),
        WRONG_PASSWORD("rita", "not-her-password");

        final String user;
        final String password;

        Who(String user, String password) {
            this.user = user;
            this.password = password;
        }
    }

    @BeforeAll
    static void start() throws Exception {
        upstream = FakePyPI.start(FakePyPI.PageFormat.JSON);
        upstream.addDist("widget", Dists.wheel("widget", "1.0").build());
        mirrors = new MirrorFixture(tmp.resolve("data"));
        server = mirrors.startWithUsers(PrivateProjects.users(tmp.resolve("data")), b -> b, upstream.simpleUrl());
        assertThat(upload(WHEEL, Who.UPLOADER).statusCode()).isEqualTo(200);
    }

    @AfterAll
    static void stop() throws Exception {
        mirrors.close();
        upstream.close();
    }

    @BeforeEach
    void disposableFileExists() throws Exception {
        assertThat(upload(DISPOSABLE, Who.ADMIN).statusCode()).isEqualTo(200);
    }

    static HttpResponse<String> upload(BuiltDist dist, Who who) throws Exception {
        UploadRequest r = UploadRequest.of("acme-lib", dist.filename().split("-")[1], dist);
        if (who.user != null) {
            r.as(who.user, who.password);
        }
        return r.post(mirrors.http, server.baseUrl().resolve("upload/"));
    }

    static HttpResponse<String> send(String method, String path, Who who, String jsonBody) throws Exception {
        HttpRequest.Builder b =
                HttpRequest.newBuilder(server.baseUrl().resolve(path)).timeout(Duration.ofSeconds(30));
        if (who.user != null) {
            b.header("Authorization", UploadRequest.basic(who.user, who.password));
        }
        if (jsonBody != null) {
            b.header("Content-Type", "application/json");
        }
        b.method(
                method,
                jsonBody == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(jsonBody));
        return mirrors.http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** An operation and the status each caller gets, in {@link Who} order. */
    record Op(String name, Action action, int... expected) {}

    interface Action {
        HttpResponse<String> run(Who who) throws Exception;
    }

    static final String WHEEL_FILE = "files/" + WHEEL.sha256() + "/" + WHEEL.filename();
    static final String PRIVATE_API = "api/private/acme-lib/";

    static List<Op> operations() {
        //                                                               anon reader upl  admin wrong
        return List.of(
                new Op("read the public index", w -> send("GET", "simple/", w, null), 200, 200, 200, 200, 401),
                new Op("read a public page", w -> send("GET", "simple/widget/", w, null), 200, 200, 200, 200, 401),
                new Op("read status", w -> send("GET", "api/status", w, null), 200, 200, 200, 200, 401),
                new Op("read a private page", w -> send("GET", "simple/acme-lib/", w, null), 404, 200, 200, 200, 401),
                new Op("download a private file", w -> send("GET", WHEEL_FILE, w, null), 404, 200, 200, 200, 401),
                new Op(
                        "read private PEP 658 metadata",
                        w -> send("GET", WHEEL_FILE + ".metadata", w, null),
                        404,
                        200,
                        200,
                        200,
                        401),
                new Op("read the private index API", w -> send("GET", PRIVATE_API, w, null), 404, 200, 200, 200, 401),
                new Op("read links/", w -> send("GET", "links/", w, null), 200, 200, 200, 200, 401),
                new Op("upload", w -> upload(WHEEL, w), 401, 403, 200, 200, 401),
                new Op(
                        "yank",
                        w -> send("POST", PRIVATE_API + WHEEL.filename() + "/yank", w, "{\"reason\":\"x\"}"),
                        401,
                        403,
                        403,
                        200,
                        401),
                new Op(
                        "unyank",
                        w -> send("POST", PRIVATE_API + WHEEL.filename() + "/unyank", w, null),
                        401,
                        403,
                        403,
                        200,
                        401),
                new Op(
                        "delete a file",
                        w -> send("DELETE", PRIVATE_API + DISPOSABLE.filename(), w, null),
                        401,
                        403,
                        403,
                        200,
                        401));
    }

    static Stream<Arguments> matrix() {
        List<Arguments> cases = new ArrayList<>();
        for (Op op : operations()) {
            for (Who who : Who.values()) {
                cases.add(Arguments.of(op.name(), who, op.action(), op.expected()[who.ordinal()]));
            }
        }
        return cases.stream();
    }

    @ParameterizedTest(name = "{1} may {0}: {3}")
    @MethodSource("matrix")
    void eachRoleGetsWhatItMay(String operation, Who who, Action action, int expected) throws Exception {
        HttpResponse<String> response = action.run(who);
        assertThat(response.statusCode())
                .as(operation + " as " + who + ": " + response.body())
                .isEqualTo(expected);
        if (expected == 401) {
            assertThat(response.headers().firstValue("WWW-Authenticate"))
                    .hasValueSatisfying(v -> assertThat(v).startsWith("Basic"));
        }
    }

    @Test
    void onlyReadersSeePrivateNamesInListings() throws Exception {
        for (Who who : Who.values()) {
            if (who == Who.WRONG_PASSWORD) {
                continue;
            }
            boolean sees = who != Who.ANONYMOUS;
            assertThat(send("GET", "simple/", who, null).body().contains("acme-lib"))
                    .as(who.name())
                    .isEqualTo(sees);
            assertThat(send("GET", "links/", who, null).body().contains(WHEEL.filename()))
                    .as(who.name())
                    .isEqualTo(sees);
        }
    }

    @Test
    void anonymousCallersCannotTellAPrivateProjectFromAMissingOne() throws Exception {
        HttpResponse<String> hidden = send("GET", "simple/acme-lib/", Who.ANONYMOUS, null);
        HttpResponse<String> missing = send("GET", "simple/no-such-project/", Who.ANONYMOUS, null);
        assertThat(hidden.statusCode()).isEqualTo(missing.statusCode()).isEqualTo(404);
        assertThat(hidden.body().replace("acme-lib", "X"))
                .isEqualTo(missing.body().replace("no-such-project", "X"));
        assertThat(hidden.headers().firstValue("Content-Type"))
                .isEqualTo(missing.headers().firstValue("Content-Type"));

        String fakeFile = "files/" + "b".repeat(64) + "/no_such_project-1.0-py3-none-any.whl";
        HttpResponse<String> hiddenFile = send("GET", WHEEL_FILE, Who.ANONYMOUS, null);
        HttpResponse<String> missingFile = send("GET", fakeFile, Who.ANONYMOUS, null);
        assertThat(hiddenFile.statusCode()).isEqualTo(missingFile.statusCode()).isEqualTo(404);
        assertThat(hiddenFile.body().replace("acme-lib", "P"))
                .isEqualTo(missingFile.body().replace("no-such-project", "P"));

        // The admin API answers before it looks: the same for a private name and a missing one.
        for (Who who : List.of(Who.ANONYMOUS, Who.READER)) {
            HttpResponse<String> a = send("POST", PRIVATE_API + WHEEL.filename() + "/yank", who, null);
            HttpResponse<String> b = send("POST", "api/private/no-such-project/x-1.0.tar.gz/yank", who, null);
            assertThat(a.statusCode()).isEqualTo(b.statusCode()).isIn(401, 403);
            assertThat(a.body()).isEqualTo(b.body());
        }
        assertThat(send("GET", "simple/", Who.ANONYMOUS, null).body()).doesNotContain("acme");
    }

    @Test
    void withoutAnonymousReadEveryReadNeedsAUser() throws Exception {
        Path data = tmp.resolve("closed");
        MirrorFixture closed = new MirrorFixture(data);
        try {
            MirrorServer s = closed.startWithUsers(
                    PrivateProjects.users(data), b -> b.anonymousRead(false), upstream.simpleUrl());
            HttpResponse<byte[]> anonymous = closed.get(s.simpleUrl().resolve("widget/"));
            assertThat(anonymous.statusCode()).isEqualTo(401);
            assertThat(anonymous.headers().firstValue("WWW-Authenticate")).isPresent();
            assertThat(new String(anonymous.body(), StandardCharsets.UTF_8)).contains("Authentication required");
            HttpResponse<byte[]> reader = closed.get(
                    s.simpleUrl().resolve("widget/"), "Authorization", UploadRequest.basic("rita", "rita-pw"));
            assertThat(reader.statusCode()).isEqualTo(200);
        } finally {
            closed.close();
        }
    }

    static URI base() {
        return server.baseUrl();
    }
}
