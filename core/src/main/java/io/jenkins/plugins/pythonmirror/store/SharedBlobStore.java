package io.jenkins.plugins.pythonmirror.store;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.logging.Logger;

/**
 * Distribution files in a bucket shared by several nodes, with this node's {@link FileSystemBlobStore} as a bounded
 * read-through cache in front: {@link #find} looks at the local disk only (it runs for every request and page view),
 * {@link #fetchShared} brings a file the bucket has into the local cache, and {@link #commit} stores a verified file
 * locally and in the bucket. Keys are content-addressed ({@code files/ab/<sha256>/<filename>}), so two nodes storing
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
    private final Consumer<FileKey> copiedHere;

    /**
     * @param copiedHere told of each file copied from the bucket to this node (it counts against the local cache)
     */
    public SharedBlobStore(FileSystemBlobStore local, SharedStorage shared, Consumer<FileKey> copiedHere) {
        this.local = local;
        this.shared = shared;
        this.copiedHere = copiedHere;
    }

    static String keyOf(FileKey key) {
        return "files/" + key.relativePath();
    }

    @Override
    public Optional<Path> find(FileKey key) {
        return local.find(key);
    }

    @Override
    public Optional<Path> fetchShared(FileKey key) throws IOException {
        Optional<Path> here = local.find(key);
        if (here.isPresent() || !shared.reachable()) {
            return here;
        }
        Path temp = local.newTempFile(key);
        try {
            boolean found;
            MessageDigest digest = sha256();
            try {
                found = shared.call(s -> s.download(keyOf(key), temp, digest));
            } catch (ObjectStoreUnavailableException e) {
                return Optional.empty(); // the upstream path takes over; the health mark says why
            }
            if (!found) {
                return Optional.empty();
            }
            // The bucket is shared with other writers: check the bytes are what the key says before serving them
            // (hashed while they arrived: one pass).
            String actual = HexFormat.of().formatHex(digest.digest());
            if (!actual.equals(key.sha256())) {
                LOG.warning("Ignoring " + keyOf(key) + " in the shared storage: its sha256 is " + actual);
                return Optional.empty();
            }
            Path committed = local.commit(temp, key);
            copiedHere.accept(key);
            return Optional.of(committed);
        } finally {
            Files.deleteIfExists(temp);
        }
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
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
