package io.jenkins.plugins.pythonmirror.store;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Supplier;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.ResponseBytes;
import software.amazon.awssdk.core.ResponseInputStream;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.regions.providers.AwsProfileRegionProvider;
import software.amazon.awssdk.regions.providers.AwsRegionProviderChain;
import software.amazon.awssdk.regions.providers.SystemSettingsRegionProvider;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3ClientBuilder;
import software.amazon.awssdk.services.s3.model.GetObjectRequest;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Request;
import software.amazon.awssdk.services.s3.model.PutObjectRequest;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * {@link ObjectStore} on S3 or an S3-compatible server (MinIO, Ceph, S3Proxy, …) through the AWS SDK for Java v2,
 * with the JDK's HTTP client.
 *
 * <ul>
 *   <li>Credentials: the location's key and secret, else the SDK's default chain (AWS_ACCESS_KEY_ID and
 *       AWS_SECRET_ACCESS_KEY, aws.accessKeyId/aws.secretAccessKey, profiles, container and instance roles).
 *   <li>Region: the location's, else AWS_REGION/aws.region or the profile's, else us-east-1.
 *   <li>Checksums only when an operation requires them, so servers that do not understand the newer SDKs'
 *       {@code aws-chunked} checksum trailers still accept uploads; two retries; 5 s to connect, 30 s per read.
 *   <li>Failures: 404 is an absent object, 412 a lost race; refused connections, timeouts and 5xx after retries
 *       are {@link ObjectStoreUnavailableException}; 403 and everything else a plain {@link IOException}. Messages
 *       are one line and name the store, never the secret.
 * </ul>
 */
public final class S3ObjectStore implements ObjectStore {

    static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(5);
    static final Duration SOCKET_TIMEOUT = Duration.ofSeconds(30);
    /** First attempt plus two retries. */
    static final int MAX_ATTEMPTS = 3;
    /** S3 answers 409 when conditional writes of one key overlap: retried this often, then reported. */
    private static final int CONFLICT_ATTEMPTS = 5;

    private final S3Location location;
    private final S3Client s3;
    private final AwsCredentialsProvider credentials;
    private final int listPageSize;

    public S3ObjectStore(S3Location location) {
        this(location, 1000);
    }

    /** With ListObjectsV2 pages of {@code listPageSize} keys (small in tests, to exercise pagination). */
    S3ObjectStore(S3Location location, int listPageSize) {
        this.location = location;
        this.listPageSize = listPageSize;
        this.credentials = location.accessKeyId() != null
                ? StaticCredentialsProvider.create(
                        AwsBasicCredentials.create(location.accessKeyId(), location.secretAccessKey()))
                : DefaultCredentialsProvider.builder().build();
        S3ClientBuilder builder = S3Client.builder()
                .httpClientBuilder(UrlConnectionHttpClient.builder()
                        .connectionTimeout(CONNECT_TIMEOUT)
                        .socketTimeout(SOCKET_TIMEOUT))
                .credentialsProvider(credentials)
                .region(region(location))
                .forcePathStyle(location.pathStyle())
                .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
                .responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED)
                .overrideConfiguration(o -> o.retryStrategy(r -> r.maxAttempts(MAX_ATTEMPTS)));
        if (location.endpoint() != null) {
            builder.endpointOverride(location.endpoint());
        } else if (location.region() == null) {
            // On AWS itself a guessed region must not stop us from reaching a bucket that lives elsewhere.
            builder.crossRegionAccessEnabled(true);
        }
        this.s3 = builder.build();
    }

    /** The location's region, else the environment's or profile's (not the instance metadata: slow off EC2). */
    private static Region region(S3Location location) {
        if (location.region() != null) {
            return Region.of(location.region());
        }
        try {
            return new AwsRegionProviderChain(new SystemSettingsRegionProvider(), new AwsProfileRegionProvider())
                    .getRegion();
        } catch (SdkClientException | IllegalStateException e) {
            return Region.US_EAST_1;
        }
    }

    public S3Location location() {
        return location;
    }

    @Override
    public Optional<Versioned> read(String key) throws IOException {
        String fullKey = location.key(key);
        try {
            ResponseBytes<GetObjectResponse> object = s3.getObjectAsBytes(get(fullKey));
            return Optional.of(
                    new Versioned(object.asByteArray(), object.response().eTag()));
        } catch (SdkException e) {
            if (isAbsent(e)) {
                return Optional.empty();
            }
            throw failure("GET", fullKey, e);
        }
    }

    @Override
    public Optional<Opened> open(String key) throws IOException {
        String fullKey = location.key(key);
        try {
            ResponseInputStream<GetObjectResponse> in = s3.getObject(get(fullKey));
            Long length = in.response().contentLength();
            return Optional.of(new Opened(in, length == null ? -1 : length));
        } catch (SdkException e) {
            if (isAbsent(e)) {
                return Optional.empty();
            }
            throw failure("GET", fullKey, e);
        }
    }

    @Override
    public boolean download(String key, Path target) throws IOException {
        String fullKey = location.key(key);
        Path dir = target.toAbsolutePath().getParent();
        Path part = dir.resolve("." + target.getFileName() + ".part-"
                + Long.toHexString(ThreadLocalRandom.current().nextLong()));
        boolean moved = false;
        try (ResponseInputStream<GetObjectResponse> in = s3.getObject(get(fullKey))) {
            long expected =
                    in.response().contentLength() == null ? -1 : in.response().contentLength();
            long copied = 0;
            byte[] buffer = new byte[64 * 1024];
            try (OutputStream out = Files.newOutputStream(part)) {
                while (true) {
                    int n;
                    try {
                        n = in.read(buffer);
                    } catch (InterruptedIOException e) {
                        throw e;
                    } catch (IOException | UncheckedIOException | SdkClientException e) {
                        throw unavailable("GET", fullKey, "the download broke off after " + copied + " bytes", e);
                    }
                    if (n < 0) {
                        break;
                    }
                    out.write(buffer, 0, n); // an IOException here is our disk's, not the store's
                    copied += n;
                }
            }
            if (expected >= 0 && copied != expected) {
                throw unavailable(
                        "GET",
                        fullKey,
                        "the download ended after " + copied + " of " + expected + " bytes",
                        new IOException("truncated"));
            }
            move(part, target);
            moved = true;
            return true;
        } catch (SdkException e) {
            if (isAbsent(e)) {
                return false;
            }
            throw failure("GET", fullKey, e);
        } finally {
            if (!moved) {
                Files.deleteIfExists(part);
            }
        }
    }

    private static void move(Path source, Path target) throws IOException {
        try {
            Files.move(source, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(source, target, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    @Override
    public boolean exists(String key) throws IOException {
        return currentEtag(key).isPresent();
    }

    /** The object's entity tag (a HEAD request), or empty when there is none. */
    private Optional<String> currentEtag(String key) throws IOException {
        String fullKey = location.key(key);
        try {
            return Optional.of(String.valueOf(
                    s3.headObject(b -> b.bucket(location.bucket()).key(fullKey)).eTag()));
        } catch (SdkException e) {
            if (isAbsent(e)) {
                return Optional.empty();
            }
            throw failure("HEAD", fullKey, e);
        }
    }

    /** How often a PUT whose body the store did not take is sent again after checking nothing landed. */
    static final int BROKEN_WRITE_ATTEMPTS = 3;

    /**
     * Whether a PUT failed while its body was being sent: the store answered early (wrong credentials, a failed
     * condition) and closed the connection, and the JDK's client reports only the broken write, not the answer.
     */
    private static boolean isBrokenWrite(SdkException e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof IOException && String.valueOf(t.getMessage()).contains("Error writing request body")) {
                return true;
            }
            if (t.getCause() == t) {
                break;
            }
        }
        return false;
    }

    @Override
    public boolean create(String key, Path file) throws IOException {
        return conditionalPut(key, null, () -> RequestBody.fromFile(file)).isPresent();
    }

    @Override
    public boolean create(String key, byte[] bytes) throws IOException {
        return conditionalPut(key, null, () -> RequestBody.fromBytes(bytes)).isPresent();
    }

    @Override
    public Optional<String> replace(String key, byte[] bytes, String expectedEtag) throws IOException {
        return conditionalPut(key, expectedEtag, () -> RequestBody.fromBytes(bytes));
    }

    /**
     * PUT with If-Match: etag, or If-None-Match: * when etag is null; empty when the precondition failed.
     *
     */
    private Optional<String> conditionalPut(String key, String expectedEtag, Supplier<RequestBody> body)
            throws IOException {
        String fullKey = location.key(key);
        PutObjectRequest.Builder request =
                PutObjectRequest.builder().bucket(location.bucket()).key(fullKey);
        if (expectedEtag == null) {
            request.ifNoneMatch("*");
        } else {
            request.ifMatch(expectedEtag);
        }
        PutObjectRequest put = request.build();
        for (int attempt = 1; ; attempt++) {
            try {
                return Optional.of(s3.putObject(put, body.get()).eTag());
            } catch (SdkException e) {
                if (isBrokenWrite(e)) {
                    // Ask the store what happened instead of calling it an outage: a refusal shows in the probe
                    // (403 and the like), a failed condition in the object's state; else nothing landed, send again.
                    probe();
                    Optional<String> now = currentEtag(key);
                    if (expectedEtag == null ? now.isPresent() : !now.equals(Optional.of(expectedEtag))) {
                        return Optional.empty();
                    }
                    if (attempt < BROKEN_WRITE_ATTEMPTS) {
                        continue;
                    }
                }
                int status = status(e);
                if (status == 412 || status == 404 && expectedEtag != null) {
                    // 404: If-Match on an object someone deleted
                    return Optional.empty();
                }
                if (status == 409 && attempt < CONFLICT_ATTEMPTS) {
                    pause(attempt);
                    continue;
                }
                if (status == 409 && expectedEtag != null) {
                    return Optional.empty();
                }
                throw failure("PUT", fullKey, e);
            }
        }
    }

    private static void pause(int attempt) throws InterruptedIOException {
        try {
            Thread.sleep(ThreadLocalRandom.current().nextLong(20, 100L * attempt));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while retrying a conditional PUT");
        }
    }

    @Override
    public void put(String key, byte[] bytes) throws IOException {
        unconditionalPut(key, () -> RequestBody.fromBytes(bytes));
    }

    private void unconditionalPut(String key, Supplier<RequestBody> body) throws IOException {
        String fullKey = location.key(key);
        for (int attempt = 1; ; attempt++) {
            try {
                s3.putObject(b -> b.bucket(location.bucket()).key(fullKey), body.get());
                return;
            } catch (SdkException e) {
                if (isBrokenWrite(e)) {
                    probe(); // a refusal (403…) shows here, with its real reason
                    if (attempt < BROKEN_WRITE_ATTEMPTS) {
                        continue;
                    }
                }
                throw failure("PUT", fullKey, e);
            }
        }
    }

    @Override
    public void put(String key, Path file) throws IOException {
        unconditionalPut(key, () -> RequestBody.fromFile(file));
    }

    @Override
    public List<String> list(String prefix) throws IOException {
        return listWithTimes(prefix).stream().map(Listed::key).toList();
    }

    @Override
    public List<Listed> listWithTimes(String prefix) throws IOException {
        String fullPrefix = location.prefix() + (prefix == null ? "" : prefix);
        ListObjectsV2Request request = ListObjectsV2Request.builder()
                .bucket(location.bucket())
                .prefix(fullPrefix)
                .maxKeys(listPageSize)
                .build();
        List<Listed> keys = new ArrayList<>();
        try {
            for (S3Object object : s3.listObjectsV2Paginator(request).contents()) {
                keys.add(new Listed(object.key().substring(location.prefix().length()), object.lastModified()));
            }
        } catch (SdkException e) {
            throw failure("LIST", fullPrefix, e);
        }
        return keys;
    }

    @Override
    public void delete(String key) throws IOException {
        String fullKey = location.key(key);
        try {
            s3.deleteObject(b -> b.bucket(location.bucket()).key(fullKey));
        } catch (SdkException e) {
            if (!isAbsent(e)) {
                throw failure("DELETE", fullKey, e);
            }
        }
    }

    @Override
    public void probe() throws IOException {
        try {
            s3.listObjectsV2(
                    b -> b.bucket(location.bucket()).prefix(location.prefix()).maxKeys(1));
        } catch (SdkException e) {
            throw failure("LIST", location.prefix(), e);
        }
    }

    @Override
    public String describe() {
        return location.uri() + " ("
                + (location.endpoint() != null
                        ? location.endpoint().toString()
                        : "AWS " + s3.serviceClientConfiguration().region())
                + ")";
    }

    @Override
    public String toString() {
        return "S3ObjectStore[" + describe() + "]";
    }

    @Override
    public void close() {
        s3.close();
        if (credentials instanceof AutoCloseable closeable) {
            try {
                closeable.close();
            } catch (Exception e) {
                // nothing held that matters
            }
        }
    }

    private GetObjectRequest get(String fullKey) {
        return GetObjectRequest.builder().bucket(location.bucket()).key(fullKey).build();
    }

    private static int status(SdkException e) {
        return e instanceof S3Exception s3e ? s3e.statusCode() : -1;
    }

    /** 404 for the key; a missing bucket is an error, not an empty bucket. */
    private static boolean isAbsent(SdkException e) {
        return status(e) == 404 && !"NoSuchBucket".equals(errorCode(e));
    }

    private static String errorCode(SdkException e) {
        if (e instanceof S3Exception s3e && s3e.awsErrorDetails() != null) {
            return s3e.awsErrorDetails().errorCode();
        }
        return null;
    }

    /** The exception for a failed request: unavailable for network trouble and 5xx, else a plain IOException. */
    IOException failure(String operation, String fullKey, SdkException e) {
        if (e instanceof S3Exception s3e) {
            int status = s3e.statusCode();
            String code = errorCode(e);
            String detail = "HTTP " + status + (code == null || code.isEmpty() ? "" : " " + code);
            String message =
                    s3e.awsErrorDetails() == null ? null : s3e.awsErrorDetails().errorMessage();
            if (message != null && !message.isBlank()) {
                detail += " (" + oneLine(message) + ")";
            }
            if (status >= 500) {
                return unavailable(operation, fullKey, detail, e);
            }
            if (status == 403) {
                return new IOException(
                        "S3 store " + describe() + " refused " + operation + " " + fullKey + ": " + detail
                                + "; check the access key, secret, region and the bucket's permissions",
                        e);
            }
            if ("NoSuchBucket".equals(code)) {
                return new IOException(
                        "S3 store " + describe() + ": bucket '" + location.bucket() + "' does not exist (" + operation
                                + " " + fullKey + ")",
                        e);
            }
            return new IOException(
                    "S3 store " + describe() + ": " + operation + " " + fullKey + " failed: " + detail, e);
        }
        if (isNetworkTrouble(e)) {
            return unavailable(operation, fullKey, rootMessage(e), e);
        }
        return new IOException(
                "S3 store " + describe() + ": " + operation + " " + fullKey + " failed: " + oneLine(e.getMessage()), e);
    }

    private ObjectStoreUnavailableException unavailable(
            String operation, String fullKey, String detail, Throwable cause) {
        return new ObjectStoreUnavailableException(
                "S3 store " + describe() + " is unavailable: " + operation + " " + fullKey + ": " + detail, cause);
    }

    /** Refused or reset connections, unknown hosts, timeouts (the SDK's own and the socket's). */
    private static boolean isNetworkTrouble(SdkException e) {
        if (!(e instanceof SdkClientException)) {
            return false;
        }
        if (e.getClass().getSimpleName().contains("Timeout")) {
            return true; // ApiCallTimeoutException, ApiCallAttemptTimeoutException
        }
        for (Throwable t = e.getCause(); t != null; t = t.getCause()) {
            if (t instanceof IOException || t instanceof UncheckedIOException) {
                return true;
            }
        }
        return false;
    }

    private static String rootMessage(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String message = root.getMessage();
        return oneLine(root.getClass().getSimpleName() + (message == null ? "" : ": " + message));
    }

    private static String oneLine(String text) {
        return text == null ? "" : text.replaceAll("\\s*[\\r\\n]+\\s*", " ").strip();
    }
}
