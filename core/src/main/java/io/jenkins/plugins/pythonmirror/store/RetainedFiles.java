package io.jenkins.plugins.pythonmirror.store;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Files kept for re-runs: per owner (a Jenkins job), the files its last successful builds obtained, so re-running one
 * of them installs even after the cache cap evicted other files and with the upstream down. Never evicted nor purged,
 * like mirror-sync pins. Persisted in {@code state/retained.json} ({@code {"owner": ["<sha256> <filename>", …]}}),
 * replaced atomically.
 */
public final class RetainedFiles {

    private static final Logger LOG = Logger.getLogger(RetainedFiles.class.getName());
    private static final ObjectMapper JSON = new ObjectMapper();

    private final DataDir dataDir;
    private final Map<String, Set<FileKey>> byOwner;
    private volatile Set<FileKey> all;

    private RetainedFiles(DataDir dataDir, Map<String, Set<FileKey>> byOwner) {
        this.dataDir = dataDir;
        this.byOwner = byOwner;
        this.all = union(byOwner);
    }

    /** Loads {@code state/retained.json}; missing means nothing is retained, unreadable entries are skipped. */
    public static RetainedFiles load(DataDir dataDir) throws IOException {
        Map<String, Set<FileKey>> byOwner = new TreeMap<>();
        try {
            Map<String, List<String>> raw = JSON.readValue(
                    Files.readAllBytes(file(dataDir)), new TypeReference<Map<String, List<String>>>() {});
            raw.forEach((owner, lines) -> byOwner.put(owner, parse(lines)));
        } catch (NoSuchFileException e) {
            // nothing retained yet
        } catch (IOException e) {
            LOG.log(Level.WARNING, "Ignoring unreadable " + file(dataDir) + ": " + e.getMessage());
        }
        return new RetainedFiles(dataDir, byOwner);
    }

    private static Path file(DataDir dataDir) {
        return dataDir.state().resolve("retained.json");
    }

    public boolean contains(FileKey key) {
        return all.contains(key);
    }

    /** Every retained file (an unmodifiable snapshot). */
    public Set<FileKey> all() {
        return all;
    }

    /** Replaces what {@code owner} retains (empty: nothing), on disk first, then in memory. */
    public synchronized void replace(String owner, Collection<FileKey> keys) throws IOException {
        Map<String, Set<FileKey>> next = new TreeMap<>(byOwner);
        if (keys.isEmpty()) {
            next.remove(owner);
        } else {
            next.put(owner, Set.copyOf(keys));
        }
        write(next);
    }

    /** Drops every owner not in {@code owners} (jobs deleted or renamed since). */
    public synchronized void keepOnly(Set<String> owners) throws IOException {
        Map<String, Set<FileKey>> next = new TreeMap<>(byOwner);
        if (next.keySet().retainAll(owners)) {
            write(next);
        }
    }

    /** The owners that retain files. */
    public synchronized Set<String> owners() {
        return Set.copyOf(byOwner.keySet());
    }

    /** Bytes of the retained files present in {@code blobs}. */
    public long bytes(BlobStore blobs) {
        long total = 0;
        for (FileKey k : all) {
            try {
                total += Files.size(blobs.pathOf(k));
            } catch (IOException e) {
                // evicted before it was retained, or never cached
            }
        }
        return total;
    }

    private void write(Map<String, Set<FileKey>> next) throws IOException {
        Map<String, List<String>> raw = new TreeMap<>();
        next.forEach((owner, keys) -> raw.put(
                owner,
                keys.stream().map(k -> k.sha256() + " " + k.filename()).sorted().toList()));
        dataDir.writeAtomically(
                file(dataDir), JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(raw));
        byOwner.clear();
        byOwner.putAll(next);
        all = union(byOwner);
    }

    private static Set<FileKey> parse(List<String> lines) {
        Set<FileKey> keys = new HashSet<>();
        for (String line : lines) {
            int space = line.indexOf(' ');
            try {
                keys.add(new FileKey(line.substring(0, space), line.substring(space + 1)));
            } catch (IllegalArgumentException | StringIndexOutOfBoundsException e) {
                LOG.warning("Ignoring a bad retained entry '" + line + "'");
            }
        }
        return Set.copyOf(keys);
    }

    private static Set<FileKey> union(Map<String, Set<FileKey>> byOwner) {
        Set<FileKey> union = new HashSet<>();
        byOwner.values().forEach(union::addAll);
        return Set.copyOf(union);
    }
}
