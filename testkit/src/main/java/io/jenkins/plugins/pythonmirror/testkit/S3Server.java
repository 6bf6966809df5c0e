package io.jenkins.plugins.pythonmirror.testkit;

import io.jenkins.plugins.pythonmirror.store.S3Location;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import org.gaul.s3proxy.BlobStores;
import org.gaul.s3proxy.S3ErrorCode;
import org.gaul.s3proxy.S3Proxy;
import org.gaul.s3proxy.S3ProxyException;
import org.gaul.s3proxy.auth.AuthenticationType;
import org.gaul.s3proxy.blobstore.BlobStore;
import org.gaul.s3proxy.blobstore.ForwardingBlobStore;
import software.amazon.awssdk.services.s3.model.DeleteObjectRequest;
import software.amazon.awssdk.services.s3.model.DeleteObjectResponse;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.PutObjectRequest;
import software.amazon.awssdk.services.s3.model.PutObjectResponse;

/**
 * A real S3 endpoint on 127.0.0.1: S3Proxy in this JVM (it brings its own shaded Jetty, so it does not meet the
 * project's) with its filesystem backend, AWS signature v2 or v4 with a fixed key pair, and one bucket.
 *
 * <pre>{@code
 * try (S3Server s3 = S3Server.start(tempDir)) {
 *     S3Location where = s3.location("pypi");         // s3://mirror/pypi/ at s3.endpoint(), path style, the keys
 *     s3.stop();                                      // connections refused
 *     s3.restart();                                   // same port, same objects
 * }
 * }</pre>
 *
 * S3Proxy 4.x answers conditional PUTs ({@code If-None-Match: *}, {@code If-Match}) with 412 (2.x ignores them).
 * Its filesystem backend creates atomically for {@code If-None-Match: *}, but checks {@code If-Match} with a HEAD
 * and then writes, so two racing replaces of one version could both win; {@link AtomicWrites} closes that gap as S3
 * itself does, so tests of lost-update races mean something.
 * {@link #main(String[])} runs one outside tests (see {@code testkit/s3server.sh}).
 */
public final class S3Server implements AutoCloseable {

    public static final String BUCKET = "mirror";
    public static final String ACCESS_KEY = "mirror-access-key";
    public static final String SECRET_KEY = "mirror-secret-key-for-tests-only";

    private final Path storageDir;
    private int port;
    private S3Proxy proxy;
    private BlobStore blobStore;

    private S3Server(Path storageDir, int port) {
        this.storageDir = storageDir;
        this.port = port;
    }

    /** Starts on a free port with objects kept under {@code storageDir}; creates the bucket. */
    public static S3Server start(Path storageDir) {
        return start(storageDir, 0);
    }

    /** Starts on {@code port} (0: any free one) with objects kept under {@code storageDir}; creates the bucket. */
    public static S3Server start(Path storageDir, int port) {
        S3Server server = new S3Server(storageDir.toAbsolutePath(), port);
        try {
            Files.createDirectories(server.storageDir);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.startProxy();
        if (!server.blobStore.containerExists(BUCKET)) {
            server.blobStore.createContainer(BUCKET);
        }
        return server;
    }

    private synchronized void startProxy() {
        Properties properties = new Properties();
        properties.setProperty("jclouds.filesystem.basedir", storageDir.toString());
        BlobStore store = new AtomicWrites(BlobStores.create("filesystem-nio2", properties));
        S3Proxy started = S3Proxy.builder()
                .blobStore(store)
                .endpoint(URI.create("http://127.0.0.1:" + port))
                .awsAuthentication(AuthenticationType.AWS_V2_OR_V4, ACCESS_KEY, SECRET_KEY)
                .stopTimeout(0)
                .build();
        try {
            started.start();
            long deadline = System.nanoTime() + 10_000_000_000L;
            while (!"STARTED".equals(started.getState())) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("S3Proxy did not start: " + started.getState());
                }
                Thread.sleep(10);
            }
        } catch (Exception e) {
            store.close();
            throw new IllegalStateException("cannot start S3Proxy on 127.0.0.1:" + port, e);
        }
        this.port = started.getPort();
        this.proxy = started;
        this.blobStore = store;
    }

    /** Stops listening (clients get connection refused); the objects stay on disk. Idempotent. */
    public synchronized void stop() {
        if (proxy == null) {
            return;
        }
        try {
            proxy.stop();
        } catch (Exception e) {
            throw new IllegalStateException("cannot stop S3Proxy", e);
        } finally {
            proxy = null;
            blobStore.close();
            blobStore = null;
        }
    }

    /** Starts again on the same port with the same objects (after {@link #stop()}, or stops first). */
    public synchronized void restart() {
        stop();
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (true) {
            try {
                startProxy();
                return;
            } catch (IllegalStateException e) {
                // the port may linger for a moment after the stop
                if (System.nanoTime() > deadline) {
                    throw e;
                }
                try {
                    Thread.sleep(100);
                } catch (InterruptedException ie) {
                    Thread.currentThread().interrupt();
                    throw e;
                }
            }
        }
    }

    public synchronized boolean isRunning() {
        return proxy != null;
    }

    public int port() {
        return port;
    }

    public URI endpoint() {
        return URI.create("http://127.0.0.1:" + port);
    }

    public String bucket() {
        return BUCKET;
    }

    public String accessKey() {
        return ACCESS_KEY;
    }

    public String secretKey() {
        return SECRET_KEY;
    }

    public Path storageDir() {
        return storageDir;
    }

    /** {@code s3://mirror/<prefix>} at this endpoint, path style, us-east-1, with this server's keys. */
    public S3Location location(String prefix) {
        return S3Location.parse(
                "s3://" + BUCKET + "/" + (prefix == null ? "" : prefix),
                endpoint(),
                "us-east-1",
                true,
                ACCESS_KEY,
                SECRET_KEY);
    }

    @Override
    public void close() {
        stop();
    }

    /**
     * Every write of one key in turn, and {@code If-Match} compared with the current entity tag inside that turn
     * (S3Proxy's handler also passes the header on in the PutObjectRequest after its own unlocked check).
     */
    private static final class AtomicWrites extends ForwardingBlobStore {

        private final ConcurrentMap<String, Object> locks = new ConcurrentHashMap<>();

        AtomicWrites(BlobStore delegate) {
            super(delegate);
        }

        private Object lock(String bucket, String key) {
            return locks.computeIfAbsent(bucket + "/" + key, k -> new Object());
        }

        @Override
        public PutObjectResponse putBlob(PutObjectRequest request, InputStream content) {
            synchronized (lock(request.bucket(), request.key())) {
                String ifMatch = request.ifMatch();
                if (ifMatch != null && !ifMatch.equals("*")) {
                    HeadObjectResponse current = delegate().blobMetadata(request.bucket(), request.key());
                    if (current == null) {
                        throw refuse(S3ErrorCode.NO_SUCH_KEY, content);
                    }
                    if (!unquoted(ifMatch).equals(unquoted(current.eTag()))) {
                        throw refuse(S3ErrorCode.PRECONDITION_FAILED, content);
                    }
                }
                return super.putBlob(request, content);
            }
        }

        @Override
        public DeleteObjectResponse removeBlob(DeleteObjectRequest request) {
            synchronized (lock(request.bucket(), request.key())) {
                return super.removeBlob(request);
            }
        }

        /**
         * The error, after reading the rest of the body: the client has been told to go on (100-continue) and is
         * still sending; an answer before that ends in "Error writing request body" on its side instead of 412.
         */
        private static S3ProxyException refuse(S3ErrorCode error, InputStream content) {
            try {
                content.transferTo(OutputStream.nullOutputStream());
            } catch (IOException e) {
                // the answer is the error either way
            }
            return new S3ProxyException(error);
        }

        private static String unquoted(String etag) {
            if (etag == null) {
                return "";
            }
            String tag = etag.startsWith("W/") ? etag.substring(2) : etag;
            return tag.length() >= 2 && tag.startsWith("\"") && tag.endsWith("\"")
                    ? tag.substring(1, tag.length() - 1)
                    : tag;
        }
    }

    /**
     * Runs an S3 server until killed: {@code S3Server [PORT [DIR]]} (default 9000 and ./s3-data); prints the
     * endpoint, bucket and keys.
     */
    public static void main(String[] args) throws InterruptedException {
        int port = args.length > 0 ? Integer.parseInt(args[0]) : 9000;
        Path dir = Path.of(args.length > 1 ? args[1] : "s3-data");
        S3Server server = start(dir, port);
        Runtime.getRuntime().addShutdownHook(new Thread(server::stop, "s3server-stop"));
        System.out.println("S3 server (S3Proxy, filesystem backend) running; Ctrl-C stops it");
        System.out.println("endpoint:          " + server.endpoint());
        System.out.println("bucket:            " + server.bucket() + "  (path-style addressing, region us-east-1)");
        System.out.println("store URI:         s3://" + server.bucket() + "/<prefix>");
        System.out.println("access key id:     " + server.accessKey());
        System.out.println("secret access key: " + server.secretKey());
        System.out.println("data directory:    " + server.storageDir());
        System.out.flush();
        Thread.currentThread().join();
    }
}
