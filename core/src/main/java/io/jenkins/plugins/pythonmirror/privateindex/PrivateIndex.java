package io.jenkins.plugins.pythonmirror.privateindex;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.jenkins.plugins.pythonmirror.MirrorException;
import io.jenkins.plugins.pythonmirror.pep.ProjectName;
import io.jenkins.plugins.pythonmirror.store.DataDir;
import io.jenkins.plugins.pythonmirror.store.FileKey;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
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

    private final DataDir dataDir;
    private final Map<ProjectName, ProjectIndex> projects = new ConcurrentHashMap<>();
    private final Map<FileKey, ProjectName> byKey = new ConcurrentHashMap<>();
    private final Object lock = new Object();

    private PrivateIndex(DataDir dataDir) {
        this.dataDir = dataDir;
    }

    /** Loads every project's index and removes files that no index names (leftovers of a crash). */
    public static PrivateIndex open(DataDir dataDir) throws IOException {
        PrivateIndex index = new PrivateIndex(dataDir);
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
        return projects.containsKey(project);
    }

    /** The current snapshot of {@code project}. */
    public Optional<ProjectIndex> project(ProjectName project) {
        return Optional.ofNullable(projects.get(project));
    }

    /** Snapshots of every private project. */
    public Collection<ProjectIndex> projects() {
        return List.copyOf(projects.values());
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
                        .map(f -> new Located(project, f, fileOf(project, f.filename())));
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
        return fileOf(project, filename).resolveSibling(filename + ".metadata");
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
        synchronized (lock) {
            ProjectIndex current = projects.get(project);
            List<PrivateFile> files = new ArrayList<>(current == null ? List.of() : current.files());
            for (PrivateFile f : files) {
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
            if (metadata != null) {
                dataDir.writeAtomically(metadataOf(project, file.filename()), metadata);
            }
            DataDir.moveAtomically(verifiedTemp, fileOf(project, file.filename()));
            files.add(file);
            commit(new ProjectIndex(project, current == null ? displayName : current.displayName(), files));
            return Added.STORED;
        }
    }

    /** Yanks (or, with {@code yanked} false, unyanks) one file; returns its new entry. */
    public PrivateFile setYanked(ProjectName project, String filename, boolean yanked, String reason)
            throws IOException {
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

    private ProjectIndex require(ProjectName project) {
        ProjectIndex current = projects.get(project);
        if (current == null) {
            throw new MirrorException.NotFound("No private project " + project);
        }
        return current;
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
