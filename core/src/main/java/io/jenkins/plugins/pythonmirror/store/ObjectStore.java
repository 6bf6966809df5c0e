package io.jenkins.plugins.pythonmirror.store;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * A bucket shared by several mirror nodes (an S3-compatible object store): keys are '/'-separated paths relative to
 * the configured prefix. Every write of one object is atomic (readers see the old object or the new one, never part
 * of one); creates and updates of shared records are conditional, so nodes agree without a lock server.
 *
 * <p>Methods throw {@link ObjectStoreUnavailableException} when the store cannot be reached (connection refused,
 * timeout, 5xx after retries) and a plain {@link IOException} for any other failure.
 */
public interface ObjectStore extends AutoCloseable {

    /** An object's bytes with the entity tag that identifies this version of it. */
    record Versioned(byte[] bytes, String etag) {}

    /** The object, or empty when there is none. */
    Optional<Versioned> read(String key) throws IOException;

    /** Copies the object into {@code target} (replacing it); false, and {@code target} untouched, when there is none. */
    boolean download(String key, Path target) throws IOException;

    /** An object opened for reading: its bytes as they arrive, and its length. */
    record Opened(java.io.InputStream body, long length) {}

    /**
     * Opens the object for reading as a stream (the caller closes it); empty when there is none. A failure while the
     * body is read surfaces as an {@link IOException} from the stream.
     */
    Optional<Opened> open(String key) throws IOException;

    /** Whether the object exists (a HEAD request). */
    boolean exists(String key) throws IOException;

    /**
     * Creates the object from {@code file} only if no object has that key ({@code If-None-Match: *}).
     *
     * @return true when this call created it, false when an object was already there (412); its bytes are unchanged
     */
    boolean create(String key, Path file) throws IOException;

    /** {@link #create(String, Path)} for bytes in memory. */
    boolean create(String key, byte[] bytes) throws IOException;

    /**
     * Replaces the object only if its entity tag is still {@code expectedEtag} ({@code If-Match}), or creates it only
     * if absent when {@code expectedEtag} is null ({@code If-None-Match: *}).
     *
     * @return the new entity tag, or empty when the precondition failed (another node changed it first)
     */
    Optional<String> replace(String key, byte[] bytes, String expectedEtag) throws IOException;

    /** Writes the object unconditionally (last writer wins): for per-node records and caches. */
    void put(String key, byte[] bytes) throws IOException;

    /** Writes the object from {@code file} unconditionally (last writer wins). */
    void put(String key, Path file) throws IOException;

    /** Every key that starts with {@code prefix}, in key order. */
    List<String> list(String prefix) throws IOException;

    /** A key with the time its object was written. */
    record Listed(String key, java.time.Instant lastModified) {}

    /** As {@link #list}, with the time each object was written. */
    List<Listed> listWithTimes(String prefix) throws IOException;

    /** Removes the object; no error when it is not there. */
    void delete(String key) throws IOException;

    /** A cheap request that succeeds only when the bucket is reachable and readable (for health checks). */
    void probe() throws IOException;

    /** For logs and the status page: {@code s3://bucket/prefix (endpoint)}. */
    String describe();

    @Override
    void close();
}
