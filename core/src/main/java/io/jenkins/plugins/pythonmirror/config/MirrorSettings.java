package io.jenkins.plugins.pythonmirror.config;

import io.jenkins.plugins.pythonmirror.store.ObjectStoreSpec;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Everything the engine is configured with, immutable, with named defaults. The standalone server builds it from
 * its command line, the Jenkins plugin from its global configuration.
 */
public record MirrorSettings(
        Path dataDir,
        List<Upstream> upstreams,
        boolean offline,
        Duration pageTtl,
        Duration notFoundTtl,
        Duration connectTimeout,
        Duration readTimeout,
        Duration circuitBreakerOpenFor,
        int circuitBreakerFailures,
        long maxCacheBytes,
        boolean anonymousRead,
        List<String> privatePatterns,
        List<String> allowlist,
        long maxUploadBytes,
        boolean sessionApi,
        Duration sessionReportsKeptFor,
        URI publicUrl,
        long minDownloadBytes,
        Duration minDownloadWindow,
        ObjectStoreSpec sharedStore) {

    public static final URI DEFAULT_UPSTREAM = URI.create("https://pypi.org/simple/");
    /** PyPI's own max-age for simple pages. */
    public static final Duration DEFAULT_PAGE_TTL = Duration.ofMinutes(10);

    public static final Duration DEFAULT_NOT_FOUND_TTL = Duration.ofMinutes(1);
    public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(5);
    public static final Duration DEFAULT_READ_TIMEOUT = Duration.ofSeconds(30);
    public static final Duration DEFAULT_CIRCUIT_OPEN = Duration.ofSeconds(30);
    public static final int DEFAULT_CIRCUIT_FAILURES = 3;
    /** 0 means no cap. */
    public static final long DEFAULT_MAX_CACHE_BYTES = 0;
    /** PyPI's own limit for one file is 100 MB by default. */
    public static final long DEFAULT_MAX_UPLOAD_BYTES = 100L * 1024 * 1024;
    /** How long the report of an ended API session stays readable. */
    public static final Duration DEFAULT_SESSION_REPORTS_KEPT_FOR = Duration.ofDays(7);

    /**
     * The minimum-progress rule: a file download that receives fewer than this many bytes in any {@link
     * #DEFAULT_MIN_DOWNLOAD_WINDOW} is ended (a slow drip would otherwise pin the file and everyone joining it).
     * 64 KiB per 30 s is about 2 KiB/s, far below any working link; 0 turns the rule off.
     */
    public static final long DEFAULT_MIN_DOWNLOAD_BYTES = 64L * 1024;

    public static final Duration DEFAULT_MIN_DOWNLOAD_WINDOW = Duration.ofSeconds(30);

    public MirrorSettings {
        Objects.requireNonNull(dataDir, "dataDir");
        upstreams = List.copyOf(upstreams);
        privatePatterns = List.copyOf(privatePatterns);
        allowlist = List.copyOf(allowlist);
    }

    public static Builder builder(Path dataDir) {
        return new Builder(dataDir);
    }

    public Builder toBuilder() {
        Builder b = new Builder(dataDir);
        b.upstreams = new ArrayList<>(upstreams);
        b.offline = offline;
        b.pageTtl = pageTtl;
        b.notFoundTtl = notFoundTtl;
        b.connectTimeout = connectTimeout;
        b.readTimeout = readTimeout;
        b.circuitBreakerOpenFor = circuitBreakerOpenFor;
        b.circuitBreakerFailures = circuitBreakerFailures;
        b.maxCacheBytes = maxCacheBytes;
        b.anonymousRead = anonymousRead;
        b.privatePatterns = new ArrayList<>(privatePatterns);
        b.allowlist = new ArrayList<>(allowlist);
        b.maxUploadBytes = maxUploadBytes;
        b.sessionApi = sessionApi;
        b.sessionReportsKeptFor = sessionReportsKeptFor;
        b.publicUrl = publicUrl;
        b.minDownloadBytes = minDownloadBytes;
        b.minDownloadWindow = minDownloadWindow;
        b.sharedStore = sharedStore;
        return b;
    }

    /**
     * Problems with these settings, one readable sentence each; empty when they are usable.
     */
    public List<String> validate() {
        List<String> problems = new ArrayList<>();
        if (upstreams.isEmpty() && !offline) {
            problems.add("At least one upstream index URL is needed unless the mirror is offline.");
        }
        for (Upstream u : upstreams) {
            String scheme = u.url().getScheme();
            if (scheme == null
                    || !(scheme.equals("http") || scheme.equals("https"))
                    || u.url().getHost() == null) {
                problems.add("Upstream '" + u.url() + "' is not an http(s) URL with a host.");
            }
        }
        if (pageTtl.isNegative()) {
            problems.add("The page TTL must not be negative.");
        }
        if (notFoundTtl.isNegative()) {
            problems.add("The not-found TTL must not be negative.");
        }
        if (connectTimeout.isNegative() || connectTimeout.isZero()) {
            problems.add("The connect timeout must be positive.");
        }
        if (readTimeout.isNegative() || readTimeout.isZero()) {
            problems.add("The read timeout must be positive.");
        }
        if (maxCacheBytes < 0) {
            problems.add("The cache size cap must not be negative (0 means no cap).");
        }
        if (maxUploadBytes <= 0) {
            problems.add("The upload size limit must be positive.");
        }
        if (sessionReportsKeptFor == null || sessionReportsKeptFor.isNegative() || sessionReportsKeptFor.isZero()) {
            problems.add("The time session reports are kept must be positive.");
        }
        if (publicUrl != null) {
            String scheme = publicUrl.getScheme();
            if (scheme == null
                    || !(scheme.equals("http") || scheme.equals("https"))
                    || publicUrl.getHost() == null
                    || publicUrl.getRawUserInfo() != null
                    || publicUrl.getRawQuery() != null
                    || publicUrl.getRawFragment() != null
                    || publicUrl.getRawPath() == null
                    || !publicUrl.getRawPath().endsWith("/")) {
                problems.add("The public URL '" + publicUrl
                        + "' must be an http(s) URL with a host, ending in '/', without credentials or query.");
            }
        }
        if (minDownloadBytes < 0) {
            problems.add("The minimum download progress must not be negative (0 turns the rule off).");
        }
        if (minDownloadWindow.isNegative() || minDownloadWindow.isZero()) {
            problems.add("The minimum download progress needs a positive time window.");
        }
        return problems;
    }

    /** Builds {@link MirrorSettings}; every field starts at its documented default. */
    public static final class Builder {
        private final Path dataDir;
        private List<Upstream> upstreams = new ArrayList<>(List.of(new Upstream(DEFAULT_UPSTREAM, null, null)));
        private boolean offline;
        private Duration pageTtl = DEFAULT_PAGE_TTL;
        private Duration notFoundTtl = DEFAULT_NOT_FOUND_TTL;
        private Duration connectTimeout = DEFAULT_CONNECT_TIMEOUT;
        private Duration readTimeout = DEFAULT_READ_TIMEOUT;
        private Duration circuitBreakerOpenFor = DEFAULT_CIRCUIT_OPEN;
        private int circuitBreakerFailures = DEFAULT_CIRCUIT_FAILURES;
        private long maxCacheBytes = DEFAULT_MAX_CACHE_BYTES;
        private boolean anonymousRead = true;
        private List<String> privatePatterns = new ArrayList<>();
        private List<String> allowlist = new ArrayList<>();
        private long maxUploadBytes = DEFAULT_MAX_UPLOAD_BYTES;
        private boolean sessionApi;
        private Duration sessionReportsKeptFor = DEFAULT_SESSION_REPORTS_KEPT_FOR;
        private URI publicUrl;
        private long minDownloadBytes = DEFAULT_MIN_DOWNLOAD_BYTES;
        private Duration minDownloadWindow = DEFAULT_MIN_DOWNLOAD_WINDOW;
        private ObjectStoreSpec sharedStore;

        private Builder(Path dataDir) {
            this.dataDir = dataDir;
        }

        public Builder upstreams(List<Upstream> value) {
            upstreams = new ArrayList<>(value);
            return this;
        }

        public Builder offline(boolean value) {
            offline = value;
            return this;
        }

        public Builder pageTtl(Duration value) {
            pageTtl = value;
            return this;
        }

        public Builder notFoundTtl(Duration value) {
            notFoundTtl = value;
            return this;
        }

        public Builder connectTimeout(Duration value) {
            connectTimeout = value;
            return this;
        }

        public Builder readTimeout(Duration value) {
            readTimeout = value;
            return this;
        }

        public Builder circuitBreaker(int failures, Duration openFor) {
            circuitBreakerFailures = failures;
            circuitBreakerOpenFor = openFor;
            return this;
        }

        public Builder maxCacheBytes(long value) {
            maxCacheBytes = value;
            return this;
        }

        public Builder anonymousRead(boolean value) {
            anonymousRead = value;
            return this;
        }

        public Builder privatePatterns(List<String> value) {
            privatePatterns = new ArrayList<>(value);
            return this;
        }

        public Builder allowlist(List<String> value) {
            allowlist = new ArrayList<>(value);
            return this;
        }

        public Builder maxUploadBytes(long value) {
            maxUploadBytes = value;
            return this;
        }

        /**
         * Turns on {@code api/sessions} (recording sessions that CI systems start over HTTP, with their own tokens).
         * Only the standalone server does: in Jenkins, builds get build tokens and these routes answer 404.
         */
        public Builder sessionApi(boolean value) {
            sessionApi = value;
            return this;
        }

        public Builder sessionReportsKeptFor(Duration value) {
            sessionReportsKeptFor = value;
            return this;
        }

        /** The URL clients reach this mirror at (behind a reverse proxy); null: from each request's Host. */
        public Builder publicUrl(URI value) {
            publicUrl = value;
            return this;
        }

        /** A download must receive at least {@code bytes} in every {@code window}; 0 bytes turns the rule off. */
        public Builder minDownloadRate(long bytes, Duration window) {
            minDownloadBytes = bytes;
            minDownloadWindow = window;
            return this;
        }

        /** A bucket shared with other nodes (files, pages, private packages); null: this node's data dir only. */
        public Builder sharedStore(ObjectStoreSpec value) {
            sharedStore = value;
            return this;
        }

        public MirrorSettings build() {
            return new MirrorSettings(
                    dataDir,
                    upstreams,
                    offline,
                    pageTtl,
                    notFoundTtl,
                    connectTimeout,
                    readTimeout,
                    circuitBreakerOpenFor,
                    circuitBreakerFailures,
                    maxCacheBytes,
                    anonymousRead,
                    privatePatterns,
                    allowlist,
                    maxUploadBytes,
                    sessionApi,
                    sessionReportsKeptFor,
                    publicUrl,
                    minDownloadBytes,
                    minDownloadWindow,
                    sharedStore);
        }
    }
}
