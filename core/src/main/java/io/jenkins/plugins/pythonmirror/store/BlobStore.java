package io.jenkins.plugins.pythonmirror.store;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Optional;

/** Verified distribution files, addressed by {@link FileKey}; the only way handlers reach file bytes. */
public interface BlobStore {

    /** The committed file, if present. */
    Optional<Path> find(FileKey key);

    /**
     * The file as stored in the bucket this node shares with other nodes, opened for reading, so a download can
     * stream it to clients as it arrives (and check it like an upstream's); empty for a store of its own, when the
     * bucket does not have it, or cannot be reached.
     */
    default Optional<ObjectStore.Opened> openShared(FileKey key) {
        return Optional.empty();
    }

    /** As {@link #commit}, for a file that came from the shared bucket: it is already there. */
    default Path commitCopy(Path verifiedTemp, FileKey key) throws IOException {
        return commit(verifiedTemp, key);
    }

    /** Where {@code key} lives once committed (it may not exist). */
    Path pathOf(FileKey key);

    /** A new temp file to download or upload into before {@link #commit}. */
    Path newTempFile(FileKey key) throws IOException;

    /**
     * Moves a fully written, already verified temp file to its final place atomically and returns that place.
     */
    Path commit(Path verifiedTemp, FileKey key) throws IOException;

    /** Removes a committed file; false if it was not there. */
    boolean delete(FileKey key) throws IOException;
}
