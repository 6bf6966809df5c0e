package io.jenkins.plugins.pythonmirror.store;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Collection;
import java.util.Set;
import java.util.logging.Logger;

/**
 * The files the last mirror sync selected: never evicted nor purged. Persisted in {@code state/pins.txt}, one
 * {@code <sha256> <filename>} per line, replaced atomically; held in memory as one {@link FileKey} per pinned file.
 */
public final class Pins {

    private static final Logger LOG = Logger.getLogger(Pins.class.getName());

    private final DataDir dataDir;
    private volatile Set<FileKey> pinned;

    private Pins(DataDir dataDir, Set<FileKey> pinned) {
        this.dataDir = dataDir;
        this.pinned = pinned;
    }

    /** Loads {@code state/pins.txt}; a missing file means nothing is pinned, bad lines are skipped. */
    public static Pins load(DataDir dataDir) throws IOException {
        java.util.HashSet<FileKey> keys = new java.util.HashSet<>();
        try {
            for (String line : Files.readAllLines(file(dataDir), StandardCharsets.UTF_8)) {
                String l = line.strip();
                int space = l.indexOf(' ');
                if (l.isEmpty() || l.startsWith("#") || space < 0) {
                    continue;
                }
                try {
                    keys.add(new FileKey(l.substring(0, space), l.substring(space + 1)));
                } catch (IllegalArgumentException e) {
                    LOG.warning("Ignoring a bad line of " + file(dataDir) + ": " + e.getMessage());
                }
            }
        } catch (NoSuchFileException e) {
            // nothing pinned yet
        }
        return new Pins(dataDir, Set.copyOf(keys));
    }

    private static Path file(DataDir dataDir) {
        return dataDir.state().resolve("pins.txt");
    }

    public boolean isPinned(FileKey key) {
        return pinned.contains(key);
    }

    /** The pinned keys (an unmodifiable snapshot). */
    public Set<FileKey> all() {
        return pinned;
    }

    /** Replaces the pins, on disk first (atomically), then in memory. */
    public synchronized void replace(Collection<FileKey> keys) throws IOException {
        Set<FileKey> next = Set.copyOf(keys);
        StringBuilder sb = new StringBuilder("# python-mirror: files pinned by the last mirror sync\n");
        next.stream()
                .sorted(java.util.Comparator.comparing(FileKey::filename).thenComparing(FileKey::sha256))
                .forEach(k ->
                        sb.append(k.sha256()).append(' ').append(k.filename()).append('\n'));
        dataDir.writeAtomically(file(dataDir), sb.toString().getBytes(StandardCharsets.UTF_8));
        pinned = next;
    }

    /** The pins file as written (for a shared bucket: other nodes take it over with {@link #adopt}). */
    public byte[] bytes() throws IOException {
        try {
            return Files.readAllBytes(file(dataDir));
        } catch (NoSuchFileException e) {
            return new byte[0];
        }
    }

    /** Takes over a pins file another node wrote (a node running no sync keeps the synced files too). */
    public synchronized void adopt(byte[] written) throws IOException {
        if (java.util.Arrays.equals(written, bytes())) {
            return;
        }
        dataDir.writeAtomically(file(dataDir), written);
        pinned = load(dataDir).pinned;
    }

    /** Bytes of the pinned files present in {@code blobs}. */
    public long bytes(BlobStore blobs) {
        long total = 0;
        for (FileKey k : pinned) {
            Path p = blobs.pathOf(k);
            try {
                total += Files.size(p);
            } catch (IOException e) {
                // not downloaded (yet)
            }
        }
        return total;
    }
}
