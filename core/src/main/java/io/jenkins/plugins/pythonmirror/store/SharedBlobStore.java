package io.jenkins.plugins.pythonmirror.store;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.logging.Logger;

/**
 * Distribution files in a bucket shared by several nodes, with this node's {@link FileSystemBlobStore} as a bounded
 * read-through cache in front: {@link #find} looks at the local disk only (it runs for every request and page view),
 * {@link #openShared} opens a file the bucket has for a download that streams it to clients and into the local
 * cache (checked like an upstream's, then {@link #commitCopy committed here only}), and {@link #commit} stores a file
 * verified from an upstream locally and in the bucket. Keys are content-addressed ({@code files/ab/<sha256>/<filename>}), so two nodes storing
 * the same file write the same bytes, and the bucket's create-if-absent makes the second write a no-op.
 *
 * <p>Eviction removes the local copy only: the bucket's cache part is trimmed by the bucket's lifecycle rules.
 */
public final class SharedBlobStore implements BlobStore {

    private static final Logger LOG = Logger.getLogger(SharedBlobStore.class.getName());
    /** A single PUT carries at most 5 GiB; larger files stay on the node that fetched them. */
    static final long MAX_SINGLE_PUT = 5L * 1024 * 1024 * 1024;

    private final FileSystemBlobStore local;
    private final SharedStorage shared;

    public SharedBlobStore(FileSystemBlobStore local, SharedStorage shared) {
        this.local = local;
        this.shared = shared;
    }

    static String keyOf(FileKey key) {
        return "files/" + key.relativePath();
    }

    @Override
    public Optional<Path> find(FileKey key) {
        return local.find(key);
    }

    @Override
    public Optional<ObjectStore.Opened> openShared(FileKey key) {
        if (!shared.reachable()) {
            return Optional.empty();
        }
        try {
            return shared.call(s -> s.open(keyOf(key)));
        } catch (IOException | RuntimeException e) {
            return Optional.empty(); // the upstream path takes over; the health mark says why
        }
    }

    @Override
    public Path commitCopy(Path verifiedTemp, FileKey key) throws IOException {
        return local.commit(verifiedTemp, key);
    }

    @Override
    public Path pathOf(FileKey key) {
        return local.pathOf(key);
    }

    @Override
    public Path newTempFile(FileKey key) throws IOException {
        return local.newTempFile(key);
    }

    @Override
    public Path commit(Path verifiedTemp, FileKey key) throws IOException {
        Path committed = local.commit(verifiedTemp, key);
        share(committed, key);
        return committed;
    }

    /** Puts a locally stored file into the bucket; a failure is logged, the local copy keeps serving. */
    private void share(Path committed, FileKey key) {
        try {
            if (Files.size(committed) > MAX_SINGLE_PUT) {
                LOG.warning("Not sharing " + key.filename() + ": larger than 5 GiB (kept on this node only)");
                return;
            }
            shared.call(s -> s.create(keyOf(key), committed));
        } catch (IOException | RuntimeException e) {
            LOG.warning("Could not put " + key.filename() + " into the shared storage (kept on this node): "
                    + e.getMessage());
        }
    }

    @Override
    public boolean delete(FileKey key) throws IOException {
        return local.delete(key);
    }
}
