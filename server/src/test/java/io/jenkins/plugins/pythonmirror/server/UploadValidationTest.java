package io.jenkins.plugins.pythonmirror.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.jenkins.plugins.pythonmirror.access.Role;
import io.jenkins.plugins.pythonmirror.testkit.BuiltDist;
import io.jenkins.plugins.pythonmirror.testkit.Dists;
import io.jenkins.plugins.pythonmirror.testkit.FakePyPI;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The bad-input corpus: each upload is posted raw (java.net.http) and must get a 4xx with a one-line reason, leave
 * nothing in the private store or in tmp/, and leave the server answering.
 */
class UploadValidationTest {

    static final long LIMIT = 64 * 1024;

    @TempDir
    static Path tmp;

    static MirrorFixture mirrors;
    static FakePyPI upstream;
    static MirrorServer server;
    static Path dataDir;

    static final BuiltDist WHEEL = Dists.wheel("acme-lib", "1.0").build();
    static final BuiltDist SDIST = Dists.sdist("acme-lib", "1.0").build();

    @BeforeAll
    static void start() throws Exception {
        dataDir = tmp.resolve("data");
        upstream = FakePyPI.start(FakePyPI.PageFormat.JSON);
        mirrors = new MirrorFixture(dataDir);
        UserStore users = UserStore.open(dataDir);
        users.add("ulla", Role.UPLOADER, "ulla-pw");
        server = mirrors.startWithUsers(users, b -> b.maxUploadBytes(LIMIT), upstream.simpleUrl());
    }

    @AfterAll
    static void stop() throws Exception {
        mirrors.close();
        upstream.close();
    }

    @AfterEach
    void nothingStoredAndStillHealthy() throws Exception {
        try (Stream<Path> files = Files.walk(dataDir.resolve("private"))) {
            assertThat(files.filter(Files::isRegularFile)).as("private store").isEmpty();
        }
        try (Stream<Path> files = Files.list(dataDir.resolve("tmp"))) {
            assertThat(files).as("temp files left behind").isEmpty();
        }
        assertThat(mirrors.get(server.baseUrl().resolve("api/status")).statusCode())
                .isEqualTo(200);
        assertThat(upstream.requestCount("/simple/acme-lib/")).isZero();
    }

    static UploadRequest wheel() {
        return UploadRequest.of("acme-lib", "1.0", WHEEL).as("ulla", "ulla-pw");
    }

    static UploadRequest withContent(UploadRequest r, String filename, byte[] content) {
        r.filename = filename;
        r.content = content;
        r.fields.put("sha256_digest", UploadRequest.hex("SHA-256", content));
        r.fields.put("blake2_256_digest", UploadRequest.blake2(content));
        return r;
    }

    static UploadRequest craftedWheel(Map<String, String> entries) {
        return withContent(wheel(), WHEEL.filename(), Zips.zip(entries));
    }

    static Arguments bad(String description, String reasonPart, Function<Void, UploadRequest> request) {
        return Arguments.of(description, reasonPart, request);
    }

    static Stream<Arguments> corpus() {
        String distInfo = "acme_lib-1.0.dist-info";
        return Stream.of(
                bad(
                        "traversal in filename",
                        "filename",
                        v -> withContent(wheel(), "../acme_lib-1.0-py3-none-any.whl", WHEEL.bytes())),
                bad(
                        "backslash path in filename",
                        "filename",
                        v -> withContent(wheel(), "..\\..\\acme_lib-1.0-py3-none-any.whl", WHEEL.bytes())),
                bad(
                        "absolute path in filename",
                        "filename",
                        v -> withContent(wheel(), "/etc/acme_lib-1.0-py3-none-any.whl", WHEEL.bytes())),
                bad("form name differs from the filename", "names project", v -> wheel().field("name", "other-lib")),
                bad("form version differs from the filename", "version", v -> wheel().field("version", "2.0")),
                bad(
                        "METADATA names another project",
                        "METADATA",
                        v -> craftedWheel(Zips.wheelEntries(distInfo, "evil-lib", "1.0"))),
                bad(
                        "METADATA has another version",
                        "METADATA",
                        v -> craftedWheel(Zips.wheelEntries(distInfo, "acme-lib", "1.1"))),
                bad(
                        "dist-info of another project",
                        "dist-info",
                        v -> craftedWheel(Zips.wheelEntries("evil_lib-1.0.dist-info", "acme-lib", "1.0"))),
                bad("wrong sha256", "sha256", v -> wheel().field("sha256_digest", "0".repeat(64))),
                bad("wrong blake2b-256", "blake2", v -> wheel().field("blake2_256_digest", "ab".repeat(32))),
                bad("wrong md5", "md5", v -> wheel().field("md5_digest", "0123456789abcdef0123456789abcdef")),
                bad("no digest at all", "digest", v -> wheel().field("sha256_digest", null)
                        .field("blake2_256_digest", null)),
                bad(
                        "truncated zip",
                        "zip",
                        v -> withContent(
                                wheel(), WHEEL.filename(), Arrays.copyOf(WHEEL.bytes(), WHEEL.bytes().length / 2))),
                bad(
                        "not a zip at all",
                        "zip",
                        v -> withContent(wheel(), WHEEL.filename(), "just text".getBytes(StandardCharsets.UTF_8))),
                bad("wheel without METADATA", "METADATA", v -> {
                    Map<String, String> e = Zips.wheelEntries(distInfo, "acme-lib", "1.0");
                    e.remove(distInfo + "/METADATA");
                    return craftedWheel(e);
                }),
                bad("wheel without WHEEL", "WHEEL", v -> {
                    Map<String, String> e = Zips.wheelEntries(distInfo, "acme-lib", "1.0");
                    e.remove(distInfo + "/WHEEL");
                    return craftedWheel(e);
                }),
                bad("zip-slip member in the wheel", "unsafe path", v -> {
                    Map<String, String> e = Zips.wheelEntries(distInfo, "acme-lib", "1.0");
                    e.put("../../evil.py", "import os");
                    return craftedWheel(e);
                }),
                bad("oversize file", "too large", v -> {
                    BuiltDist big = Dists.wheel("acme-lib", "1.0")
                            .payloadBytes((int) LIMIT * 2)
                            .build();
                    return withContent(wheel(), big.filename(), big.bytes());
                }),
                bad("missing name field", "'name'", v -> wheel().field("name", null)),
                bad("missing :action field", ":action", v -> wheel().field(":action", null)),
                bad("missing content part", "content", v -> {
                    UploadRequest r = wheel();
                    r.content = null;
                    return r;
                }),
                bad("empty file", "empty", v -> withContent(wheel(), WHEEL.filename(), new byte[0])),
                bad("unicode look-alike in the name (Cyrillic a)", "Invalid project name", v -> wheel().field(
                                "name", "\u0430cme-lib")),
                bad(
                        "unicode right-to-left override in the filename",
                        "filename",
                        v -> withContent(wheel(), "acme_lib-1.0-py3-none-any\u202egpj.whl", WHEEL.bytes())),
                bad("not a PEP 440 version", "version", v -> wheel().field("version", "1.0-banana")),
                bad("filetype says sdist for a wheel", "sdist", v -> wheel().field("filetype", "sdist")),
                bad("unknown filetype", "filetype", v -> wheel().field("filetype", "bdist_egg")),
                bad(
                        "truncated sdist",
                        "tar.gz",
                        v -> withContent(
                                UploadRequest.of("acme-lib", "1.0", SDIST).as("ulla", "ulla-pw"),
                                SDIST.filename(),
                                Arrays.copyOf(SDIST.bytes(), SDIST.bytes().length - 40))),
                bad("sdist whose form names another version", "version", v -> UploadRequest.of("acme-lib", "1.0", SDIST)
                        .as("ulla", "ulla-pw")
                        .field("version", "1.0.1")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("corpus")
    void badUploadIsRejectedWithAReasonAndNothingIsStored(
            String description, String reasonPart, Function<Void, UploadRequest> request) throws Exception {
        HttpResponse<String> response =
                request.apply(null).post(mirrors.http, server.baseUrl().resolve("upload/"));

        assertThat(response.statusCode()).as(description).isBetween(400, 499);
        String reason = response.body().strip();
        assertThat(reason).as("one line").isNotEmpty().doesNotContain("\n");
        assertThat(reason).containsIgnoringCase(reasonPart);
    }

    @Test
    void aBodyThatIsNotMultipartIsRejected() throws Exception {
        HttpResponse<String> response = wheel().post(
                        mirrors.http,
                        server.baseUrl().resolve("upload/"),
                        "application/json",
                        "{\"name\": \"acme-lib\"}".getBytes(StandardCharsets.UTF_8));
        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(response.body()).contains("multipart/form-data");
    }

    @Test
    void aMultipartBodyWithoutItsClosingBoundaryIsRejected() throws Exception {
        UploadRequest r = wheel();
        byte[] body = r.body();
        HttpResponse<String> response = r.post(
                mirrors.http,
                server.baseUrl().resolve("upload/"),
                r.contentType(),
                Arrays.copyOf(body, body.length - 200));
        assertThat(response.statusCode()).isEqualTo(400);
    }

    @Test
    void theSameUploadDoneRightIsAccepted() throws Exception {
        HttpResponse<String> response =
                wheel().post(mirrors.http, server.baseUrl().resolve("upload/"));
        try {
            assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
            assertThat(dataDir.resolve("private/acme-lib/" + WHEEL.filename())).hasBinaryContent(WHEEL.bytes());
        } finally {
            server.mirror()
                    .privatePackages()
                    .index()
                    .deleteProject(io.jenkins.plugins.pythonmirror.pep.ProjectName.parse("acme-lib"));
        }
    }

    static URI upload() {
        return server.baseUrl().resolve("upload/");
    }
}
