package io.jenkins.plugins.pythonmirror.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.jenkins.plugins.pythonmirror.access.Role;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class UserStoreTest {

    @TempDir
    Path data;

    @Test
    void aRemoveWithinTheSameTimestampTickIsStillNoticed() throws Exception {
        UserStore server = UserStore.open(data);
        UserStore cli = UserStore.open(data);
        cli.add("ulla", Role.UPLOADER, "secret-pw");
        assertThat(server.reloadIfChanged()).isTrue();
        assertThat(server.find("ulla")).isPresent();
        FileTime tick = Files.getLastModifiedTime(server.file());

        cli.remove("ulla");
        // A coarse-grained filesystem clock: the rewritten file carries the same modification time.
        Files.setLastModifiedTime(server.file(), tick);

        assertThat(server.reloadIfChanged()).isTrue();
        assertThat(server.find("ulla")).isEmpty();
        assertThat(server.verify("ulla", "secret-pw")).isEmpty();
        assertThat(server.reloadIfChanged()).as("nothing changed since").isFalse();
    }

    @Test
    void aUserWithAnUnknownRoleGetsNoAccessAndTheOthersStillWork() throws Exception {
        UserStore cli = UserStore.open(data);
        cli.add("ulla", Role.UPLOADER, "secret-pw");
        cli.add("otto", Role.READER, "other-pw");
        Path file = cli.file();
        Files.writeString(file, Files.readString(file).replace("\"reader\"", "\"superuser\""));

        UserStore server = UserStore.open(data);

        assertThat(server.verify("otto", "other-pw")).isEmpty();
        assertThat(server.verify("ulla", "secret-pw")).contains(UserRole.UPLOADER);
        assertThat(server.list()).extracting(UserStore.User::name).containsExactly("otto", "ulla");
    }
}
