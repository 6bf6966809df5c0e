package io.jenkins.plugins.pythonmirror.server;

import io.jenkins.plugins.pythonmirror.config.MirrorSettings;
import io.jenkins.plugins.pythonmirror.config.Quantities;
import io.jenkins.plugins.pythonmirror.sync.SyncProgress;
import io.jenkins.plugins.pythonmirror.sync.SyncSpec;
import java.nio.file.Path;
import java.time.Duration;
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
            names = "--max-threads",
            defaultValue = "" + MirrorServer.DEFAULT_MAX_THREADS,
            description = "The most HTTP threads: one per request in flight; more concurrent requests queue"
                    + " (default: ${DEFAULT-VALUE}).")
    int maxThreads;

    @Override
    public Integer call() throws Exception {
        MirrorSettings settings = engine.toSettings();
        UserStore users = UserStore.open(settings.dataDir());
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
        MirrorServer server = MirrorServer.newServer(settings, host, port, users)
                .maxThreads(maxThreads)
                .start();
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
        String base = "http://127.0.0.1:" + server.port() + "/";
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
}
