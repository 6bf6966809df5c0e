package io.jenkins.plugins.pythonmirror.server;

import io.jenkins.plugins.pythonmirror.access.Role;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/** Test helpers around private packages: users of every role, and small setuptools projects to build. */
final class PrivateProjects {

    private PrivateProjects() {}

    /** reader rita, uploader ulla, admin adam; each password is {@code <name>-pw}. */
    static UserStore users(Path dataDir) throws IOException {
        UserStore users = UserStore.open(dataDir);
        users.add("rita", Role.READER, "rita-pw");
        users.add("ulla", Role.UPLOADER, "ulla-pw");
        users.add("adam", Role.ADMIN, "adam-pw");
        return users;
    }

    /** Writes a setuptools project ({@code pyproject.toml}, PEP 621) with one module and returns its directory. */
    static Path setuptoolsProject(Path dir, String name, String version, String moduleSource, String... deps)
            throws IOException {
        String pkg = name.replace('-', '_');
        Files.createDirectories(dir.resolve(pkg));
        Files.writeString(dir.resolve(pkg).resolve("__init__.py"), moduleSource);
        StringBuilder dependencies = new StringBuilder();
        for (String d : deps) {
            dependencies
                    .append(dependencies.length() == 0 ? "" : ", ")
                    .append('"')
                    .append(d)
                    .append('"');
        }
        Files.writeString(
                dir.resolve("pyproject.toml"),
                """
                [build-system]
                requires = ["setuptools>=61"]
                build-backend = "setuptools.build_meta"

                [project]
                name = "%s"
                version = "%s"
                description = "A private test package"
                requires-python = ">=3.7"
                dependencies = [%s]

                [tool.setuptools]
                packages = ["%s"]
                """
                        .formatted(name, version, dependencies, pkg));
        return dir;
    }

    /** The built files of {@code dist}, wheel first. */
    static List<Path> dists(Path dist) throws IOException {
        try (Stream<Path> files = Files.list(dist)) {
            return files.sorted((a, b) -> a.toString().endsWith(".whl") ? -1 : 1)
                    .toList();
        }
    }

    /** {@code http://user:password@127.0.0.1:port/simple/}. */
    static String indexUrl(MirrorServer server, String user, String password) {
        return "http://" + user + ":" + password + "@127.0.0.1:" + server.port() + "/simple/";
    }
}
