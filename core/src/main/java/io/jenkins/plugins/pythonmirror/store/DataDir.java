package io.jenkins.plugins.pythonmirror.store;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.atomic.AtomicLong;
import java.util.logging.Logger;

/**
 * The on-disk layout of one mirror and its atomic-write rule: everything reaches its final path by rename from
 * {@code tmp/}, which is on the same filesystem, so a crash leaves the old state or the new, never half a file.
 *
 * <pre>
 * files/ab/&lt;sha256&gt;/&lt;filename&gt;   verified distribution files (and .metadata beside them)
 * pages/&lt;project&gt;.json             cached upstream project pages with their validators
 * private/                             uploaded packages (private index)
 * state/                               access times, pins, sync reports, ended session reports (sessions/)
 * tmp/                                 downloads and writes in progress; emptied at start
 * </pre>
 */
public final class DataDir {

    private static final Logger LOG = Logger.getLogger(DataDir.class.getName());
    private static final AtomicLong TEMP_COUNTER = new AtomicLong();

    private final Path root;

    private DataDir(Path root) {
        this.root = root;
    }

    /** Creates the layout if needed and sweeps temp leftovers of an interrupted run. */
    public static DataDir open(Path root) throws IOException {
        DataDir dir = new DataDir(root.toAbsolutePath().normalize());
        for (Path p : new Path[] {dir.files(), dir.pages(), dir.privateDir(), dir.state(), dir.tmp()}) {
            Files.createDirectories(p);
        }
        dir.sweepTemp();
        return dir;
    }

    public Path root() {
        return root;
    }

    public Path files() {
        return root.resolve("files");
    }

    public Path pages() {
        return root.resolve("pages");
    }

    public Path privateDir() {
        return root.resolve("private");
    }

    public Path state() {
        return root.resolve("state");
    }

    public Path tmp() {
        return root.resolve("tmp");
    }

    /** A fresh, empty temp file on the data directory's filesystem. */
    public Path newTempFile(String hint) throws IOException {
        String safe = hint.replaceAll("[^A-Za-z0-9._-]", "_");
        if (safe.length() > 80) {
            safe = safe.substring(0, 80);
        }
        return Files.createFile(tmp().resolve(
                        ProcessHandle.current().pid() + "-" + TEMP_COUNTER.incrementAndGet() + "-" + safe + ".part"));
    }

    /** Writes {@code bytes} to {@code target} atomically (temp file, fsync, rename). */
    public void writeAtomically(Path target, byte[] bytes) throws IOException {
        Path temp = newTempFile(target.getFileName().toString());
        try {
            try (FileChannel ch = FileChannel.open(temp, StandardOpenOption.WRITE)) {
                java.nio.ByteBuffer buf = java.nio.ByteBuffer.wrap(bytes);
                while (buf.hasRemaining()) {
                    ch.write(buf);
                }
                ch.force(true);
            }
            moveAtomically(temp, target);
        } finally {
            Files.deleteIfExists(temp);
        }
    }

    /** Renames {@code source} onto {@code target} in one step, replacing it; creates the parent folders. */
    public static void moveAtomically(Path source, Path target) throws IOException {
        Files.createDirectories(target.getParent());
        try {
            Files.move(source, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            throw new IOException("The data directory's filesystem cannot rename atomically: " + target, e);
        }
    }

    private void sweepTemp() throws IOException {
        int removed = 0;
        try (DirectoryStream<Path> stream = Files.newDirectoryStream(tmp())) {
            for (Path p : stream) {
                try {
                    Files.deleteIfExists(p);
                    removed++;
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }
        }
        if (removed > 0) {
            LOG.info("Removed " + removed + " leftover temp file(s) of an interrupted run from " + tmp());
        }
    }
}
