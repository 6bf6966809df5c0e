package io.jenkins.plugins.pythonmirror.store;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/** {@link BlobStore} in {@code files/} of a {@link DataDir}. */
public final class FileSystemBlobStore implements BlobStore {

    private final DataDir dataDir;

    public FileSystemBlobStore(DataDir dataDir) {
        this.dataDir = dataDir;
    }

    @Override
    public Optional<Path> find(FileKey key) {
        Path p = pathOf(key);
        return Files.isRegularFile(p) ? Optional.of(p) : Optional.empty();
    }

    @Override
    public Path pathOf(FileKey key) {
        return dataDir.files().resolve(key.relativePath());
    }

    @Override
    public Path newTempFile(FileKey key) throws IOException {
        return dataDir.newTempFile(key.filename());
    }

    @Override
    public Path commit(Path verifiedTemp, FileKey key) throws IOException {
        Path target = pathOf(key);
        DataDir.moveAtomically(verifiedTemp, target);
        return target;
    }

    @Override
    public boolean delete(FileKey key) throws IOException {
        Path p = pathOf(key);
        boolean removed = Files.deleteIfExists(p);
        Files.deleteIfExists(dataDir.files().resolve(key.relativePath() + ".metadata"));
        try {
            Files.deleteIfExists(p.getParent());
        } catch (java.nio.file.DirectoryNotEmptyException e) {
            // another file with the same hash but another name still lives there
        }
        return removed;
    }
}
