package io.jenkins.plugins.pythonmirror.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.jenkins.plugins.pythonmirror.store.ObjectStore;
import io.jenkins.plugins.pythonmirror.testkit.BuiltDist;
import io.jenkins.plugins.pythonmirror.testkit.DeadPort;
import io.jenkins.plugins.pythonmirror.testkit.Dists;
import io.jenkins.plugins.pythonmirror.testkit.FakePyPI;
import io.jenkins.plugins.pythonmirror.testkit.PythonTools;
import io.jenkins.plugins.pythonmirror.testkit.S3Server;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two standalone servers, each in its own JVM, sharing one bucket of a real S3 API server (S3Proxy on 127.0.0.1):
 * the five scenarios of running several nodes on one store. pip and twine are real and isolated from this machine's
 * configuration; assertions read the nodes' own status and the bucket itself.
 */
class SharedStoreTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String PREFIX = "team/";

    @TempDir
    Path tmp;

    private S3Server s3;
    private FakePyPI upstream;
    private PythonTools python;
    private final List<MirrorNode> nodes = new ArrayList<>();
    private final HttpClient http = HttpClient.newHttpClient();

    @BeforeEach
    void setUp() throws Exception {
        s3 = S3Server.start(tmp.resolve("s3"));
        upstream = FakePyPI.start(FakePyPI.PageFormat.JSON);
        python = new PythonTools(tmp.resolve("clients"));
    }

    @AfterEach
    void tearDown() throws Exception {
        for (MirrorNode n : nodes) {
            n.close();
        }
        upstream.close();
        s3.close();
    }

    private MirrorNode node(String name, URI upstreamUrl, String... more) throws Exception {
        List<String> args = new ArrayList<>(MirrorNode.storeOptions(s3, PREFIX));
        args.addAll(List.of("--upstream", upstreamUrl.toString()));
        args.addAll(List.of(more));
        MirrorNode n = MirrorNode.start(tmp.resolve(name), MirrorNode.credentials(s3), args);
        nodes.add(n);
        return n;
    }

    /** The node's index URL with the uploader's credentials (private projects are hidden from anonymous callers). */
    private static String asCi(MirrorNode n) {
        return n.simpleUrl().toString().replace("http://", "http://ci:ci-secret@");
    }

    private static URI unreachable() {
        return URI.create("http://127.0.0.1:" + DeadPort.reserve() + "/simple/");
    }

    /** alpha → beta → gamma on the upstream. */
    private List<BuiltDist> publishChain() {
        BuiltDist alpha = Dists.wheel("alpha", "1.0").requires("beta>=1.0").build();
        BuiltDist beta = Dists.wheel("beta", "1.0").requires("gamma").build();
        BuiltDist gamma = Dists.wheel("gamma", "1.0").build();
        upstream.addDist("alpha", alpha);
        upstream.addDist("beta", beta);
        upstream.addDist("gamma", gamma);
        return List.of(alpha, beta, gamma);
    }

    private void addUploader(String user, String password) throws Exception {
        List<String> args = new ArrayList<>(List.of(
                "user",
                "add",
                user,
                "--role",
                "uploader",
                "--password-stdin",
                "--data-dir",
                tmp.resolve("admin-cli").toString()));
        args.addAll(MirrorNode.storeOptions(s3, PREFIX));
        MirrorNode.Ran ran = MirrorNode.run(MirrorNode.credentials(s3), password + "\n", args.toArray(String[]::new));
        assertThat(ran.exit()).as(ran.output()).isZero();
    }

    private ObjectStore bucket() throws Exception {
        return s3.location(PREFIX).open();
    }

    private JsonNode jsonPage(MirrorNode n, String project) throws Exception {
        HttpResponse<String> r = http.send(
                java.net.http.HttpRequest.newBuilder(n.simpleUrl().resolve(project + "/"))
                        .header("Accept", "application/vnd.pypi.simple.v1+json")
                        .header("Authorization", UploadRequest.basic("ci", "ci-secret"))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        return JSON.readTree(r.body());
    }

    private static List<String> filenames(JsonNode page) {
        List<String> names = new ArrayList<>();
        page.get("files").forEach(f -> names.add(f.get("filename").asText()));
        return names;
    }

    @Test
    void aSetInstalledThroughOneNodeInstallsThroughTheOtherWithoutItsUpstream() throws Exception {
        List<BuiltDist> chain = publishChain();
        long chainBytes = chain.stream().mapToLong(d -> d.bytes().length).sum();
        MirrorNode a = node("a", upstream.simpleUrl());
        MirrorNode b = node("b", unreachable());

        python.pipInstall(python.venv(tmp.resolve("venv-a")), a.simpleUrl().toString(), "alpha")
                .assertSuccess();
        python.pipInstall(python.venv(tmp.resolve("venv-b")), b.simpleUrl().toString(), "alpha")
                .assertSuccess();

        for (BuiltDist d : chain) {
            assertThat(upstream.downloadCount(d.filename())).as(d.filename()).isEqualTo(1);
        }
        JsonNode statusB = b.status();
        assertThat(statusB.get("bytesFetched").asLong())
                .as("B fetched nothing upstream")
                .isZero();
        assertThat(statusB.get("bytesServed").asLong())
                .as("B served the whole set")
                .isEqualTo(chainBytes);
        assertThat(statusB.at("/storage/kind").asText()).isEqualTo("shared");
        assertThat(statusB.at("/storage/state").asText()).isEqualTo("ok");
        assertThat(statusB.at("/storage/bytesRead").asLong())
                .as("B copied the set from the bucket")
                .isEqualTo(chainBytes);
        try (ObjectStore bucket = bucket()) {
            assertThat(bucket.list("files/")).hasSize(3);
        }
    }

    @Test
    void aPrivatePackageUploadedThroughOneNodeInstallsThroughTheOtherAndShadowsThePublicOne() throws Exception {
        // The same name upstream, with a higher version: the dependency-confusion bait.
        upstream.addDist("acme-lib", Dists.wheel("acme-lib", "9.0").build());
        addUploader("ci", "ci-secret");
        MirrorNode a = node("a", upstream.simpleUrl());
        MirrorNode b = node("b", upstream.simpleUrl());

        Path wheel = Dists.wheel("acme-lib", "1.0").build().writeTo(tmp.resolve("dist"));
        python.twineUpload(a.uploadUrl().toString(), "ci", "ci-secret", wheel).assertSuccess();

        Path venv = python.venv(tmp.resolve("venv-b"));
        python.pipInstall(venv, asCi(b), "acme-lib").assertSuccess();
        assertThat(python.pip(venv, "show", "acme-lib").assertSuccess().output())
                .contains("Version: 1.0");
        assertThat(filenames(jsonPage(b, "acme-lib")))
                .containsExactly(wheel.getFileName().toString());
        assertThat(upstream.requestCount("/simple/acme-lib"))
                .as("neither node asked the upstream about a private name")
                .isZero();
    }

    @Test
    void concurrentUploadsThroughTwoNodesKeepBothFilesAndRefuseOneOfTwoClashingFiles() throws Exception {
        addUploader("ci", "ci-secret");
        MirrorNode a = node("a", upstream.simpleUrl());
        MirrorNode b = node("b", upstream.simpleUrl());

        BuiltDist one = Dists.wheel("acme-pair", "1.0").build();
        BuiltDist two = Dists.wheel("acme-pair", "2.0").build();
        List<Integer> codes = uploadAtOnce(
                UploadRequest.of("acme-pair", "1.0", one).as("ci", "ci-secret"), a,
                UploadRequest.of("acme-pair", "2.0", two).as("ci", "ci-secret"), b);
        assertThat(codes).containsExactly(200, 200);
        assertThat(filenames(jsonPage(a, "acme-pair"))).containsExactlyInAnyOrder(one.filename(), two.filename());
        assertThat(filenames(jsonPage(b, "acme-pair"))).containsExactlyInAnyOrder(one.filename(), two.filename());

        // The same filename with other bytes through both nodes at once: exactly one wins.
        BuiltDist mine =
                Dists.wheel("acme-clash", "1.0").module("WHO = 'mine'\n").build();
        BuiltDist theirs =
                Dists.wheel("acme-clash", "1.0").module("WHO = 'theirs'\n").build();
        assertThat(mine.filename()).isEqualTo(theirs.filename());
        assertThat(mine.sha256()).isNotEqualTo(theirs.sha256());
        codes = uploadAtOnce(
                UploadRequest.of("acme-clash", "1.0", mine).as("ci", "ci-secret"), a,
                UploadRequest.of("acme-clash", "1.0", theirs).as("ci", "ci-secret"), b);
        assertThat(codes).containsExactlyInAnyOrder(200, 400);
        JsonNode page = jsonPage(b, "acme-clash");
        assertThat(filenames(page)).containsExactly(mine.filename());
        String winner = page.get("files").get(0).at("/hashes/sha256").asText();
        assertThat(winner).isIn(mine.sha256(), theirs.sha256());
        assertThat(jsonPage(a, "acme-clash")
                        .get("files")
                        .get(0)
                        .at("/hashes/sha256")
                        .asText())
                .isEqualTo(winner);
    }

    private List<Integer> uploadAtOnce(UploadRequest first, MirrorNode to, UploadRequest second, MirrorNode other)
            throws Exception {
        CyclicBarrier start = new CyclicBarrier(2);
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            Callable<Integer> one = () -> {
                start.await();
                return first.post(http, to.uploadUrl()).statusCode();
            };
            Callable<Integer> two = () -> {
                start.await();
                return second.post(http, other.uploadUrl()).statusCode();
            };
            Future<Integer> f1 = pool.submit(one);
            Future<Integer> f2 = pool.submit(two);
            return List.of(f1.get(), f2.get());
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void killingANodeDuringAnUploadAndADownloadLeavesNothingPartialAnywhere() throws Exception {
        addUploader("ci", "ci-secret");
        byte[] big = new byte[4 * 1024 * 1024];
        new java.util.Random(7).nextBytes(big);
        var handle = upstream.addFile("bulky", "bulky-1.0.tar.gz", big);
        upstream.setFileBytesPerSecond(256 * 1024); // 16 s for the whole file: time to kill the node mid-way
        MirrorNode a = node("a", upstream.simpleUrl());
        MirrorNode b = node("b", unreachable());

        // A download in flight.
        assertThat(a.get("simple/bulky/").statusCode()).isEqualTo(200);
        String fileUrl = "files/" + handle.sha256() + "/bulky-1.0.tar.gz";
        Thread client = new Thread(() -> {
            try {
                a.get(fileUrl);
            } catch (Exception e) {
                // the node dies under it
            }
        });
        client.start();
        waitFor(() -> upstream.downloadCount("bulky-1.0.tar.gz") == 1);
        Thread.sleep(1500);
        // An upload in flight: the headers and half the body, then nothing.
        BuiltDist upload = Dists.wheel("acme-cut", "1.0").build();
        UploadRequest request = UploadRequest.of("acme-cut", "1.0", upload).as("ci", "ci-secret");
        byte[] body = request.body();
        try (Socket socket = new Socket("127.0.0.1", a.base().getPort())) {
            OutputStream out = socket.getOutputStream();
            out.write(("POST /upload/ HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: "
                            + UploadRequest.basic("ci", "ci-secret") + "\r\nContent-Type: " + request.contentType()
                            + "\r\nContent-Length: " + body.length + "\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            out.write(body, 0, body.length / 2);
            out.flush();
            Thread.sleep(500);
            a.kill();
        }
        client.join(30_000);

        try (ObjectStore bucket = bucket()) {
            assertThat(bucket.list("files/"))
                    .as("no partial download in the bucket")
                    .isEmpty();
            assertThat(bucket.list("private/"))
                    .as("no partial upload in the bucket")
                    .isEmpty();
        }
        // B may fetch the file itself (the shared page names the upstream's file URL), but never serves part of it.
        HttpResponse<byte[]> fromBWhileDead = b.get(fileUrl);
        if (fromBWhileDead.statusCode() == 200) {
            assertThat(fromBWhileDead.body()).isEqualTo(big);
        }
        // Not private anywhere (nothing was committed), so B asks its upstream, which is down: 502, and no page.
        assertThat(b.get("simple/acme-cut/", "ci", "ci-secret").statusCode()).isEqualTo(502);

        // A restart is clean: the download starts afresh and completes; the file is then shared.
        upstream.setFileBytesPerSecond(0);
        MirrorNode again = MirrorNode.start(a.dataDir, MirrorNode.credentials(s3), restartArgs());
        nodes.add(again);
        HttpResponse<byte[]> got = again.get(fileUrl);
        assertThat(got.statusCode()).isEqualTo(200);
        assertThat(got.body()).isEqualTo(big);
        HttpResponse<byte[]> fromB = b.get(fileUrl);
        assertThat(fromB.statusCode()).isEqualTo(200);
        assertThat(fromB.body()).isEqualTo(big);
    }

    private List<String> restartArgs() {
        List<String> args = new ArrayList<>(MirrorNode.storeOptions(s3, PREFIX));
        args.addAll(List.of("--upstream", upstream.simpleUrl().toString()));
        return args;
    }

    @Test
    void withTheBucketDownNodesServeTheirCachesRefuseUploadsAndRecoverByThemselves() throws Exception {
        publishChain();
        addUploader("ci", "ci-secret");
        MirrorNode a = node("a", upstream.simpleUrl());
        MirrorNode b = node("b", unreachable(), "--page-ttl", "0s");
        python.pipInstall(python.venv(tmp.resolve("warm-a")), a.simpleUrl().toString(), "alpha")
                .assertSuccess();
        python.pipInstall(python.venv(tmp.resolve("warm-b")), b.simpleUrl().toString(), "alpha")
                .assertSuccess();

        s3.stop();
        python.pipInstall(python.venv(tmp.resolve("down-a")), a.simpleUrl().toString(), "alpha")
                .assertSuccess();
        python.pipInstall(python.venv(tmp.resolve("down-b")), b.simpleUrl().toString(), "alpha")
                .assertSuccess();
        BuiltDist wheel = Dists.wheel("acme-later", "1.0").build();
        HttpResponse<String> refused = UploadRequest.of("acme-later", "1.0", wheel)
                .as("ci", "ci-secret")
                .post(http, a.uploadUrl());
        assertThat(refused.statusCode()).isEqualTo(503);
        assertThat(refused.body().strip()).contains("unreachable").doesNotContain("\n");
        assertThat(a.status().at("/storage/state").asText()).isEqualTo("unreachable");
        assertThat(new String(a.get("metrics").body(), StandardCharsets.UTF_8))
                .contains("python_mirror_storage_unreachable 1");

        s3.restart();
        try {
            waitFor(() -> a.status().at("/storage/state").asText().equals("ok"));
        } catch (AssertionError e) {
            throw new AssertionError("A did not recover: " + a.status().get("storage") + "\n" + a.output(), e);
        }
        HttpResponse<String> accepted = UploadRequest.of("acme-later", "1.0", wheel)
                .as("ci", "ci-secret")
                .post(http, a.uploadUrl());
        assertThat(accepted.statusCode()).as(accepted.body()).isEqualTo(200);
        waitFor(() -> b.get("simple/acme-later/", "ci", "ci-secret").statusCode() == 200);
        python.pipInstall(python.venv(tmp.resolve("after-b")), asCi(b), "acme-later")
                .assertSuccess();
    }

    @Test
    void aSyncRunOnceForTheBucketServesEveryNodeAndEveryNodeShowsIt() throws Exception {
        List<BuiltDist> chain = publishChain();
        Path spec = tmp.resolve("spec.yaml");
        java.nio.file.Files.writeString(
                spec,
                """
                requirements:
                  - alpha
                environments:
                  - python: "3.11"
                    platforms: [manylinux_2_17_x86_64]
                versions: latest
                sdists: false
                """);
        List<String> args = new ArrayList<>(List.of(
                "sync",
                "--data-dir",
                tmp.resolve("sync-cli").toString(),
                "--upstream",
                upstream.simpleUrl().toString(),
                "--spec",
                spec.toString()));
        args.addAll(MirrorNode.storeOptions(s3, PREFIX));
        MirrorNode.Ran ran = MirrorNode.run(MirrorNode.credentials(s3), null, args.toArray(String[]::new));
        assertThat(ran.exit()).as(ran.output()).isZero();
        try (ObjectStore bucket = bucket()) {
            assertThat(bucket.list("files/")).hasSize(3);
            assertThat(bucket.list("state/")).containsExactlyInAnyOrder("state/pins.txt", "state/last-sync.json");
        }

        // A node that never ran the sync, without an upstream: the synced set installs, and it shows the sync.
        MirrorNode b = node("b", unreachable());
        python.pipInstall(python.venv(tmp.resolve("venv-b")), b.simpleUrl().toString(), "alpha")
                .assertSuccess();
        JsonNode status = b.status();
        assertThat(status.get("bytesFetched").asLong()).isZero();
        assertThat(status.at("/lastSync/filesAdded").asInt()).isEqualTo(3);
        assertThat(status.get("pinnedBytes").asLong())
                .as("the synced files are pinned on this node too (they are in its local cache now)")
                .isEqualTo(chain.stream().mapToLong(d -> d.bytes().length).sum());
    }

    @FunctionalInterface
    interface Check {
        boolean holds() throws Exception;
    }

    private static void waitFor(Check check) throws Exception {
        long end = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (!check.holds()) {
            if (System.nanoTime() > end) {
                throw new AssertionError("condition not met within 30 s");
            }
            Thread.sleep(100);
        }
    }
}
