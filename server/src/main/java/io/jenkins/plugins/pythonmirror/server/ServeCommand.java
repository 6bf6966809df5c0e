package io.jenkins.plugins.pythonmirror.server;

import io.jenkins.plugins.pythonmirror.config.MirrorSettings;
import io.jenkins.plugins.pythonmirror.config.Quantities;
import io.jenkins.plugins.pythonmirror.policy.ReleasePolicy;
import io.jenkins.plugins.pythonmirror.sync.SyncProgress;
import io.jenkins.plugins.pythonmirror.sync.SyncSpec;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code serve}: runs the mirror until stopped. */
@Command(name = "serve", mixinStandardHelpOptions = true, description = "Serve the mirror over HTTP.")
final class ServeCommand implements Callable<Integer> {

    @Mixin
    EngineOptions engine;

    @Option(names = "--port", defaultValue = "8080", description = "Port to listen on (default: ${DEFAULT-VALUE}).")
    int port;

    @Option(
            names = "--host",
            defaultValue = "0.0.0.0",
            description = "Address to listen on (default: ${DEFAULT-VALUE}, all interfaces).")
    String host;

    @Option(
            names = "--sync-spec",
            description = "Run mirror sync with this spec (YAML) at start and every --sync-every; POST api/sync runs it"
                    + " on demand.")
    Path syncSpec;

    @Option(
            names = "--sync-every",
            defaultValue = "1h",
            description = "How often the --sync-spec sync runs (default: ${DEFAULT-VALUE}).")
    String syncEvery;

    @Option(
            names = "--session-reports-kept-for",
            defaultValue = "7d",
            description = "How long the report of an ended session (api/sessions, 'session end') stays readable"
                    + " (default: ${DEFAULT-VALUE}).")
    String sessionReportsKeptFor;

    @Option(
            names = "--public-url",
            paramLabel = "URL",
            description = "The URL clients reach this server at, such as https://pypi.example.com/ behind a reverse"
                    + " proxy; used for the index URLs 'session start' hands out (default: from each request's Host).")
    String publicUrl;

    @Option(
            names = "--max-threads",
            defaultValue = "" + MirrorServer.DEFAULT_MAX_THREADS,
            description = "The most HTTP threads: one per request in flight; more concurrent requests queue"
                    + " (default: ${DEFAULT-VALUE}).")
    int maxThreads;

    @Override
    public Integer call() throws Exception {
        MirrorSettings settings = sessionSettings(engine.toSettings());
        ReleasePolicy policy = engine.toPolicy();
        UserStore users = UserStore.open(settings.dataDir(), engine.store.open());
        SyncSpec spec = null;
        Duration every = null;
        if (syncSpec != null) {
            try {
                spec = SyncCommand.readSpec(syncSpec);
                every = Quantities.parseDuration(syncEvery);
            } catch (IllegalArgumentException e) {
                throw new CommandLine.ParameterException(
                        engine.spec.commandLine(), "Bad sync spec " + syncSpec + ": " + e.getMessage());
            }
        }
        if (maxThreads < MirrorServer.MIN_MAX_THREADS) {
            throw new CommandLine.ParameterException(
                    engine.spec.commandLine(), "--max-threads must be at least " + MirrorServer.MIN_MAX_THREADS);
        }
        MirrorServer server =
                MirrorServer.newServer(settings, host, port, users).maxThreads(maxThreads);
        server.mirror().setPolicy(policy);
        server.mirror().setPolicyStore(engine.policyStore());
        server.start();
        if (spec != null) {
            server.scheduleSync(spec, every, SyncProgress.printingTo(System.out));
        }
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                server.close();
            } catch (Exception e) {
                // shutting down anyway
            }
        }));
        String base = settings.publicUrl() != null
                ? settings.publicUrl().toString()
                : "http://127.0.0.1:" + server.port() + "/";
        System.out.println("python-mirror is serving " + base + "simple/");
        System.out.println("  data directory: " + settings.dataDir().toAbsolutePath());
        System.out.println("  upstreams:      "
                + (settings.offline()
                        ? "none (offline)"
                        : String.join(
                                ", ",
                                settings.upstreams().stream()
                                        .map(u -> u.displayName())
                                        .toList())));
        System.out.println("  page TTL:       " + Quantities.formatDuration(settings.pageTtl()));
        System.out.println("  release policy: " + policy.summary());
        System.out.println("                  "
                + (engine.policyFile == null
                        ? "PUT " + base + "api/policy changes it until the server stops (no --policy-file)"
                        : "kept in " + engine.policyFile.toAbsolutePath() + "; PUT " + base
                                + "api/policy rewrites it"));
        System.out.println("  status:         " + base + "api/status");
        System.out.println(
                "  uploads:        " + base + "upload/ (" + users.list().size() + " user(s) in " + users.file() + ")");
        System.out.println();
        System.out.println("Use it with:");
        System.out.println("  pip install --index-url " + base + "simple/ <package>");
        System.out.println("or for every pip on this machine:");
        System.out.println("  pip config set global.index-url " + base + "simple/");
        server.join();
        return 0;
    }

    /** The standalone server runs the sessions API (Jenkins does not: its builds get build tokens). */
    private MirrorSettings sessionSettings(MirrorSettings settings) {
        try {
            MirrorSettings withSessions = settings.toBuilder()
                    .sessionApi(true)
                    .sessionReportsKeptFor(Quantities.parseDuration(sessionReportsKeptFor))
                    .publicUrl(publicUrl == null ? null : URI.create(publicUrl.trim()))
                    .build();
            List<String> problems = withSessions.validate();
            if (!problems.isEmpty()) {
                throw new IllegalArgumentException(String.join(" ", problems));
            }
            return withSessions;
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(engine.spec.commandLine(), e.getMessage());
        }
    }
}
