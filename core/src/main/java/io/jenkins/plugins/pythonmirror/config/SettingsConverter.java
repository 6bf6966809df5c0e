package io.jenkins.plugins.pythonmirror.config;

import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Turns the plain strings and booleans of a configuration form (the Jenkins global configuration, JCasC) into
 * {@link MirrorSettings}, collecting one readable sentence per problem; also the per-field checks the form runs as
 * the admin types.
 */
public final class SettingsConverter {

    /** Project-name glob: PEP 508 name characters plus {@code *} and {@code ?}. */
    private static final Pattern NAME_GLOB = Pattern.compile("[A-Za-z0-9._*?-]+");

    private SettingsConverter() {}

    /**
     * One upstream as typed.
     *
     * @param url the simple-index URL
     * @param username blank for anonymous
     * @param password blank for anonymous
     */
    public record UpstreamValues(String url, String username, String password) {}

    /**
     * The form's values.
     *
     * @param dataDir blank for {@code defaultDataDir}
     * @param upstreams in order
     * @param cacheCap such as {@code 20g}; blank or {@code 0} for no cap
     * @param pageTtl such as {@code 10m}; blank for the default
     * @param privatePatterns one glob per line or comma-separated, such as {@code acme-*}
     * @param allowlist private-pattern names that may still be looked up upstream
     */
    public record Values(
            String dataDir,
            List<UpstreamValues> upstreams,
            String cacheCap,
            String pageTtl,
            boolean offline,
            boolean anonymousRead,
            String privatePatterns,
            String allowlist) {}

    /**
     * The result: {@code settings} is present exactly when {@code problems} is empty.
     */
    public record Result(Optional<MirrorSettings> settings, List<String> problems) {
        public Result {
            problems = List.copyOf(problems);
        }

        public MirrorSettings orElseThrow() {
            return settings.orElseThrow(() -> new IllegalArgumentException(String.join(" ", problems)));
        }
    }

    /**
     * Where shared data lives, as typed in a form: a blank {@code store} keeps everything in the data directory
     * (the other fields are then ignored); {@code s3://BUCKET/PREFIX} shares it through that bucket.
     *
     * @param accessKeyId blank with a blank secret: the AWS default chain (environment, profile, instance role)
     */
    public record StorageValues(
            String store,
            String endpoint,
            String region,
            boolean pathStyle,
            String accessKeyId,
            String secretAccessKey) {}

    /** {@code base} with the shared store of {@code v} added, or with the problem that stops it. */
    public static Result withStorage(Result base, StorageValues v) {
        if (v == null || v.store() == null || v.store().isBlank()) {
            return base;
        }
        try {
            java.net.URI endpoint = v.endpoint() == null || v.endpoint().isBlank()
                    ? null
                    : java.net.URI.create(v.endpoint().strip());
            io.jenkins.plugins.pythonmirror.store.S3Location location =
                    io.jenkins.plugins.pythonmirror.store.S3Location.parse(
                            v.store(), endpoint, v.region(), v.pathStyle(), v.accessKeyId(), v.secretAccessKey());
            return new Result(
                    base.settings().map(s -> s.toBuilder().sharedStore(location).build()), base.problems());
        } catch (IllegalArgumentException e) {
            List<String> problems = new ArrayList<>(base.problems());
            problems.add("Storage: " + e.getMessage());
            return new Result(Optional.empty(), problems);
        }
    }

    public static Result convert(Values v, Path defaultDataDir) {
        List<String> problems = new ArrayList<>();
        Path dataDir = defaultDataDir;
        if (!isBlank(v.dataDir())) {
            checkDataDir(v.dataDir()).ifPresent(problems::add);
            try {
                dataDir = Path.of(v.dataDir().trim());
            } catch (InvalidPathException e) {
                // reported by checkDataDir
            }
        }
        MirrorSettings.Builder b = MirrorSettings.builder(dataDir);
        List<Upstream> upstreams = new ArrayList<>();
        for (UpstreamValues u : v.upstreams()) {
            Optional<String> problem = checkUpstreamUrl(u.url());
            if (problem.isPresent()) {
                problems.add(problem.get());
                continue;
            }
            boolean anonymous = isBlank(u.username());
            if (anonymous && !isBlank(u.password())) {
                problems.add("Upstream '" + u.url().trim() + "' has a password but no user name.");
            }
            upstreams.add(new Upstream(
                    URI.create(u.url().trim()),
                    anonymous ? null : u.username().trim(),
                    anonymous ? null : u.password()));
        }
        b.upstreams(upstreams);
        if (!isBlank(v.cacheCap())) {
            checkSize(v.cacheCap())
                    .ifPresentOrElse(problems::add, () -> b.maxCacheBytes(Quantities.parseSize(v.cacheCap())));
        }
        if (!isBlank(v.pageTtl())) {
            checkDuration(v.pageTtl())
                    .ifPresentOrElse(problems::add, () -> b.pageTtl(Quantities.parseDuration(v.pageTtl())));
        }
        b.offline(v.offline()).anonymousRead(v.anonymousRead());
        checkPatterns(v.privatePatterns(), "private name pattern").ifPresent(problems::add);
        checkPatterns(v.allowlist(), "allowlist entry").ifPresent(problems::add);
        b.privatePatterns(splitList(v.privatePatterns())).allowlist(splitList(v.allowlist()));
        MirrorSettings settings = b.build();
        problems.addAll(settings.validate());
        return new Result(problems.isEmpty() ? Optional.of(settings) : Optional.empty(), problems);
    }

    /** Splits a text area on newlines and commas, trimming and dropping blanks and {@code #} comments. */
    public static List<String> splitList(String text) {
        List<String> out = new ArrayList<>();
        if (text == null) {
            return out;
        }
        for (String line : text.split("\\R")) {
            String content = line.strip();
            if (content.startsWith("#")) {
                continue;
            }
            for (String item : content.split(",")) {
                if (!item.isBlank()) {
                    out.add(item.strip());
                }
            }
        }
        return out;
    }

    /** A mirror-sync spec in YAML: empty is fine (no sync), anything else must parse. */
    public static Optional<String> checkSyncSpec(String yaml) {
        if (isBlank(yaml)) {
            return Optional.empty();
        }
        try {
            io.jenkins.plugins.pythonmirror.sync.SyncSpec.parse(yaml);
            return Optional.empty();
        } catch (IllegalArgumentException e) {
            return Optional.of("Sync specification, " + e.getMessage());
        }
    }

    public static Optional<String> checkUpstreamUrl(String url) {
        if (isBlank(url)) {
            return Optional.of("An upstream needs a URL, such as https://pypi.org/simple/.");
        }
        try {
            URI uri = new URI(url.trim());
            String scheme = uri.getScheme();
            if (!("http".equals(scheme) || "https".equals(scheme)) || uri.getHost() == null) {
                return Optional.of("Upstream '" + url.trim() + "' is not an http(s) URL with a host.");
            }
            if (uri.getRawUserInfo() != null) {
                return Optional.of("Upstream '" + uri.getHost()
                        + "' has credentials in its URL; put them in the user name and password fields instead.");
            }
            return Optional.empty();
        } catch (URISyntaxException e) {
            return Optional.of("Upstream '" + url.trim() + "' is not a valid URL: " + e.getReason() + ".");
        }
    }

    public static Optional<String> checkSize(String text) {
        if (isBlank(text)) {
            return Optional.empty();
        }
        try {
            Quantities.parseSize(text);
            return Optional.empty();
        } catch (IllegalArgumentException e) {
            return Optional.of(e.getMessage() + ".");
        }
    }

    public static Optional<String> checkDuration(String text) {
        if (isBlank(text)) {
            return Optional.empty();
        }
        try {
            Quantities.parseDuration(text);
            return Optional.empty();
        } catch (IllegalArgumentException e) {
            return Optional.of(e.getMessage() + ".");
        }
    }

    /** A duration that must be positive, such as the build-token lifetime. */
    public static Optional<String> checkPositiveDuration(String text) {
        Optional<String> problem = checkDuration(text);
        if (problem.isPresent() || isBlank(text)) {
            return problem;
        }
        return Quantities.parseDuration(text).isZero()
                ? Optional.of("'" + text.trim() + "' must be longer than zero.")
                : Optional.empty();
    }

    public static Optional<String> checkDataDir(String text) {
        if (isBlank(text)) {
            return Optional.empty();
        }
        try {
            Path p = Path.of(text.trim());
            if (!p.isAbsolute()) {
                return Optional.of("The data directory '" + text.trim() + "' must be an absolute path.");
            }
            return Optional.empty();
        } catch (InvalidPathException e) {
            return Optional.of("The data directory '" + text.trim() + "' is not a valid path: " + e.getReason() + ".");
        }
    }

    public static Optional<String> checkPatterns(String text, String what) {
        for (String item : splitList(text)) {
            if (!NAME_GLOB.matcher(item).matches()) {
                return Optional.of("The " + what + " '" + item
                        + "' may contain only letters, digits, '.', '_', '-' and the wildcards '*' and '?'.");
            }
        }
        return Optional.empty();
    }

    private static boolean isBlank(String s) {
        return s == null || s.isBlank();
    }
}
