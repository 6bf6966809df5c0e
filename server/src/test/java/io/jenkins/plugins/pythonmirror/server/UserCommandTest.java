package io.jenkins.plugins.pythonmirror.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.jenkins.plugins.pythonmirror.access.Role;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code user add|list|remove} run in-process through the real command line, and a server honouring the file. */
class UserCommandTest {

    @TempDir
    Path tmp;

    private record Run(int exit, String out, String err) {}

    private Run run(String stdin, String... args) {
        InputStream originalIn = System.in;
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        try {
            System.setIn(new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)));
            CommandLine cli = Main.commandLine();
            cli.setOut(new PrintWriter(out, true));
            cli.setErr(new PrintWriter(err, true));
            int exit = cli.execute(args);
            return new Run(exit, out.toString(), err.toString());
        } finally {
            System.setIn(originalIn);
        }
    }

    private String dataDir() {
        return tmp.resolve("data").toString();
    }

    @Test
    void addListAndRemoveUsersWithHashedPasswords() throws Exception {
        Run added = run(
                "s3cret-Pa55\n",
                "user",
                "add",
                "ulla",
                "--role",
                "uploader",
                "--password-stdin",
                "--data-dir",
                dataDir());
        assertThat(added.exit()).as(added.err()).isZero();
        assertThat(added.out()).contains("Added ulla (uploader)");
        assertThat(run("other-pw\n", "user", "add", "rita", "--role", "READER", "--data-dir", dataDir())
                        .exit())
                .as("without a console the password comes from stdin")
                .isZero();

        Path file = tmp.resolve("data/users.json");
        String stored = Files.readString(file);
        assertThat(stored)
                .doesNotContain("s3cret-Pa55")
                .doesNotContain("other-pw")
                .contains("$2a$10$");
        assertThat(Files.getPosixFilePermissions(file)).isEqualTo(PosixFilePermissions.fromString("rw-------"));

        Run list = run("", "user", "list", "--data-dir", dataDir());
        assertThat(list.out()).isEqualTo("rita\treader\nulla\tuploader\n".replace("\n", System.lineSeparator()));

        UserStore store = UserStore.open(tmp.resolve("data"));
        assertThat(store.verify("ulla", "s3cret-Pa55")).contains(UserRole.UPLOADER);
        assertThat(store.verify("ulla", "wrong")).isEmpty();
        assertThat(store.verify("nobody", "s3cret-Pa55")).isEmpty();

        Run changed =
                run("new-pw\n", "user", "add", "ulla", "--role", "admin", "--password-stdin", "--data-dir", dataDir());
        assertThat(changed.out()).contains("Updated ulla (admin)");
        assertThat(UserStore.open(tmp.resolve("data")).verify("ulla", "new-pw")).contains(UserRole.ADMIN);

        assertThat(run("", "user", "remove", "ulla", "--data-dir", dataDir()).exit())
                .isZero();
        Run again = run("", "user", "remove", "ulla", "--data-dir", dataDir());
        assertThat(again.exit()).isEqualTo(1);
        assertThat(again.err()).contains("No user named ulla");
        assertThat(run("", "user", "list", "--data-dir", dataDir()).out()).doesNotContain("ulla");
    }

    @Test
    void theSessionRolesReadLikeReaderAndUploaderAndMayStartSessions() throws Exception {
        assertThat(run("ci-pw\n", "user", "add", "ci", "--role", "session", "--data-dir", dataDir())
                        .out())
                .contains("Added ci (session)");
        assertThat(run("pub-pw\n", "user", "add", "pub", "--role", "Session-Uploader", "--data-dir", dataDir())
                        .out())
                .contains("Added pub (session-uploader)");
        assertThat(run("", "user", "list", "--data-dir", dataDir()).out())
                .isEqualTo("ci\tsession\npub\tsession-uploader\n".replace("\n", System.lineSeparator()));

        UserStore store = UserStore.open(tmp.resolve("data"));
        assertThat(store.verify("ci", "ci-pw")).contains(UserRole.SESSION);
        assertThat(UserRole.SESSION.caller("ci").role()).isEqualTo(Role.READER);
        assertThat(UserRole.SESSION.caller("ci").startsSessions()).isTrue();
        assertThat(UserRole.SESSION_UPLOADER.caller("pub").role()).isEqualTo(Role.UPLOADER);
        assertThat(UserRole.SESSION_UPLOADER.caller("pub").startsSessions()).isTrue();
        assertThat(UserRole.UPLOADER.caller("ulla").startsSessions()).isFalse();
        assertThat(run("pw\n", "user", "add", "x", "--role", "god", "--data-dir", dataDir())
                        .err())
                .contains("use reader, uploader, admin, session or session-uploader");
    }

    @Test
    void badInputIsRefusedWithAReason() {
        assertThat(run("pw\n", "user", "add", "x", "--role", "god", "--data-dir", dataDir())
                        .err())
                .contains("Unknown role 'god'");
        assertThat(run("pw\n", "user", "add", "a:b", "--role", "reader", "--data-dir", dataDir())
                        .err())
                .contains("user name");
        assertThat(run("", "user", "add", "x", "--role", "reader", "--data-dir", dataDir())
                        .err())
                .contains("No password");
        assertThat(run("x".repeat(80) + "\n", "user", "add", "x", "--role", "reader", "--data-dir", dataDir())
                        .err())
                .contains("at most 71 bytes");
        assertThat(Files.exists(tmp.resolve("data/users.json"))).isFalse();
    }

    @Test
    void aRunningServerHonoursUsersAddedAndRemovedLater() throws Exception {
        Path data = tmp.resolve("data");
        try (MirrorFixture mirrors = new MirrorFixture(data)) {
            MirrorServer server = mirrors.startWithUsers(
                    UserStore.open(data), b -> b.anonymousRead(false), java.net.URI.create("http://127.0.0.1:9/"));
            String status = "api/status";
            assertThat(get(mirrors, server, status, "rita", "pw1").statusCode()).isEqualTo(401);

            run("pw1\n", "user", "add", "rita", "--role", "reader", "--data-dir", data.toString());
            assertThat(get(mirrors, server, status, "rita", "pw1").statusCode()).isEqualTo(200);
            assertThat(get(mirrors, server, status, "rita", "pw1").statusCode())
                    .as("cached")
                    .isEqualTo(200);
            HttpResponse<byte[]> wrong = get(mirrors, server, status, "rita", "pw2");
            assertThat(wrong.statusCode())
                    .as("wrong credentials are never anonymous")
                    .isEqualTo(401);
            assertThat(wrong.headers().firstValue("WWW-Authenticate")).hasValue("Basic realm=\"python-mirror\"");

            run("", "user", "remove", "rita", "--data-dir", data.toString());
            assertThat(get(mirrors, server, status, "rita", "pw1").statusCode())
                    .as("a removed user is refused at once, cached or not")
                    .isEqualTo(401);
        }
    }

    private static HttpResponse<byte[]> get(
            MirrorFixture mirrors, MirrorServer server, String path, String user, String password) throws Exception {
        return mirrors.get(server.baseUrl().resolve(path), "Authorization", UploadRequest.basic(user, password));
    }
}
