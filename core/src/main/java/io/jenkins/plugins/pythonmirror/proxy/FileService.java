package io.jenkins.plugins.pythonmirror.proxy;

import io.jenkins.plugins.pythonmirror.MirrorException;
import io.jenkins.plugins.pythonmirror.config.MirrorSettings;
import io.jenkins.plugins.pythonmirror.pep.DistributionFilename;
import io.jenkins.plugins.pythonmirror.pep.ProjectName;
import io.jenkins.plugins.pythonmirror.simple.FileEntry;
import io.jenkins.plugins.pythonmirror.simple.ProjectPage;
import io.jenkins.plugins.pythonmirror.store.BlobStore;
import io.jenkins.plugins.pythonmirror.store.DataDir;
import io.jenkins.plugins.pythonmirror.store.FileKey;
import io.jenkins.plugins.pythonmirror.store.StoredPage;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Enumeration;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/**
 * Finds the bytes behind {@code files/<sha256>/<filename>}: from the store, or by downloading what an upstream page
 * listed under that hash; and the PEP 658 metadata beside them.
 */
public final class FileService {

    private static final int MAX_METADATA_BYTES = 16 * 1024 * 1024;

    private final MirrorSettings settings;
    private final BlobStore blobs;
    private final DataDir dataDir;
    private final PageCache pages;
    private final Downloads downloads;
    private final Upstreams upstreams;
    private final ConcurrentHashMap<FileKey, CompletableFuture<Path>> metadataFetches = new ConcurrentHashMap<>();

    public FileService(
            MirrorSettings settings,
            BlobStore blobs,
            DataDir dataDir,
            PageCache pages,
            Downloads downloads,
            Upstreams upstreams) {
        this.settings = settings;
        this.blobs = blobs;
        this.dataDir = dataDir;
        this.pages = pages;
        this.downloads = downloads;
        this.upstreams = upstreams;
    }

    /** The project a distribution filename belongs to, read from the filename itself. */
    public static Optional<ProjectName> projectOf(String filename) {
        try {
            return Optional.of(DistributionFilename.parse(filename).name());
        } catch (IllegalArgumentException e) {
            // Legacy forms (.egg, .exe, odd sdists): the name is everything before the first '-'.
            int dash = filename.indexOf('-');
            if (dash > 0 && ProjectName.isValid(filename.substring(0, dash))) {
                return Optional.of(ProjectName.parse(filename.substring(0, dash)));
            }
            return Optional.empty();
        }
    }

    /** The committed file, if stored. */
    public Optional<Path> stored(FileKey key) {
        return blobs.find(key);
    }

    /** The file if stored, else a download of it, which ends when no client waits for it any more. */
    public Downloads.Fetch fetch(FileKey key) throws IOException {
        return fetch(key, false);
    }

    /** As {@link #fetch(FileKey)} for a mirror sync: the download runs to its end even if no client waits for it. */
    public Downloads.Fetch fetchForSync(FileKey key) throws IOException {
        return fetch(key, true);
    }

    private Downloads.Fetch fetch(FileKey key, boolean forSync) throws IOException {
        Optional<Path> stored = blobs.find(key);
        if (stored.isPresent()) {
            return new Downloads.Fetch.Ready(stored.get());
        }
        Listed listed = findListing(key);
        return downloads.obtain(
                key,
                URI.create(listed.entry().url()),
                listed.source(),
                listed.entry().size(),
                forSync,
                changesView(listed.entry()));
    }

    /**
     * The upstream page that lists {@code key}: the cached one, or, when neither it nor the store has the file, one
     * fetched now (as a download would). Empty when no page can be had; the download path then says why.
     */
    public Optional<ProjectPage> listingPage(FileKey key) {
        Optional<ProjectName> project = projectOf(key.filename());
        if (project.isEmpty()) {
            return Optional.empty();
        }
        Optional<StoredPage> cached = pages.peek(project.get());
        if (cached.flatMap(p -> find(p, key)).isPresent() || blobs.find(key).isPresent() || settings.offline()) {
            return cached.map(StoredPage::page);
        }
        try {
            return Optional.of(pages.get(project.get()).page().page());
        } catch (MirrorException e) {
            return cached.map(StoredPage::page);
        }
    }

    /** The size the index announced for an uncached file (for HEAD), or null. */
    public Long announcedSize(FileKey key) {
        return findListing(key).entry().size();
    }

    /** The PEP 658 metadata file for {@code key}: stored, fetched from upstream, or read from the cached wheel. */
    public Path metadata(FileKey key) throws IOException {
        Path path = metadataPath(key);
        if (Files.isRegularFile(path)) {
            return path;
        }
        CompletableFuture<Path> mine = new CompletableFuture<>();
        CompletableFuture<Path> running = metadataFetches.putIfAbsent(key, mine);
        if (running != null) {
            return join(running);
        }
        try {
            Path produced = produceMetadata(key, path);
            metadataFetches.remove(key, mine);
            mine.complete(produced);
        } catch (IOException | RuntimeException e) {
            metadataFetches.remove(key, mine);
            mine.completeExceptionally(e);
        }
        return join(mine);
    }

    public Path metadataPath(FileKey key) {
        return blobs.pathOf(key).resolveSibling(key.filename() + ".metadata");
    }

    private Path produceMetadata(FileKey key, Path target) throws IOException {
        Optional<Path> wheel = blobs.find(key);
        if (wheel.isEmpty() || !key.filename().endsWith(".whl")) {
            Listed listed = findListing(key);
            if (listed.entry().coreMetadata() != null && !settings.offline()) {
                byte[] bytes;
                try {
                    bytes = upstreams.fetchSmall(
                            httpUrl(listed.entry().url() + ".metadata"), listed.source(), MAX_METADATA_BYTES);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IOException("interrupted", e);
                }
                String expected = listed.entry().coreMetadata().get("sha256");
                if (expected != null && !expected.equalsIgnoreCase(sha256(bytes))) {
                    downloads.metadataMismatch(
                            key,
                            httpUrl(listed.entry().url() + ".metadata"),
                            listed.source(),
                            bytes.length,
                            "the metadata file's sha256 is " + sha256(bytes) + ", the index says " + expected);
                    throw new MirrorException.Upstream(
                            "the upstream metadata of " + key.filename() + " does not match its sha256", null);
                }
                dataDir.writeAtomically(target, bytes);
                return target;
            }
            if (key.filename().endsWith(".whl") && !settings.offline()) {
                // Our page offers metadata for cached wheels; this one was evicted since (or never cached):
                // bring the wheel back through the verified download path and read METADATA out of it.
                Path fetched = awaitFile(downloads.obtain(
                        key,
                        httpUrl(listed.entry().url()),
                        listed.source(),
                        listed.entry().size(),
                        false,
                        changesView(listed.entry())));
                dataDir.writeAtomically(target, readWheelMetadata(fetched, key.filename()));
                return target;
            }
            throw new MirrorException.NotFound("No metadata is available for " + key.filename());
        }
        dataDir.writeAtomically(target, readWheelMetadata(wheel.get(), key.filename()));
        return target;
    }

    private static Path awaitFile(Downloads.Fetch fetch) throws IOException {
        if (fetch instanceof Downloads.Fetch.Ready ready) {
            return ready.path();
        }
        try {
            return ((Downloads.Fetch.Running) fetch).download().awaitCommitted();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
    }

    /** Reads {@code *.dist-info/METADATA} out of a wheel. */
    public static byte[] readWheelMetadata(Path wheel, String filename) throws IOException {
        try (ZipFile zip = new ZipFile(wheel.toFile())) {
            Enumeration<? extends ZipEntry> entries = zip.entries();
            while (entries.hasMoreElements()) {
                ZipEntry e = entries.nextElement();
                String name = e.getName();
                int slash = name.indexOf('/');
                if (slash > 0
                        && name.substring(0, slash).toLowerCase(Locale.ROOT).endsWith(".dist-info")
                        && name.substring(slash + 1).equals("METADATA")) {
                    try (InputStream in = zip.getInputStream(e)) {
                        byte[] bytes = in.readNBytes(MAX_METADATA_BYTES + 1);
                        if (bytes.length > MAX_METADATA_BYTES) {
                            throw new IOException("METADATA of " + filename + " is too large");
                        }
                        return bytes;
                    }
                }
            }
        }
        throw new MirrorException.NotFound("The wheel " + filename + " has no .dist-info/METADATA");
    }

    private record Listed(FileEntry entry, URI source) {}

    /** What PageViews adds for a stored file: metadata of a wheel upstream offers none for, a missing size. */
    private static boolean changesView(FileEntry entry) {
        return (entry.coreMetadata() == null && entry.filename().endsWith(".whl")) || entry.size() == null;
    }

    /** The upstream listing of {@code key}, from the cached page if it has it, else from a refreshed page. */
    private Listed findListing(FileKey key) {
        ProjectName project = projectOf(key.filename())
                .orElseThrow(() -> new MirrorException.NotFound("Unknown file " + key.filename()));
        Optional<StoredPage> cached = pages.peek(project);
        Optional<Listed> found = cached.flatMap(p -> find(p, key));
        if (found.isPresent()) {
            return found.get();
        }
        if (settings.offline()) {
            throw new MirrorException.NotFound(key.filename() + " is not cached and the mirror is offline");
        }
        StoredPage page = pages.get(project).page();
        return find(page, key)
                .orElseThrow(() -> new MirrorException.NotFound(
                        "No upstream lists " + key.filename() + " with sha256 " + key.sha256()));
    }

    private static Optional<Listed> find(StoredPage page, FileKey key) {
        for (FileEntry f : page.page().files()) {
            if (f.filename().equals(key.filename()) && key.sha256().equalsIgnoreCase(f.sha256())) {
                return Optional.of(new Listed(f, page.source()));
            }
        }
        return Optional.empty();
    }

    /** Only http(s) links of an upstream page are ever followed (never file:, ftp: or others). */
    private static URI httpUrl(String url) {
        try {
            URI uri = URI.create(url);
            String scheme = uri.getScheme();
            if (scheme != null
                    && (scheme.equalsIgnoreCase("http") || scheme.equalsIgnoreCase("https"))
                    && uri.getHost() != null) {
                return uri;
            }
        } catch (IllegalArgumentException e) {
            // fall through
        }
        throw new MirrorException.Upstream("The upstream page links to a non-http(s) URL: " + url, null);
    }

    private static Path join(CompletableFuture<Path> future) throws IOException {
        try {
            return future.join();
        } catch (java.util.concurrent.CompletionException e) {
            if (e.getCause() instanceof IOException io) {
                throw io;
            }
            if (e.getCause() instanceof RuntimeException re) {
                throw re;
            }
            throw e;
        }
    }

    static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
