package io.jenkins.plugins.pythonmirror.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.jenkins.plugins.pythonmirror.access.Role;
import io.jenkins.plugins.pythonmirror.testkit.BuiltDist;
import io.jenkins.plugins.pythonmirror.testkit.Dists;
import io.jenkins.plugins.pythonmirror.testkit.FakePyPI;
import java.io.IOException;
import java.io.OutputStream;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A really full data disk: the data directory is a 4 MiB tmpfs, filled up to a few KiB. Mounting needs root with
 * CAP_SYS_ADMIN (CI runs as root; so does this project's build machine); elsewhere the test is skipped, and
 * {@code DiskSpaceTest} still checks that the kernel's ENOSPC is recognised.
 */
class DiskFullTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path tmp;

    private Path dataDir;
    private boolean mounted;
    private MirrorFixture mirrors;
    private FakePyPI upstream;

    @BeforeEach
    void mountATinyDisk() throws Exception {
        dataDir = tmp.resolve("data");
        Files.createDirectories(dataDir);
        String out = run("mount", "-t", "tmpfs", "-o", "size=4m,mode=0755", "tmpfs", dataDir.toString());
        mounted = out == null;
        assumeTrue(mounted, "cannot mount a tmpfs here (needs root with CAP_SYS_ADMIN): " + out);
        upstream = FakePyPI.start(FakePyPI.PageFormat.JSON);
        mirrors = new MirrorFixture(dataDir);
    }

    @AfterEach
    void unmount() throws Exception {
        if (mirrors != null) {
            mirrors.close();
        }
        if (upstream != null) {
            upstream.close();
        }
        if (mounted && run("umount", dataDir.toString()) != null) {
            run("umount", "-l", dataDir.toString());
        }
    }

    /** Runs a command; null when it succeeded, else its output. */
    private static String run(String... command) throws Exception {
        Process p;
        try {
            p = new ProcessBuilder(command).redirectErrorStream(true).start();
        } catch (IOException e) {
            return e.getMessage();
        }
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(30, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            return "timed out";
        }
        return p.exitValue() == 0 ? null : output.strip() + " (exit " + p.exitValue() + ")";
    }

    /** Fills the disk until only {@code leave} bytes are free. */
    private Path fillUpTo(long leave) throws IOException {
        Path filler = dataDir.resolve("filler");
        long fill = Files.getFileStore(dataDir).getUsableSpace() - leave;
        byte[] block = new byte[64 * 1024];
        try (OutputStream out = Files.newOutputStream(filler)) {
            for (long written = 0; written < fill; written += block.length) {
                out.write(block, 0, (int) Math.min(block.length, fill - written));
            }
        }
        return filler;
    }

    private JsonNode status(MirrorServer server) throws Exception {
        return JSON.readTree(mirrors.get(server.baseUrl().resolve("api/status")).body())
                .get("status");
    }

    private long count(String folder) throws IOException {
        try (Stream<Path> s = Files.walk(dataDir.resolve(folder))) {
            return s.filter(Files::isRegularFile).count();
        }
    }

    @Test
    void uploadsGet507AndDownloadsBreakWhileTheDiskIsFullAndTheStatusSaysSo() throws Exception {
        UserStore users = UserStore.open(dataDir);
        users.add("ulla", Role.UPLOADER, "ulla-pw");
        BuiltDist pub = Dists.wheel("big-public", "1.0").payloadBytes(150_000).build();
        upstream.addDist("big-public", pub);
        MirrorServer server = mirrors.startWithUsers(users, b -> b, upstream.simpleUrl());
        mirrors.get(server.simpleUrl().resolve("big-public/")); // the page is cached before the disk fills
        Path filler = fillUpTo(16 * 1024);

        try (LogCapture logs = new LogCapture()) {
            BuiltDist wheel =
                    Dists.wheel("acme-big", "1.0").payloadBytes(150_000).build();
            HttpResponse<String> upload = UploadRequest.of("acme-big", "1.0", wheel)
                    .as("ulla", "ulla-pw")
                    .post(mirrors.http, server.baseUrl().resolve("upload/"));
            assertThat(upload.statusCode()).isEqualTo(507);
            assertThat(upload.body()).isEqualTo("no space left on the mirror's data disk\n");
            assertThat(logs.containing("no space left on the mirror's data disk"))
                    .hasSize(1);
            assertThat(logs.withStackTraces()).isEmpty();

            URI file = server.baseUrl().resolve("files/" + pub.sha256() + "/" + pub.filename());
            int answer;
            try {
                answer = mirrors.http
                        .sendAsync(HttpRequest.newBuilder(file).GET().build(), HttpResponse.BodyHandlers.ofByteArray())
                        .get(30, TimeUnit.SECONDS)
                        .statusCode();
            } catch (java.util.concurrent.ExecutionException aborted) {
                answer = -1; // a broken transfer: bytes had gone out
            }
            assertThat(answer).as("never a clean 200").isIn(-1, 507);
            assertThat(logs.containing("Download failed: reason=disk-full project=big-public"))
                    .hasSize(1);
            assertThat(logs.withStackTraces()).isEmpty();
        }
        JsonNode status = status(server);
        assertThat(status.get("dataDiskFull").asBoolean()).isTrue();
        assertThat(status.get("dataDiskFullSince").asText()).isNotEmpty();
        assertThat(status.get("diskFullErrors").asLong()).isGreaterThanOrEqualTo(2);
        assertThat(status.at("/failedDownloads/disk-full").asLong()).isEqualTo(1);
        assertThat(status.at("/upstreams/0/errors").asLong())
                .as("our full disk is not the upstream's fault")
                .isZero();
        assertThat(new String(mirrors.get(server.baseUrl().resolve("metrics")).body(), StandardCharsets.UTF_8))
                .contains("python_mirror_data_disk_full 1\n");
        assertThat(count("private")).isZero();
        assertThat(count("files")).isZero();
        assertThat(count("tmp")).isZero();

        Files.delete(filler); // room again: the next download is stored and the flag goes down
        HttpResponse<byte[]> again =
                mirrors.get(server.baseUrl().resolve("files/" + pub.sha256() + "/" + pub.filename()));
        assertThat(again.statusCode()).isEqualTo(200);
        assertThat(again.body()).isEqualTo(pub.bytes());
        assertThat(status(server).get("dataDiskFull").asBoolean()).isFalse();
    }
}
