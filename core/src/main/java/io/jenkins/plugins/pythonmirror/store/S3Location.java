package io.jenkins.plugins.pythonmirror.store;

import java.net.URI;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Where a shared {@link ObjectStore} lives: a bucket and a key prefix in it, and how to reach it.
 *
 * @param bucket an S3 bucket name (3–63 characters: lowercase letters, digits, dots, hyphens)
 * @param prefix "" or '/'-separated segments ending with '/', without a leading '/'; prepended to every key
 * @param endpoint an {@code http(s)://host[:port]} endpoint of an S3-compatible service, or null for AWS itself
 * @param region the signing region, or null for the SDK's default chain (environment, profile), else us-east-1
 * @param pathStyle {@code endpoint/bucket/key} rather than {@code bucket.endpoint/key} (most S3-compatible servers)
 * @param accessKeyId the access key, or null for the SDK's default credentials (environment, profiles, roles)
 * @param secretAccessKey its secret (given exactly when {@code accessKeyId} is); never printed by {@link #toString()}
 */
public record S3Location(
        String bucket,
        String prefix,
        URI endpoint,
        String region,
        boolean pathStyle,
        String accessKeyId,
        String secretAccessKey)
        implements ObjectStoreSpec {

    private static final Pattern BUCKET = Pattern.compile("[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]");
    private static final Pattern IP_ADDRESS = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}");

    public S3Location {
        checkBucket(bucket);
        if (prefix == null) {
            prefix = "";
        }
        if (!prefix.isEmpty() && (prefix.startsWith("/") || !prefix.endsWith("/"))) {
            throw new IllegalArgumentException(
                    "S3 key prefix '" + prefix + "' must be empty or end with '/' (and not start with '/')");
        }
        checkSegments(prefix.isEmpty() ? "" : prefix.substring(0, prefix.length() - 1), "S3 key prefix");
        if (endpoint != null) {
            String scheme =
                    endpoint.getScheme() == null ? "" : endpoint.getScheme().toLowerCase(Locale.ROOT);
            if (!scheme.equals("http") && !scheme.equals("https") || endpoint.getHost() == null) {
                throw new IllegalArgumentException(
                        "S3 endpoint '" + endpoint + "' must be an http:// or https:// URL with a host");
            }
        }
        if (region != null && region.isBlank()) {
            region = null;
        }
        if (accessKeyId != null && accessKeyId.isBlank()) {
            accessKeyId = null;
        }
        if (secretAccessKey != null && secretAccessKey.isEmpty()) {
            secretAccessKey = null;
        }
        if ((accessKeyId == null) != (secretAccessKey == null)) {
            throw new IllegalArgumentException(
                    "S3 credentials need both an access key ID and a secret access key, or neither (then the"
                            + " default chain: AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY, profiles, instance roles)");
        }
    }

    /**
     * Reads {@code s3://BUCKET} or {@code s3://BUCKET/PREFIX}; the prefix gets a trailing '/' and loses leading ones.
     *
     * @throws IllegalArgumentException naming what is wrong: not s3://, a bucket name S3 would refuse, an empty,
     *     {@code .} or {@code ..} segment in the prefix
     */
    public static S3Location parse(
            String storeUri,
            URI endpoint,
            String region,
            boolean pathStyle,
            String accessKeyId,
            String secretAccessKey) {
        if (storeUri == null || storeUri.isBlank()) {
            throw new IllegalArgumentException("No S3 location given: expected s3://BUCKET or s3://BUCKET/PREFIX");
        }
        String uri = storeUri.strip();
        if (!uri.regionMatches(true, 0, "s3://", 0, 5)) {
            throw new IllegalArgumentException(
                    "S3 location '" + uri + "' must start with s3:// (s3://BUCKET or s3://BUCKET/PREFIX)");
        }
        if (uri.indexOf('?') >= 0 || uri.indexOf('#') >= 0) {
            throw new IllegalArgumentException(
                    "S3 location '" + uri + "' must not contain '?' or '#' (s3://BUCKET or s3://BUCKET/PREFIX)");
        }
        String rest = uri.substring(5);
        int slash = rest.indexOf('/');
        String bucket = slash < 0 ? rest : rest.substring(0, slash);
        String path = slash < 0 ? "" : rest.substring(slash + 1);
        if (bucket.isEmpty()) {
            throw new IllegalArgumentException("S3 location '" + uri + "' has no bucket name (s3://BUCKET/PREFIX)");
        }
        int start = 0;
        while (start < path.length() && path.charAt(start) == '/') {
            start++;
        }
        int end = path.length();
        while (end > start && path.charAt(end - 1) == '/') {
            end--;
        }
        String trimmed = path.substring(start, end);
        return new S3Location(
                bucket,
                trimmed.isEmpty() ? "" : trimmed + "/",
                endpoint,
                region,
                pathStyle,
                accessKeyId,
                secretAccessKey);
    }

    /** The full object key of {@code key} (relative to the prefix). */
    public String key(String key) {
        if (key == null || key.isEmpty() || key.startsWith("/")) {
            throw new IllegalArgumentException(
                    "Object key '" + key + "' must be non-empty and relative (no leading '/')");
        }
        return prefix + key;
    }

    /** This location without its credentials: {@code s3://bucket/prefix}. */
    public String uri() {
        return "s3://" + bucket + "/" + prefix;
    }

    /** The same place reached with other credentials (null, null for the default chain). */
    public S3Location withCredentials(String accessKeyId, String secretAccessKey) {
        return new S3Location(bucket, prefix, endpoint, region, pathStyle, accessKeyId, secretAccessKey);
    }

    /** Everything but the secret, which is shown as {@code ****} when set. */
    @Override
    public String toString() {
        return "S3Location[" + uri() + ", endpoint=" + (endpoint == null ? "AWS" : endpoint) + ", region="
                + (region == null ? "default" : region) + ", pathStyle=" + pathStyle + ", accessKeyId="
                + (accessKeyId == null ? "default chain" : accessKeyId) + ", secretAccessKey="
                + (secretAccessKey == null ? "none" : "****") + "]";
    }

    private static void checkBucket(String bucket) {
        if (bucket == null || bucket.isEmpty()) {
            throw new IllegalArgumentException("S3 bucket name is empty");
        }
        String problem = null;
        if (bucket.length() < 3 || bucket.length() > 63) {
            problem = "must be 3 to 63 characters long";
        } else if (!BUCKET.matcher(bucket).matches()) {
            problem = "may contain only lowercase letters, digits, '.' and '-', and must start and end with a letter"
                    + " or digit";
        } else if (bucket.contains("..")) {
            problem = "must not contain two adjacent periods";
        } else if (IP_ADDRESS.matcher(bucket).matches()) {
            problem = "must not look like an IP address";
        } else if (bucket.startsWith("xn--") || bucket.startsWith("sthree-") || bucket.startsWith("amzn-s3-demo-")) {
            problem = "must not start with 'xn--', 'sthree-' or 'amzn-s3-demo-'";
        } else if (bucket.endsWith("-s3alias")
                || bucket.endsWith("--ol-s3")
                || bucket.endsWith(".mrap")
                || bucket.endsWith("--x-s3")
                || bucket.endsWith("--table-s3")) {
            problem = "must not end with a suffix S3 reserves ('-s3alias', '--ol-s3', '.mrap', '--x-s3', '--table-s3')";
        }
        if (problem != null) {
            throw new IllegalArgumentException("S3 bucket name '" + bucket + "' is invalid: it " + problem);
        }
    }

    private static void checkSegments(String path, String what) {
        if (path.isEmpty()) {
            return;
        }
        for (String segment : path.split("/", -1)) {
            if (segment.isEmpty()) {
                throw new IllegalArgumentException(what + " '" + path + "/' has an empty segment ('//')");
            }
            if (segment.equals(".") || segment.equals("..")) {
                throw new IllegalArgumentException(what + " '" + path + "/' must not contain '.' or '..' segments");
            }
            for (int i = 0; i < segment.length(); i++) {
                char c = segment.charAt(i);
                if (c < 0x20 || c == 0x7f || c == '\\') {
                    throw new IllegalArgumentException(
                            what + " '" + path + "/' must not contain control characters or '\\'");
                }
            }
        }
    }

    @Override
    public ObjectStore open() {
        return new S3ObjectStore(this);
    }

    @Override
    public String describe() {
        return uri() + " (" + (endpoint == null ? "AWS" : endpoint.toString()) + ")";
    }
}
