package io.jenkins.plugins.pythonmirror;

import hudson.Extension;
import hudson.ExtensionList;
import hudson.ProxyConfiguration;
import hudson.init.InitMilestone;
import hudson.init.Initializer;
import hudson.init.Terminator;
import hudson.model.Run;
import io.jenkins.plugins.pythonmirror.build.BuildEnvironment;
import io.jenkins.plugins.pythonmirror.build.BuildToken;
import io.jenkins.plugins.pythonmirror.build.BuildTokens;
import io.jenkins.plugins.pythonmirror.config.MirrorSettings;
import io.jenkins.plugins.pythonmirror.config.SettingsConverter;
import io.jenkins.plugins.pythonmirror.policy.PolicyText;
import io.jenkins.plugins.pythonmirror.policy.ReleasePolicy;
import io.jenkins.plugins.pythonmirror.report.SessionReport;
import java.io.IOException;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.logging.Level;
import java.util.logging.Logger;
import jenkins.model.Jenkins;

/**
 * Owns the controller's one {@link Mirror} and its build tokens: opened after the configuration loads, reopened when
 * a save changed the engine's settings (checked on use, so a JCasC import reopens once), closed at shutdown. The
 * release policy is not an engine setting: a save that changes it is applied to the running engine at once (counters
 * and caches stay), and a policy set through {@code PUT python-mirror/api/policy} is written back into the
 * configuration.
 */
@Extension
public final class MirrorEngine {

    private static final Logger LOGGER = Logger.getLogger(MirrorEngine.class.getName());

    private final BuildTokens tokens = new BuildTokens();
    /** Tokens of freestyle wrappers between createLoggerDecorator and setUp, keyed by run and publish flag. */
    private final Map<String, BuildToken> wrapperTokens = new ConcurrentHashMap<>();

    private Mirror mirror;
    private long openedGeneration = -1;
    private String problem;

    public static MirrorEngine get() {
        return ExtensionList.lookupSingleton(MirrorEngine.class);
    }

    @Initializer(after = InitMilestone.SYSTEM_CONFIG_LOADED)
    public static void openAtStartup() {
        try {
            get().mirror();
        } catch (IOException e) {
            LOGGER.log(
                    Level.WARNING,
                    "The Python mirror did not open; it stays unavailable until the configuration is fixed",
                    e);
        }
    }

    @Terminator
    public static void closeAtShutdown() {
        get().close();
    }

    /**
     * The open engine. After a save it is reopened only if the engine's settings really changed (a new token
     * lifetime, sync schedule or release policy does not), and a reopened engine keeps the counters of the one it
     * replaces. A configuration whose settings or policy have problems closes the engine: builds then fail loudly
     * rather than install what the policy is meant to hold back.
     */
    public synchronized Mirror mirror() throws IOException {
        PythonMirrorConfiguration config = PythonMirrorConfiguration.get();
        long generation = config.generation();
        if (mirror != null && openedGeneration == generation) {
            return mirror;
        }
        openedGeneration = generation;
        SettingsConverter.Result result = config.convert();
        PolicyText.Result policyResult = config.convertPolicy();
        if (result.settings().isEmpty() || policyResult.policy().isEmpty()) {
            close();
            List<String> problems = new ArrayList<>(result.problems());
            problems.addAll(policyResult.problems());
            problem = String.join(" ", problems);
            throw new IOException("The Python mirror configuration has problems: " + problem);
        }
        MirrorSettings settings = result.settings().get();
        ReleasePolicy policy = policyResult.policy().get();
        if (mirror != null && mirror.settings().equals(settings)) {
            mirror.setPolicy(policy);
            return mirror;
        }
        Mirror previous = mirror;
        mirror = null;
        try {
            mirror = previous == null
                    ? Mirror.open(settings, ProxyConfiguration::newHttpClientBuilder)
                    : previous.reopen(settings, ProxyConfiguration::newHttpClientBuilder);
            mirror.setPolicy(policy);
            // PUT api/policy: the global configuration keeps it (saved before it applies).
            mirror.setPolicyStore(p -> PythonMirrorConfiguration.get().replacePolicy(p));
            problem = null;
        } catch (IOException | RuntimeException e) {
            problem = e.getMessage();
            throw e;
        }
        return mirror;
    }

    /** Why the engine is not open, or null. */
    public synchronized String problem() {
        return problem;
    }

    public synchronized void close() {
        if (mirror != null) {
            try {
                mirror.close();
            } catch (IOException e) {
                LOGGER.log(Level.WARNING, "Closing the Python mirror failed", e);
            }
            mirror = null;
        }
    }

    public BuildTokens tokens() {
        return tokens;
    }

    /**
     * Issues a token for {@code run}, starts recording what its requests obtain (the build's "Python dependencies"),
     * and computes the build's environment (one core function for both).
     *
     * @param label the stage the block runs in, or null
     */
    public Session startSession(Run<?, ?> run, boolean findLinks, boolean publish, String label) {
        BuildToken token = issue(run, publish);
        beginRecording(token, label);
        return session(token, findLinks);
    }

    /** Starts (or, for a resumed Pipeline, continues) recording the token's requests; skipped if the engine is down. */
    void beginRecording(BuildToken token, String label) {
        if (token.session() == null) {
            return;
        }
        try {
            mirror().sessions().begin(token.session(), token.username(), label);
        } catch (IOException e) {
            LOGGER.log(Level.FINE, "Not recording " + token.username() + ": " + e.getMessage());
        }
    }

    /** Ends the recording of {@code session} and returns what it obtained; empty when nothing was recorded. */
    Optional<SessionReport> endRecording(String session) {
        try {
            return mirror().sessions().end(session);
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    /** A token for {@code run} that lives as long as the configuration says now (not when the engine opened). */
    private BuildToken issue(Run<?, ?> run, boolean publish) {
        return tokens.issue(
                run.getExternalizableId(),
                run.getNumber(),
                publish,
                PythonMirrorConfiguration.get().tokenLifetimeOrDefault());
    }

    Session session(BuildToken token, boolean findLinks) {
        URI base = BuildEnvironment.mirrorBase(Jenkins.get().getRootUrl());
        return new Session(
                token,
                BuildEnvironment.compute(base, token, new BuildEnvironment.Options(findLinks, token.mayPublish())));
    }

    /** The freestyle wrapper's token for this run, issued by whichever of its two callbacks runs first. */
    BuildToken wrapperToken(Run<?, ?> run, boolean publish) {
        return wrapperTokens.computeIfAbsent(run.getExternalizableId() + "|" + publish, k -> issue(run, publish));
    }

    void revoke(String secret) {
        tokens.revoke(secret);
        wrapperTokens.values().removeIf(t -> t.secret().equals(secret));
    }

    /** A build's token and environment. */
    public record Session(BuildToken token, BuildEnvironment environment) {}
}
