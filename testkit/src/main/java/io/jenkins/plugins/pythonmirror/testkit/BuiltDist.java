package io.jenkins.plugins.pythonmirror.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** A wheel or sdist built in memory; {@code metadata} is its exact METADATA (wheel) or PKG-INFO (sdist) file. */
public record BuiltDist(String filename, byte[] bytes, byte[] metadata) {

    /** Hex sha256 of the archive bytes. */
    public String sha256() {
        return Hashes.sha256Hex(bytes);
    }

    /** Writes the archive into {@code dir} under its filename and returns the path. */
    public Path writeTo(Path dir) {
        try {
            Files.createDirectories(dir);
            return Files.write(dir.resolve(filename), bytes);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
