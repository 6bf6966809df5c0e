package io.jenkins.plugins.pythonmirror.server;

import io.jenkins.plugins.pythonmirror.store.ObjectStore;
import io.jenkins.plugins.pythonmirror.store.S3Location;
import java.io.IOException;
import java.net.URI;
import picocli.CommandLine;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * Where the data several servers share lives: with {@code --store s3://BUCKET/PREFIX} the bucket holds distribution
 * files, pages, private packages and users, and {@code --data-dir} only this server's local part. Every command
 * that opens the mirror's data takes these options. Credentials come from the AWS default chain
 * ({@code AWS_ACCESS_KEY_ID}/{@code AWS_SECRET_ACCESS_KEY}, profiles, roles).
 */
final class StoreOptions {

    @Spec(Spec.Target.MIXEE)
    CommandLine.Model.CommandSpec spec;

    @Option(
            names = "--store",
            paramLabel = "s3://BUCKET/PREFIX",
            description = "Share files, pages, private packages and users with other servers in this S3-compatible"
                    + " bucket (default: everything in --data-dir).")
    String store;

    @Option(
            names = "--s3-endpoint",
            paramLabel = "URL",
            description = "The S3 API endpoint of a non-AWS store (MinIO, Ceph RGW, R2…), such as"
                    + " http://127.0.0.1:9000 (default: AWS).")
    String endpoint;

    @Option(
            names = "--s3-region",
            paramLabel = "REGION",
            description = "The signing region (default: AWS_REGION or the profile's, else us-east-1).")
    String region;

    @Option(
            names = "--s3-path-style",
            description = "Address the bucket as ENDPOINT/BUCKET rather than BUCKET.ENDPOINT (most S3-compatible"
                    + " servers need this).")
    boolean pathStyle;

    /** The bucket, or null when none is given; a bad option is a usage error naming it. */
    S3Location location() {
        if (store == null) {
            if (endpoint != null || region != null || pathStyle) {
                throw new CommandLine.ParameterException(
                        spec.commandLine(), "--s3-endpoint, --s3-region and --s3-path-style need --store s3://…");
            }
            return null;
        }
        try {
            URI uri = endpoint == null ? null : URI.create(endpoint.strip());
            return S3Location.parse(store, uri, region, pathStyle, null, null);
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), "Bad --store: " + e.getMessage());
        }
    }

    /** A client for the bucket, or null without {@code --store}. */
    ObjectStore open() throws IOException {
        S3Location location = location();
        return location == null ? null : location.open();
    }
}
