package io.jenkins.plugins.pythonmirror.privateindex;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.jenkins.plugins.pythonmirror.MirrorException;
import io.jenkins.plugins.pythonmirror.pep.ProjectName;
import io.jenkins.plugins.pythonmirror.store.DataDir;
import io.jenkins.plugins.pythonmirror.store.FileKey;
import io.jenkins.plugins.pythonmirror.store.ObjectStore;
import io.jenkins.plugins.pythonmirror.store.ObjectStoreUnavailableException;
import io.jenkins.plugins.pythonmirror.store.SharedStorage;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The private packages of one mirror, on disk under {@link DataDir#privateDir()}:
 *
 * <pre>
 * private/&lt;project&gt;/index.json            the project's files: hashes, size, requires-python, yank state…
 * private/&lt;project&gt;/&lt;filename&gt;            an uploaded distribution
 * private/&lt;project&gt;/&lt;filename&gt;.metadata   its PEP 658 core metadata (wheels)
 * </pre>
 *
 * <p>{@code index.json} is the commit point: a file is published by renaming it into place first and then writing
 * the index atomically; it is deleted by writing the index without it first. A crash in between leaves a file no
 * index names, which {@link #open} removes (a project folder without {@code index.json} is removed whole). All
 * changes go through one lock (uploads are rare); reads use immutable {@link ProjectIndex} snapshots and never block.
 * Every project ever uploaded stays in memory: the set is small.
 *
 * <p>With a bucket shared by several nodes ({@link SharedStorage}) the bucket holds the truth:
 *
 * <pre>
 * private/&lt;project&gt;/index.json                      the commit point, written with If-Match / If-None-Match
 * private/&lt;project&gt;/&lt;sha256&gt;/&lt;filename&gt;[.metadata]   the files, content-addressed within the project
 * </pre>
 *
 * A change reads the bucket's index, puts its files (create-if-absent: two nodes uploading the same filename with
 * other bytes write different keys, and only one index update can win), then replaces the index only if nobody
 * changed it meanwhile, else reads it again and retries. The local folder keeps a copy of every index and of each
 * file this node served, so private packages install from a node whose bucket is unreachable. A node reads a
 * project's index from the bucket for every page it renders, and asks whether a name is private at most every
 * {@link #REFRESH_MILLIS}, so an upload through one node installs through any other right away.
 */
public final class PrivateIndex {

    private static final Logger LOG = Logger.getLogger(PrivateIndex.class.getName());
    private static final ObjectMapper JSON = new ObjectMapper()
            .enable(SerializationFeature.INDENT_OUTPUT)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
    private static final int FORMAT = 1;
    static final String INDEX_FILE = "index.json";

    /** The JSON form of {@code index.json}. */
    record Document(int format, String name, List<PrivateFile> files) {}

    /** Where a private file lives. */
    public record Located(ProjectName project, PrivateFile file, Path path) {}

    /** The outcome of {@link #add}. */
    public enum Added {
        /** The file is new and now published. */
        STORED,
        /** The identical file (same name, same sha256) was already there; nothing changed. */
        IDENTICAL
    }

    /** How old a node's view of a shared project (or of a name's absence) may get before the bucket is asked. */
    static final long REFRESH_MILLIS = 1000;
    /** How often a change retries after another node changed the same project first. */
    private static final int MAX_ATTEMPTS = 20;

    private final DataDir dataDir;
    private final SharedStorage shared;
    private final Map<ProjectName, ProjectIndex> projects = new ConcurrentHashMap<>();
    private final Map<FileKey, ProjectName> byKey = new ConcurrentHashMap<>();
    private final Object lock = new Object();
    /** Shared mode: the bucket index's entity tag behind each snapshot, and when it was last read. */
    private final Map<ProjectName, String> etags = new ConcurrentHashMap<>();

    private final Cache<ProjectName, Long> checkedAt = Caffeine.newBuilder()
            .expireAfterWrite(Duration.ofMillis(REFRESH_MILLIS))
            .maximumSize(100_000)
            .build();

    private PrivateIndex(DataDir dataDir, SharedStorage shared) {
        this.dataDir = dataDir;
        this.shared = shared;
    }

    /** Loads every project's index and removes files that no index names (leftovers of a crash). */
    public static PrivateIndex open(DataDir dataDir) throws IOException {
        return open(dataDir, null);
    }

    /**
     * As {@link #open(DataDir)}; with a shared bucket, the local copies of the indexes are first brought up to date
     * from it (when it is reachable; else the node starts with what it has).
     */
    public static PrivateIndex open(DataDir dataDir, SharedStorage shared) throws IOException {
        PrivateIndex index = new PrivateIndex(dataDir, shared);
        if (shared != null && shared.reachable()) {
            try {
                index.copySharedIndexes();
            } catch (ObjectStoreUnavailableException e) {
                LOG.warning("Private packages: starting from this node's copies, the shared storage is unreachable");
            }
        }
        try (DirectoryStream<Path> dirs = Files.newDirectoryStream(dataDir.privateDir())) {
            for (Path dir : dirs) {
                if (Files.isDirectory(dir)) {
                    index.load(dir);
                }
            }
        }
        return index;
    }

    private void load(Path dir) throws IOException {
        String dirName = dir.getFileName().toString();
        if (!ProjectName.isValid(dirName) || !ProjectName.normalize(dirName).equals(dirName)) {
            LOG.warning("Ignoring " + dir + ": not a normalized project name");
            return;
        }
        ProjectName name = ProjectName.parse(dirName);
        Document doc;
        try {
            doc = JSON.readValue(dir.resolve(INDEX_FILE).toFile(), Document.class);
        } catch (NoSuchFileException | java.io.FileNotFoundException e) {
            // index.json is the commit point: without it nothing in the folder was ever published (a crash during
            // the project's first upload) or all of it was being deleted (a crash during deleteProject).
            removeUnlisted(dir, List.of());
            try {
                Files.deleteIfExists(dir);
            } catch (java.nio.file.DirectoryNotEmptyException notEmpty) {
                LOG.warning("Keeping " + dir + ": it has no " + INDEX_FILE + " but holds something other than files");
            }
            return;
        } catch (IOException e) {
            // Never guess at a damaged index: refuse to start rather than serve or lose private files.
            throw new IOException(
                    "The private index " + dir.resolve(INDEX_FILE) + " is unreadable: " + e.getMessage(), e);
        }
        if (doc.format() != FORMAT) {
            throw new IOException("Unknown format " + doc.format() + " of " + dir.resolve(INDEX_FILE));
        }
        ProjectIndex project = new ProjectIndex(name, doc.name() == null ? dirName : doc.name(), doc.files());
        publish(project);
        List<String> keep = new ArrayList<>(List.of(INDEX_FILE));
        for (PrivateFile f : project.files()) {
            keep.add(f.filename());
            keep.add(f.filename() + ".metadata");
        }
        removeUnlisted(dir, keep);
    }

    /** Removes the files (not folders) in {@code dir} not named in {@code keep}: leftovers of a crash. */
    private static void removeUnlisted(Path dir, List<String> keep) throws IOException {
        try (DirectoryStream<Path> files = Files.newDirectoryStream(dir)) {
            for (Path p : files) {
                if (!keep.contains(p.getFileName().toString()) && !Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS)) {
                    LOG.info("Removing " + p + ": no private index entry names it (interrupted upload or delete)");
                    Files.deleteIfExists(p);
                }
            }
        }
    }

    /** Whether {@code project} has ever been uploaded (and not deleted as a whole). */
    public boolean contains(ProjectName project) {
        refresh(project);
        return projects.containsKey(project);
    }

    /** The current snapshot of {@code project}. */
    public Optional<ProjectIndex> project(ProjectName project) {
        // A page is rendered from this: always the bucket's latest (one small GET), so an upload through any node
        // shows on every node's page at once.
        refresh(project, true);
        return Optional.ofNullable(projects.get(project));
    }

    /** Snapshots of every private project. */
    public Collection<ProjectIndex> projects() {
        refreshAll();
        return List.copyOf(projects.values());
    }

    private volatile long listedAt;

    /** Shared mode: learns of projects other nodes created or deleted (at most every few seconds). */
    private void refreshAll() {
        long now = System.currentTimeMillis();
        if (shared == null || !shared.reachable() || now - listedAt < 5 * REFRESH_MILLIS) {
            return;
        }
        listedAt = now;
        try {
            java.util.Set<ProjectName> seen = new java.util.HashSet<>();
            for (String key : shared.call(s -> s.list("private/"))) {
                String[] parts = key.split("/");
                if (parts.length == 3 && parts[2].equals(INDEX_FILE) && ProjectName.isValid(parts[1])) {
                    seen.add(ProjectName.parse(parts[1]));
                }
            }
            for (ProjectName known : List.copyOf(projects.keySet())) {
                seen.add(known);
            }
            for (ProjectName p : seen) {
                refresh(p);
            }
        } catch (IOException | RuntimeException e) {
            LOG.log(Level.FINE, "Could not list the shared private projects", e);
        }
    }

    /** The stored private file behind {@code key}, if any. */
    public Optional<Located> find(FileKey key) {
        ProjectName project = byKey.get(key);
        if (project == null) {
            return Optional.empty();
        }
        ProjectIndex index = projects.get(project);
        return index == null
                ? Optional.empty()
                : index.file(key.filename())
                        .filter(f -> f.sha256().equals(key.sha256()))
                        .map(f -> new Located(project, f, localCopy(project, f, fileOf(project, f.filename()), "")));
    }

    /** Total bytes of private files. */
    public long bytes() {
        return projects.values().stream()
                .flatMap(p -> p.files().stream())
                .mapToLong(PrivateFile::size)
                .sum();
    }

    public Path dirOf(ProjectName project) {
        return dataDir.privateDir().resolve(project.normalized());
    }

    public Path fileOf(ProjectName project, String filename) {
        if (!FileKey.isSafeFilename(filename)) {
            throw new IllegalArgumentException("not an acceptable file name: " + filename);
        }
        return dirOf(project).resolve(filename);
    }

    public Path metadataOf(ProjectName project, String filename) {
        Path local = fileOf(project, filename).resolveSibling(filename + ".metadata");
        ProjectIndex index = projects.get(project);
        Optional<PrivateFile> file = index == null ? Optional.empty() : index.file(filename);
        return file.isPresent() && file.get().coreMetadataSha256() != null
                ? localCopy(project, file.get(), local, ".metadata")
                : local;
    }

    /**
     * Publishes a verified upload: moves {@code verifiedTemp} into place and records {@code file}. The same filename
     * with the same sha256 again is {@link Added#IDENTICAL} (PyPI answers such a retry with 200); the same filename
     * with other bytes, or the same bytes under another filename, is refused with "File already exists" (the prefix
     * twine's {@code --skip-existing} and poetry look for).
     *
     * @param metadata the PEP 658 metadata to serve beside the file, or null
     */
    public Added add(ProjectName project, String displayName, PrivateFile file, Path verifiedTemp, byte[] metadata)
            throws IOException {
        if (shared != null) {
            return addShared(project, displayName, file, verifiedTemp, metadata);
        }
        synchronized (lock) {
            ProjectIndex current = projects.get(project);
            if (checkNew(current, file) == Added.IDENTICAL) {
                return Added.IDENTICAL;
            }
            List<PrivateFile> files = new ArrayList<>(current == null ? List.of() : current.files());
            if (metadata != null) {
                dataDir.writeAtomically(metadataOf(project, file.filename()), metadata);
            }
            DataDir.moveAtomically(verifiedTemp, fileOf(project, file.filename()));
            files.add(file);
            commit(new ProjectIndex(project, current == null ? displayName : current.displayName(), files));
            return Added.STORED;
        }
    }

    /** Shared mode: files into the bucket first, then the index, conditionally; then the local copies. */
    private Added addShared(
            ProjectName project, String displayName, PrivateFile file, Path verifiedTemp, byte[] metadata)
            throws IOException {
        synchronized (lock) {
            Added added = changeShared(project, (current, result) -> {
                if (checkNew(current, file) == Added.IDENTICAL) {
                    result.add(Added.IDENTICAL);
                    return null;
                }
                String key = sharedFileKey(project, file);
                if (metadata != null) {
                    shared.call(s -> s.create(key + ".metadata", metadata));
                }
                shared.call(s -> s.create(key, verifiedTemp));
                List<PrivateFile> files = new ArrayList<>(current == null ? List.of() : current.files());
                files.add(file);
                result.add(Added.STORED);
                return new ProjectIndex(project, current == null ? displayName : current.displayName(), files);
            });
            if (added == Added.STORED) {
                if (metadata != null) {
                    dataDir.writeAtomically(
                            fileOf(project, file.filename()).resolveSibling(file.filename() + ".metadata"), metadata);
                }
                DataDir.moveAtomically(verifiedTemp, fileOf(project, file.filename()));
            }
            return added;
        }
    }

    /** IDENTICAL for a retry of the same upload, null for a new file; refuses a clash with an existing one. */
    private static Added checkNew(ProjectIndex current, PrivateFile file) {
        for (PrivateFile f : current == null ? List.<PrivateFile>of() : current.files()) {
            if (f.filename().equals(file.filename())) {
                if (f.sha256().equals(file.sha256())) {
                    return Added.IDENTICAL;
                }
                throw new MirrorException.BadRequest("File already exists: " + file.filename()
                        + " was uploaded before with other contents (sha256 " + f.sha256() + ")");
            }
            if (f.sha256().equals(file.sha256())) {
                throw new MirrorException.BadRequest(
                        "File already exists: the same contents were uploaded as " + f.filename());
            }
        }
        return null;
    }

    /** Yanks (or, with {@code yanked} false, unyanks) one file; returns its new entry. */
    public PrivateFile setYanked(ProjectName project, String filename, boolean yanked, String reason)
            throws IOException {
        if (shared != null) {
            synchronized (lock) {
                return changeShared(project, (current, result) -> {
                    PrivateFile old = fileIn(current, project, filename);
                    PrivateFile changed = old.withYanked(yanked, reason);
                    List<PrivateFile> files = new ArrayList<>(current.files());
                    files.set(files.indexOf(old), changed);
                    result.add(changed);
                    return new ProjectIndex(project, current.displayName(), files);
                });
            }
        }
        synchronized (lock) {
            ProjectIndex current = require(project);
            PrivateFile old = current.file(filename)
                    .orElseThrow(() -> new MirrorException.NotFound("No private file " + filename + " in " + project));
            PrivateFile changed = old.withYanked(yanked, reason);
            List<PrivateFile> files = new ArrayList<>(current.files());
            files.set(files.indexOf(old), changed);
            commit(new ProjectIndex(project, current.displayName(), files));
            return changed;
        }
    }

    /** Deletes one file; the project stays private (and listed) even when its last file goes. */
    public PrivateFile delete(ProjectName project, String filename) throws IOException {
        if (shared != null) {
            synchronized (lock) {
                PrivateFile removed = changeShared(project, (current, result) -> {
                    PrivateFile old = fileIn(current, project, filename);
                    List<PrivateFile> files = new ArrayList<>(current.files());
                    files.remove(old);
                    result.add(old);
                    return new ProjectIndex(project, current.displayName(), files);
                });
                // Unlisted now: the bytes can go (a node that still has a copy drops it at its next start).
                deleteSharedQuietly(sharedFileKey(project, removed));
                deleteSharedQuietly(sharedFileKey(project, removed) + ".metadata");
                Files.deleteIfExists(fileOf(project, filename));
                Files.deleteIfExists(fileOf(project, filename).resolveSibling(filename + ".metadata"));
                return removed;
            }
        }
        synchronized (lock) {
            ProjectIndex current = require(project);
            PrivateFile old = current.file(filename)
                    .orElseThrow(() -> new MirrorException.NotFound("No private file " + filename + " in " + project));
            List<PrivateFile> files = new ArrayList<>(current.files());
            files.remove(old);
            commit(new ProjectIndex(project, current.displayName(), files));
            Files.deleteIfExists(fileOf(project, filename));
            Files.deleteIfExists(metadataOf(project, filename));
            return old;
        }
    }

    /** Deletes a whole project and releases its name (unless a private pattern still covers it). */
    public ProjectIndex deleteProject(ProjectName project) throws IOException {
        if (shared != null) {
            refresh(project);
            require(project);
            if (!shared.reachable()) {
                throw new MirrorException(503, shared.unreachableMessage());
            }
            try {
                // The index goes first (the commit point); the files are unlisted from then on.
                shared.call(s -> {
                    s.delete(sharedIndexKey(project));
                    return null;
                });
                for (String key : shared.call(s -> s.list("private/" + project.normalized() + "/"))) {
                    deleteSharedQuietly(key);
                }
            } catch (ObjectStoreUnavailableException e) {
                throw new MirrorException(503, shared.unreachableMessage(), e);
            }
            etags.remove(project);
        }
        synchronized (lock) {
            ProjectIndex current = require(project);
            Path dir = dirOf(project);
            // The index goes first: without it the files are leftovers that the next start removes anyway.
            Files.deleteIfExists(dir.resolve(INDEX_FILE));
            projects.remove(project);
            byKey.values().removeIf(project::equals);
            for (PrivateFile f : current.files()) {
                Files.deleteIfExists(fileOf(project, f.filename()));
                Files.deleteIfExists(metadataOf(project, f.filename()));
            }
            try {
                Files.deleteIfExists(dir);
            } catch (java.nio.file.DirectoryNotEmptyException e) {
                LOG.log(Level.INFO, "Left " + dir + " in place: it holds files the index does not name");
            }
            return current;
        }
    }

    /**
     * How old an object under {@code private/} that no index names must be before a node's start removes it: the
     * loser of two uploads of one filename, or an upload cut off between its file and its index (never listed, never
     * served). Far longer than any upload takes, so a file whose index write is still coming is never touched.
     */
    static java.time.Duration orphanAge = java.time.Duration.ofDays(1);

    /** Shared mode: makes the local copy of every index the bucket's (and drops projects the bucket no longer has). */
    private void copySharedIndexes() throws IOException {
        List<ObjectStore.Listed> keys = shared.call(s -> s.listWithTimes("private/"));
        java.util.Set<String> inBucket = new java.util.HashSet<>();
        java.util.Set<String> named = new java.util.HashSet<>();
        for (ObjectStore.Listed listed : keys) {
            String key = listed.key();
            String[] parts = key.split("/");
            if (parts.length == 3 && parts[2].equals(INDEX_FILE) && ProjectName.isValid(parts[1])) {
                Optional<ObjectStore.Versioned> doc = shared.call(s -> s.read(key));
                if (doc.isPresent()) {
                    inBucket.add(parts[1]);
                    dataDir.writeAtomically(
                            dataDir.privateDir().resolve(parts[1]).resolve(INDEX_FILE),
                            doc.get().bytes());
                    ProjectName project = ProjectName.parse(parts[1]);
                    etags.put(project, doc.get().etag());
                    for (PrivateFile f :
                            JSON.readValue(doc.get().bytes(), Document.class).files()) {
                        named.add(sharedFileKey(project, f));
                        named.add(sharedFileKey(project, f) + ".metadata");
                    }
                }
            }
        }
        java.time.Instant before = java.time.Instant.now().minus(orphanAge);
        for (ObjectStore.Listed listed : keys) {
            if (listed.key().split("/").length == 4
                    && !named.contains(listed.key())
                    && listed.lastModified() != null
                    && !listed.lastModified().isAfter(before)) {
                LOG.info("Removing " + listed.key() + " from the shared storage: no private index names it (a lost"
                        + " race, or an upload cut off before its index was written)");
                deleteSharedQuietly(listed.key());
            }
        }
        try (DirectoryStream<Path> dirs = Files.newDirectoryStream(dataDir.privateDir())) {
            for (Path dir : dirs) {
                if (Files.isDirectory(dir)
                        && !inBucket.contains(dir.getFileName().toString())) {
                    // Deleted through another node: without its index the folder is removed by load().
                    Files.deleteIfExists(dir.resolve(INDEX_FILE));
                }
            }
        }
    }

    private static String sharedIndexKey(ProjectName project) {
        return "private/" + project.normalized() + "/" + INDEX_FILE;
    }

    private static String sharedFileKey(ProjectName project, PrivateFile file) {
        return "private/" + project.normalized() + "/" + file.sha256() + "/" + file.filename();
    }

    /**
     * Shared mode: brings this node's snapshot of {@code project} up to date when it is older than {@link
     * #REFRESH_MILLIS}. An unreachable bucket leaves the snapshot as it is (the node serves what it has).
     */
    private void refresh(ProjectName project) {
        refresh(project, false);
    }

    private void refresh(ProjectName project, boolean latest) {
        if (shared == null || !shared.reachable()) {
            return;
        }
        long now = System.currentTimeMillis();
        Long last = checkedAt.getIfPresent(project);
        if (!latest && last != null && now - last < REFRESH_MILLIS) {
            return;
        }
        checkedAt.put(project, now);
        try {
            Optional<ObjectStore.Versioned> doc = shared.call(s -> s.read(sharedIndexKey(project)));
            synchronized (lock) {
                adopt(project, doc.orElse(null));
            }
        } catch (IOException | RuntimeException e) {
            LOG.log(Level.FINE, "Could not refresh private project " + project, e);
        }
    }

    /** Makes the bucket's version of a project (null: none) this node's snapshot and local copy. */
    private void adopt(ProjectName project, ObjectStore.Versioned doc) throws IOException {
        if (doc == null) {
            if (projects.containsKey(project)) {
                projects.remove(project);
                byKey.values().removeIf(project::equals);
                etags.remove(project);
                Files.deleteIfExists(dirOf(project).resolve(INDEX_FILE));
            }
            return;
        }
        if (doc.etag() != null && doc.etag().equals(etags.get(project)) && projects.containsKey(project)) {
            return; // unchanged: keep the snapshot, and with it every page rendered from it
        }
        Document parsed = JSON.readValue(doc.bytes(), Document.class);
        if (parsed.format() != FORMAT) {
            throw new IOException("Unknown format " + parsed.format() + " of " + sharedIndexKey(project));
        }
        dataDir.writeAtomically(dirOf(project).resolve(INDEX_FILE), doc.bytes());
        etags.put(project, doc.etag());
        publish(new ProjectIndex(
                project, parsed.name() == null ? project.normalized() : parsed.name(), parsed.files()));
    }

    /** One attempt at a change of a shared project: the new index, or null for "no change, return this". */
    @FunctionalInterface
    private interface SharedChange<T> {
        ProjectIndex apply(ProjectIndex current, List<T> result) throws IOException;
    }

    /**
     * Shared mode: applies {@code change} to the bucket's current index and writes it back conditionally, retrying
     * when another node changed the project in between; then makes the result this node's snapshot.
     */
    private <T> T changeShared(ProjectName project, SharedChange<T> change) throws IOException {
        if (!shared.reachable()) {
            throw new MirrorException(503, shared.unreachableMessage());
        }
        byte[] attempted = null;
        List<T> attemptedResult = List.of();
        try {
            for (int attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
                Optional<ObjectStore.Versioned> doc = shared.call(s -> s.read(sharedIndexKey(project)));
                adopt(project, doc.orElse(null));
                if (attempted != null
                        && doc.isPresent()
                        && Arrays.equals(doc.get().bytes(), attempted)) {
                    // Our last write landed though its answer was lost (the store answered a conditional PUT that
                    // it had taken with a broken connection): the index is exactly what this change wrote.
                    checkedAt.put(project, System.currentTimeMillis());
                    return attemptedResult.isEmpty() ? null : attemptedResult.get(0);
                }
                List<T> result = new ArrayList<>(1);
                ProjectIndex next = change.apply(projects.get(project), result);
                if (next == null) {
                    return result.isEmpty() ? null : result.get(0);
                }
                byte[] bytes = JSON.writeValueAsBytes(new Document(FORMAT, next.displayName(), next.files()));
                String expected = doc.map(ObjectStore.Versioned::etag).orElse(null);
                attempted = bytes;
                attemptedResult = result;
                Optional<String> written = shared.call(s -> s.replace(sharedIndexKey(project), bytes, expected));
                if (written.isPresent()) {
                    adopt(project, new ObjectStore.Versioned(bytes, written.get()));
                    checkedAt.put(project, System.currentTimeMillis());
                    return result.isEmpty() ? null : result.get(0);
                }
                // Another node changed the project first: read its version and apply the change to that.
                Thread.sleep(ThreadLocalRandomDelay.next(attempt));
            }
        } catch (ObjectStoreUnavailableException e) {
            throw new MirrorException(503, shared.unreachableMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
        throw new MirrorException(503, "private project " + project + " is being changed by other nodes; try again");
    }

    /** Short random back-off between attempts, growing with the attempt. */
    private static final class ThreadLocalRandomDelay {
        static long next(int attempt) {
            return java.util.concurrent.ThreadLocalRandom.current().nextLong(5, 20L + 20L * attempt);
        }
    }

    /**
     * Shared mode: the local copy of a private file (or its metadata), fetched from the bucket when this node has
     * not served it before.
     */
    private Path localCopy(ProjectName project, PrivateFile file, Path local, String suffix) {
        if (shared == null || Files.isRegularFile(local)) {
            return local;
        }
        try {
            Path temp = dataDir.newTempFile(file.filename());
            try {
                boolean found = shared.call(s -> s.download(sharedFileKey(project, file) + suffix, temp));
                if (found) {
                    DataDir.moveAtomically(temp, local);
                }
            } finally {
                Files.deleteIfExists(temp);
            }
        } catch (ObjectStoreUnavailableException e) {
            throw new MirrorException(503, shared.unreachableMessage(), e);
        } catch (IOException e) {
            throw new MirrorException(
                    500, "could not read " + file.filename() + " from the shared storage: " + e.getMessage(), e);
        }
        return local;
    }

    private ProjectIndex require(ProjectName project) {
        ProjectIndex current = projects.get(project);
        if (current == null) {
            throw new MirrorException.NotFound("No private project " + project);
        }
        return current;
    }

    private static PrivateFile fileIn(ProjectIndex current, ProjectName project, String filename) {
        if (current == null) {
            throw new MirrorException.NotFound("No private project " + project);
        }
        return current.file(filename)
                .orElseThrow(() -> new MirrorException.NotFound("No private file " + filename + " in " + project));
    }

    private void deleteSharedQuietly(String key) {
        try {
            shared.call(s -> {
                s.delete(key);
                return null;
            });
        } catch (IOException | RuntimeException e) {
            LOG.warning(
                    "Could not delete " + key + " from the shared storage (it is no longer listed): " + e.getMessage());
        }
    }

    /** Writes the index atomically, then makes the snapshot visible. */
    private void commit(ProjectIndex index) throws IOException {
        Document doc = new Document(FORMAT, index.displayName(), index.files());
        dataDir.writeAtomically(dirOf(index.name()).resolve(INDEX_FILE), JSON.writeValueAsBytes(doc));
        publish(index);
    }

    private void publish(ProjectIndex index) {
        ProjectIndex old = projects.put(index.name(), index);
        if (old != null) {
            for (PrivateFile f : old.files()) {
                byKey.remove(new FileKey(f.sha256(), f.filename()));
            }
        }
        for (PrivateFile f : index.files()) {
            byKey.put(new FileKey(f.sha256(), f.filename()), index.name());
        }
    }
}
