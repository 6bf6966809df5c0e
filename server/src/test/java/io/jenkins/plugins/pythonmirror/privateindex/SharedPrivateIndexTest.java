package io.jenkins.plugins.pythonmirror.privateindex;

import static org.assertj.core.api.Assertions.assertThat;

import io.jenkins.plugins.pythonmirror.pep.ProjectName;
import io.jenkins.plugins.pythonmirror.store.DataDir;
import io.jenkins.plugins.pythonmirror.store.ObjectStore;
import io.jenkins.plugins.pythonmirror.store.SharedStorage;
import io.jenkins.plugins.pythonmirror.testkit.S3Server;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.util.HexFormat;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The private index on a real S3 server (S3Proxy): objects no index names — the loser of a race, an upload cut off
 * before its index — are removed by a node's start once they are old enough, and never before.
 */
class SharedPrivateIndexTest {

    @TempDir
    Path tmp;

    private S3Server s3;
    private final Duration defaultAge = PrivateIndex.orphanAge;

    @BeforeEach
    void setUp() {
        s3 = S3Server.start(tmp.resolve("s3"));
    }

    @AfterEach
    void tearDown() {
        PrivateIndex.orphanAge = defaultAge;
        s3.close();
    }

    private SharedStorage storage() {
        return new SharedStorage(s3.location("p/").open(), Clock.systemUTC());
    }

    private static String sha256(byte[] bytes) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    }

    /** Publishes acme-x 1.0 through node "a" and leaves an orphan beside it, as a lost race would. */
    private String publishWithAnOrphan() throws Exception {
        byte[] content = "the published wheel".getBytes(StandardCharsets.UTF_8);
        Path temp = Files.writeString(tmp.resolve("upload.whl"), "the published wheel");
        try (SharedStorage a = storage()) {
            PrivateIndex index = PrivateIndex.open(DataDir.open(tmp.resolve("a")), a);
            PrivateFile file = new PrivateFile(
                    "acme_x-1.0-py3-none-any.whl",
                    "1.0",
                    sha256(content),
                    null,
                    content.length,
                    null,
                    null,
                    false,
                    null,
                    "2026-12-05T10:00:00Z",
                    "ci");
            assertThat(index.add(ProjectName.parse("acme-x"), "acme-x", file, temp, null))
                    .isEqualTo(PrivateIndex.Added.STORED);
        }
        byte[] other = "the loser's bytes".getBytes(StandardCharsets.UTF_8);
        String orphan = "private/acme-x/" + sha256(other) + "/acme_x-1.0-py3-none-any.whl";
        try (ObjectStore bucket = s3.location("p/").open()) {
            assertThat(bucket.create(orphan, other)).isTrue();
        }
        return orphan;
    }

    @Test
    void aYoungOrphanIsLeftAlone() throws Exception {
        String orphan = publishWithAnOrphan();
        try (SharedStorage b = storage()) {
            PrivateIndex index = PrivateIndex.open(DataDir.open(tmp.resolve("b")), b);
            assertThat(index.project(ProjectName.parse("acme-x")).orElseThrow().files())
                    .hasSize(1);
        }
        try (ObjectStore bucket = s3.location("p/").open()) {
            assertThat(bucket.exists(orphan))
                    .as("younger than a day: perhaps an upload whose index is coming")
                    .isTrue();
        }
    }

    @Test
    void anOldOrphanIsRemovedAndThePublishedFileStays() throws Exception {
        String orphan = publishWithAnOrphan();
        PrivateIndex.orphanAge = Duration.ZERO;
        try (SharedStorage b = storage()) {
            PrivateIndex index = PrivateIndex.open(DataDir.open(tmp.resolve("b")), b);
            PrivateIndex.Located located = index.find(new io.jenkins.plugins.pythonmirror.store.FileKey(
                            sha256("the published wheel".getBytes(StandardCharsets.UTF_8)),
                            "acme_x-1.0-py3-none-any.whl"))
                    .orElseThrow();
            assertThat(Files.readString(located.path())).isEqualTo("the published wheel");
        }
        try (ObjectStore bucket = s3.location("p/").open()) {
            assertThat(bucket.exists(orphan)).isFalse();
            assertThat(bucket.list("private/acme-x/")).hasSize(2); // index.json and the published file
        }
    }
}
