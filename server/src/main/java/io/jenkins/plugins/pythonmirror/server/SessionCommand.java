package io.jenkins.plugins.pythonmirror.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.Iterator;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code session start|report|sbom|end}: the sessions API of a running server ({@code api/sessions}) for shell-based
 * CI. {@code start} prints {@code export NAME='value'} lines to {@code eval}: the variables a Jenkins build gets
 * inside {@code withPythonMirror} (the server computes them with the same function) and {@code PYTHON_MIRROR_SESSION}.
 */
@Command(
        name = "session",
        mixinStandardHelpOptions = true,
        description = "Start, read and end a recording session on a running server, for CI systems such as GitHub"
                + " Actions or GitLab CI: eval \"$(… session start)\", pip install …, … session report, … session end.",
        subcommands = {
            SessionCommand.Start.class,
            SessionCommand.Report.class,
            SessionCommand.Sbom.class,
            SessionCommand.End.class
        })
final class SessionCommand implements Runnable {

    private static final ObjectMapper JSON = new ObjectMapper();

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(
                spec.commandLine(), "Missing a subcommand: start, report, sbom or end");
    }

    /** Where the server is and who signs in; each also from the environment. */
    static final class Connection {
        @CommandLine.Spec(CommandLine.Spec.Target.MIXEE)
        CommandLine.Model.CommandSpec spec;

        @Option(
                names = "--server",
                defaultValue = "${env:PYTHON_MIRROR_URL}",
                description =
                        "The server's base URL, such as http://mirror.example.com:8080/ (default: $PYTHON_MIRROR_URL).")
        String server;

        @Option(
                names = {"-u", "--user"},
                defaultValue = "${env:PYTHON_MIRROR_USER}",
                description = "A user with the session or admin role (default: $PYTHON_MIRROR_USER).")
        String user;

        @Option(
                names = {"-p", "--password"},
                defaultValue = "${env:PYTHON_MIRROR_PASSWORD}",
                description =
                        "Its password (default: $PYTHON_MIRROR_PASSWORD, which keeps it out of the process list).")
        String password;

        URI base() {
            if (server == null || server.isBlank()) {
                throw new CommandLine.ParameterException(
                        spec.commandLine(), "Missing the server: --server URL or PYTHON_MIRROR_URL");
            }
            String s = server.strip();
            URI uri;
            try {
                uri = URI.create(s.endsWith("/") ? s : s + "/");
            } catch (IllegalArgumentException e) {
                throw new CommandLine.ParameterException(spec.commandLine(), "Not a URL: " + s);
            }
            if (!("http".equals(uri.getScheme()) || "https".equals(uri.getScheme())) || uri.getHost() == null) {
                throw new CommandLine.ParameterException(spec.commandLine(), "Not an http(s) URL: " + s);
            }
            return uri;
        }

        /** Sends {@code method path} with the credentials; exits 1 with the server's reason unless 2xx. */
        HttpResponse<String> send(String method, String path, String jsonBody) throws IOException {
            if (user == null || user.isEmpty() || password == null) {
                throw new CommandLine.ParameterException(
                        spec.commandLine(),
                        "Missing credentials: -u USER -p PASSWORD, or PYTHON_MIRROR_USER and PYTHON_MIRROR_PASSWORD");
            }
            URI uri = base().resolve(path);
            HttpRequest.Builder b = HttpRequest.newBuilder(uri)
                    .timeout(Duration.ofSeconds(60))
                    .header(
                            "Authorization",
                            "Basic "
                                    + Base64.getEncoder()
                                            .encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8)));
            if (jsonBody != null) {
                b.header("Content-Type", "application/json")
                        .method(method, HttpRequest.BodyPublishers.ofString(jsonBody, StandardCharsets.UTF_8));
            } else {
                b.method(method, HttpRequest.BodyPublishers.noBody());
            }
            HttpResponse<String> response;
            try {
                response = HttpClient.newBuilder()
                        .connectTimeout(Duration.ofSeconds(10))
                        .build()
                        .send(b.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted", e);
            }
            if (response.statusCode() / 100 != 2) {
                throw new Failed(method + " " + uri + ": " + response.statusCode() + " "
                        + response.body().strip().lines().findFirst().orElse(""));
            }
            return response;
        }
    }

    /** A refusal of the server, reported on stderr with exit code 1. */
    static final class Failed extends RuntimeException {
        Failed(String message) {
            super(message);
        }
    }

    /** Runs {@code body}, turning server refusals and I/O trouble into a one-line message and exit code 1. */
    static int run(CommandLine.Model.CommandSpec spec, Callable<Integer> body) throws Exception {
        try {
            return body.call();
        } catch (Failed | IOException e) {
            spec.commandLine().getErr().println("python-mirror: " + e.getMessage());
            spec.commandLine().getErr().flush();
            return 1;
        }
    }

    /** The session id: the parameter, else {@code $PYTHON_MIRROR_SESSION}. */
    static final class SessionId {
        @CommandLine.Spec(CommandLine.Spec.Target.MIXEE)
        CommandLine.Model.CommandSpec spec;

        @Parameters(
                index = "0",
                arity = "0..1",
                defaultValue = "${env:PYTHON_MIRROR_SESSION}",
                description = "The session id (default: $PYTHON_MIRROR_SESSION, which 'session start' exports).")
        String id;

        String get() {
            if (id == null || !id.matches("[A-Za-z0-9_-]{1,64}")) {
                throw new CommandLine.ParameterException(
                        spec.commandLine(), "Missing or bad session id: give it, or set PYTHON_MIRROR_SESSION");
            }
            return id;
        }
    }

    enum Format {
        /** {@code export NAME='value'} lines, for {@code eval}. */
        SH,
        /** {@code NAME=value} lines, for {@code >> "$GITHUB_ENV"} or an env file. */
        ENV
    }

    @Command(
            name = "start",
            mixinStandardHelpOptions = true,
            description = "Start a session; print the variables that point pip, uv, pipenv, pdm (and, with --publish,"
                    + " twine, uv, pdm, poetry uploads) at it, to eval.")
    static final class Start implements Callable<Integer> {
        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Mixin
        Connection connection;

        @Option(names = "--publish", description = "The session's token may upload (the user must be allowed to).")
        boolean publish;

        @Option(names = "--find-links", description = "Also set PIP_FIND_LINKS/UV_FIND_LINKS to the links/ page.")
        boolean findLinks;

        @Option(names = "--label", description = "What to call the session in its report and SBOM, such as a job URL.")
        String label;

        @Option(
                names = "--format",
                defaultValue = "sh",
                description = "sh (export lines, default) or env (NAME=value lines, for $GITHUB_ENV).")
        Format format;

        @Override
        public Integer call() throws Exception {
            return run(spec, () -> {
                ObjectNode body = JSON.createObjectNode();
                if (publish) {
                    body.put("publish", true);
                }
                if (findLinks) {
                    body.put("findLinks", true);
                }
                if (label != null) {
                    body.put("label", label);
                }
                JsonNode started = JSON.readTree(
                        connection.send("POST", "api/sessions", body.toString()).body());
                String token = started.path("token").asText();
                if ("true".equals(System.getenv("GITHUB_ACTIONS"))) {
                    // GitHub Actions reads workflow commands on stderr too: the token never shows in the log.
                    spec.commandLine().getErr().println("::add-mask::" + token);
                    spec.commandLine().getErr().flush();
                }
                PrintWriter out = spec.commandLine().getOut();
                for (Iterator<Map.Entry<String, JsonNode>> it =
                                started.path("environment").fields();
                        it.hasNext(); ) {
                    Map.Entry<String, JsonNode> e = it.next();
                    out.println(line(e.getKey(), e.getValue().asText()));
                }
                out.println(line("PYTHON_MIRROR_SESSION", started.path("id").asText()));
                out.flush();
                return 0;
            });
        }

        private String line(String name, String value) {
            return format == Format.ENV ? name + "=" + value : "export " + name + "=" + shellQuote(value);
        }
    }

    @Command(name = "report", mixinStandardHelpOptions = true, description = "Print what the session obtained (JSON).")
    static final class Report implements Callable<Integer> {
        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Mixin
        Connection connection;

        @Mixin
        SessionId session;

        @Override
        public Integer call() throws Exception {
            return print(spec, connection, "api/sessions/" + session.get() + "/report");
        }
    }

    @Command(name = "sbom", mixinStandardHelpOptions = true, description = "Print the session's CycloneDX 1.6 SBOM.")
    static final class Sbom implements Callable<Integer> {
        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Mixin
        Connection connection;

        @Mixin
        SessionId session;

        @Override
        public Integer call() throws Exception {
            return print(spec, connection, "api/sessions/" + session.get() + "/sbom");
        }
    }

    @Command(
            name = "end",
            mixinStandardHelpOptions = true,
            description = "End the session: its token stops working; its report stays readable for a while.")
    static final class End implements Callable<Integer> {
        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Mixin
        Connection connection;

        @Mixin
        SessionId session;

        @Override
        public Integer call() throws Exception {
            return run(spec, () -> {
                JsonNode report = JSON.readTree(connection
                        .send("DELETE", "api/sessions/" + session.get(), null)
                        .body());
                spec.commandLine()
                        .getOut()
                        .println("Session " + session.get() + " ended: "
                                + report.path("summary").asText());
                spec.commandLine().getOut().flush();
                return 0;
            });
        }
    }

    private static int print(CommandLine.Model.CommandSpec spec, Connection connection, String path) throws Exception {
        return run(spec, () -> {
            String body = connection.send("GET", path, null).body();
            spec.commandLine().getOut().print(body.endsWith("\n") ? body : body + "\n");
            spec.commandLine().getOut().flush();
            return 0;
        });
    }

    /** Single-quotes {@code value} for POSIX shells. */
    static String shellQuote(String value) {
        return "'" + value.replace("'", "'\\''") + "'";
    }
}
