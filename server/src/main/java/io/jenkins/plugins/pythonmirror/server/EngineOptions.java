package io.jenkins.plugins.pythonmirror.server;

import io.jenkins.plugins.pythonmirror.config.MirrorSettings;
import io.jenkins.plugins.pythonmirror.config.Quantities;
import io.jenkins.plugins.pythonmirror.config.Upstream;
import io.jenkins.plugins.pythonmirror.policy.InvalidPolicyException;
import io.jenkins.plugins.pythonmirror.policy.PolicyStore;
import io.jenkins.plugins.pythonmirror.policy.ReleasePolicy;
import io.jenkins.plugins.pythonmirror.privateindex.NamePatterns;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** The options every command that opens the engine shares. */
final class EngineOptions {

    @Spec(Spec.Target.MIXEE)
    CommandLine.Model.CommandSpec spec;

    @Option(
            names = "--data-dir",
            defaultValue = "data",
            description = "Where cached files, pages and private packages live (default: ./${DEFAULT-VALUE});"
                    + " with --store, this server's local cache only.")
    Path dataDir;

    @CommandLine.Mixin
    StoreOptions store;

    @Option(
            names = "--upstream",
            description =
                    "An upstream simple index, repeatable, tried in order (default: " + "https://pypi.org/simple/).")
    List<String> upstreams = new ArrayList<>();

    @Option(names = "--offline", description = "Never contact an upstream; serve only what is cached.")
    boolean offline;

    @Option(
            names = "--page-ttl",
            defaultValue = "10m",
            description = "How long a project page is fresh before it is revalidated (default: ${DEFAULT-VALUE}).")
    String pageTtl;

    @Option(
            names = "--connect-timeout",
            defaultValue = "5s",
            description = "Upstream connect timeout (default: ${DEFAULT-VALUE}).")
    String connectTimeout;

    @Option(
            names = "--read-timeout",
            defaultValue = "30s",
            description =
                    "Upstream response timeout, and the longest a download may stall (default: ${DEFAULT-VALUE}).")
    String readTimeout;

    @Option(
            names = "--max-cache-size",
            defaultValue = "0",
            description = "Cap on cached file bytes, such as 20g; 0 for none (default: ${DEFAULT-VALUE}).")
    String maxCacheSize;

    @Option(
            names = "--no-anonymous-read",
            description = "Require a user for every request (default: anyone may read the public cache).")
    boolean noAnonymousRead;

    @Option(
            names = "--private-pattern",
            paramLabel = "PATTERN",
            description = "Project names that are private before their first upload, such as 'acme-*'; repeatable."
                    + " The upstream is never asked about them.")
    List<String> privatePatterns = new ArrayList<>();

    @Option(
            names = "--allow-upstream",
            paramLabel = "NAME",
            description = "A private project whose upstream releases may be merged in below the private ones;"
                    + " repeatable.")
    List<String> allowUpstream = new ArrayList<>();

    @Option(
            names = "--max-upload-size",
            defaultValue = "100m",
            description = "The largest file an upload may carry (default: ${DEFAULT-VALUE}).")
    String maxUploadSize;

    @Option(
            names = "--min-release-age",
            paramLabel = "AGE",
            description = "Hold back upstream files uploaded less than AGE ago (PEP 700 upload-time), such as 7d;"
                    + " 0 for none. Overrides the policy file's minReleaseAge.")
    String minReleaseAge;

    @Option(
            names = "--unknown-age",
            paramLabel = "allow|hold",
            description = "Files whose upstream gives no upload time, while a release age applies: allow (the"
                    + " default) or hold. Overrides the policy file's unknownAge.")
    String unknownAge;

    @Option(
            names = "--policy-file",
            paramLabel = "FILE",
            description = "The whole release policy in YAML (ages, never-held patterns, per-project ages, blocked"
                    + " releases); PUT api/policy rewrites it. Need not exist yet.")
    Path policyFile;

    /**
     * The release policy: the policy file (if given) with {@code --min-release-age} and {@code --unknown-age}
     * overriding its two values, as command-line options override a configuration file.
     */
    ReleasePolicy toPolicy() {
        try {
            ReleasePolicy base = policyFile == null ? ReleasePolicy.NONE : PolicyFile.read(policyFile);
            Duration age = minReleaseAge == null ? base.minReleaseAge() : Quantities.parseDuration(minReleaseAge);
            ReleasePolicy.UnknownAge unknown =
                    unknownAge == null ? base.unknownAge() : ReleasePolicy.UnknownAge.parse(unknownAge);
            return new ReleasePolicy(age, unknown, base.neverHeld(), base.ageOverrides(), base.blocked());
        } catch (IOException e) {
            throw new CommandLine.ParameterException(
                    spec.commandLine(), "Cannot read the policy file " + policyFile + ": " + e.getMessage());
        } catch (InvalidPolicyException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), "Bad release policy: " + e.getMessage());
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), "Bad --min-release-age: " + e.getMessage());
        }
    }

    /** Where {@code PUT api/policy} keeps a new policy: the policy file, or (none given) memory only. */
    PolicyStore policyStore() {
        if (policyFile == null) {
            return PolicyStore.IN_MEMORY;
        }
        List<String> flags = new ArrayList<>();
        if (minReleaseAge != null) {
            flags.add("--min-release-age");
        }
        if (unknownAge != null) {
            flags.add("--unknown-age");
        }
        return new PolicyFile(policyFile, flags.isEmpty() ? null : String.join(" and ", flags));
    }

    @Option(
            names = "--min-download-rate",
            defaultValue = "64k/30s",
            paramLabel = "SIZE/DURATION",
            description = "A file download that receives less than SIZE in any DURATION is ended (a slow drip would"
                    + " pin the file); 0 turns the rule off (default: ${DEFAULT-VALUE}).")
    String minDownloadRate;

    MirrorSettings toSettings() {
        try {
            List<Upstream> list = new ArrayList<>();
            for (String u : upstreams) {
                list.add(new Upstream(URI.create(u.trim()), null, null));
            }
            MirrorSettings.Builder b = MirrorSettings.builder(dataDir)
                    .sharedStore(store.location())
                    .offline(offline)
                    .pageTtl(Quantities.parseDuration(pageTtl))
                    .connectTimeout(Quantities.parseDuration(connectTimeout))
                    .readTimeout(Quantities.parseDuration(readTimeout))
                    .maxCacheBytes(Quantities.parseSize(maxCacheSize))
                    .anonymousRead(!noAnonymousRead)
                    .privatePatterns(privatePatterns)
                    .allowlist(allowUpstream)
                    .maxUploadBytes(Quantities.parseSize(maxUploadSize));
            applyMinDownloadRate(b);
            if (!list.isEmpty()) {
                b.upstreams(list);
            }
            NamePatterns.of(privatePatterns); // refuse a bad pattern here, with the option's name around it
            NamePatterns.of(allowUpstream);
            MirrorSettings settings = b.build();
            List<String> problems = settings.validate();
            if (!problems.isEmpty()) {
                throw new CommandLine.ParameterException(spec.commandLine(), String.join(" ", problems));
            }
            return settings;
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
        }
    }

    private void applyMinDownloadRate(MirrorSettings.Builder b) {
        String rate = minDownloadRate.trim();
        if (rate.equals("0")) {
            b.minDownloadRate(0, MirrorSettings.DEFAULT_MIN_DOWNLOAD_WINDOW);
            return;
        }
        int slash = rate.indexOf('/');
        if (slash < 0) {
            throw new IllegalArgumentException(
                    "Invalid --min-download-rate '" + rate + "': use SIZE/DURATION, such as 64k/30s, or 0");
        }
        b.minDownloadRate(
                Quantities.parseSize(rate.substring(0, slash)), Quantities.parseDuration(rate.substring(slash + 1)));
    }
}
