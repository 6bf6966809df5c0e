package io.jenkins.plugins.pythonmirror.server;

import io.jenkins.plugins.pythonmirror.Mirror;
import io.jenkins.plugins.pythonmirror.policy.ReleasePolicy;
import io.jenkins.plugins.pythonmirror.sync.InvalidSyncSpecException;
import io.jenkins.plugins.pythonmirror.sync.SyncProgress;
import io.jenkins.plugins.pythonmirror.sync.SyncReport;
import io.jenkins.plugins.pythonmirror.sync.SyncSpec;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code sync}: runs one mirror sync over the data directory and exits: 0 when everything the spec selects is
 * cached, 1 when anything failed, 2 for a spec that cannot be used (with its line and reason).
 */
@Command(
        name = "sync",
        mixinStandardHelpOptions = true,
        description = "Fetch a requirement set and its dependency closure into the cache, pin it, and exit.")
final class SyncCommand implements Callable<Integer> {

    static final int FAILED = 1;
    static final int BAD_SPEC = 2;

    @Mixin
    EngineOptions engine;

    @Option(names = "--spec", required = true, description = "The sync spec (YAML), see docs/mirror-sync.md.")
    Path spec;

    @Override
    public Integer call() throws Exception {
        SyncSpec parsed;
        try {
            parsed = readSpec(spec);
        } catch (InvalidSyncSpecException e) {
            System.err.println("Bad sync spec " + spec + ": " + e.getMessage());
            return BAD_SPEC;
        }
        ReleasePolicy policy = engine.toPolicy(); // the sync never fetches what the policy withholds
        try (Mirror mirror = Mirror.open(engine.toSettings())) {
            mirror.setPolicy(policy);
            SyncReport report = mirror.sync(parsed, SyncProgress.printingTo(System.out));
            mirror.evict();
            return report.ok() ? 0 : FAILED;
        }
    }

    /** Reads and parses a spec file; an unreadable file is a bad spec too. */
    static SyncSpec readSpec(Path file) {
        try {
            return SyncSpec.parse(Files.readString(file, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new InvalidSyncSpecException(0, "cannot read " + file + ": " + e.getMessage());
        }
    }
}
