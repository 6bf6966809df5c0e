package io.jenkins.plugins.pythonmirror.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class S3LocationTest {

    private static S3Location parse(String uri) {
        return S3Location.parse(uri, null, null, false, null, null);
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "s3://mirror|mirror|''",
                "s3://mirror/|mirror|''",
                "s3://mirror//|mirror|''",
                "s3://mirror/pypi|mirror|pypi/",
                "s3://mirror/pypi/|mirror|pypi/",
                "s3://mirror//pypi//|mirror|pypi/",
                "S3://my.bucket-1/a/b/c|my.bucket-1|a/b/c/",
                "  s3://abc/x y/z  |abc|x y/z/",
            })
    void bucketAndNormalisedPrefix(String uri, String bucket, String prefix) {
        S3Location location = parse(uri);
        assertThat(location.bucket()).isEqualTo(bucket);
        assertThat(location.prefix()).isEqualTo(prefix);
        assertThat(location.uri()).isEqualTo("s3://" + bucket + "/" + prefix);
    }

    @Test
    void keysArePrefixed() {
        assertThat(parse("s3://mirror/pypi").key("nodes/a.json")).isEqualTo("pypi/nodes/a.json");
        assertThat(parse("s3://mirror").key("nodes/a.json")).isEqualTo("nodes/a.json");
        assertThatThrownBy(() -> parse("s3://mirror").key("/abs")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> parse("s3://mirror").key("")).isInstanceOf(IllegalArgumentException.class);
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "http://mirror/p|must start with s3://",
                "mirror/p|must start with s3://",
                "s3:/mirror|must start with s3://",
                "s3://|has no bucket name",
                "s3:///prefix|has no bucket name",
                "s3://ab|must be 3 to 63 characters long",
                "s3://Mirror|may contain only lowercase letters",
                "s3://my_bucket|may contain only lowercase letters",
                "s3://-mirror|must start and end with a letter or digit",
                "s3://mirror-|must start and end with a letter or digit",
                "s3://my..bucket|two adjacent periods",
                "s3://192.168.5.4|IP address",
                "s3://xn--bucket|must not start with",
                "s3://bucket-s3alias|reserves",
                "s3://mirror/a/../b|'..' segments",
                "s3://mirror/../b|'..' segments",
                "s3://mirror/./b|'..' segments",
                "s3://mirror/a//b|empty segment",
                "s3://mirror/a?x=1|must not contain '?' or '#'",
                "s3://mirror/a#f|must not contain '?' or '#'",
            })
    void badLocationsAreRefusedWithAReason(String uri, String reason) {
        assertThatThrownBy(() -> parse(uri))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(reason);
    }

    @Test
    void tooLongBucket() {
        assertThatThrownBy(() -> parse("s3://" + "a".repeat(64)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("3 to 63");
        assertThat(parse("s3://" + "a".repeat(63)).bucket()).hasSize(63);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "  "})
    void nothingGiven(String uri) {
        assertThatThrownBy(() -> parse(uri))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("s3://BUCKET");
    }

    @Test
    void endpointMustBeHttp() {
        assertThatThrownBy(() -> S3Location.parse("s3://mirror", URI.create("ftp://host"), null, true, null, null))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("http:// or https://");
        S3Location location =
                S3Location.parse("s3://mirror", URI.create("http://127.0.0.1:9000"), "eu-west-1", true, null, null);
        assertThat(location.endpoint()).isEqualTo(URI.create("http://127.0.0.1:9000"));
        assertThat(location.region()).isEqualTo("eu-west-1");
        assertThat(location.pathStyle()).isTrue();
    }

    @Test
    void keyAndSecretComeTogether() {
        assertThatThrownBy(() -> S3Location.parse("s3://mirror", null, null, false, "AKID", null))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("both");
        assertThatThrownBy(() -> S3Location.parse("s3://mirror", null, null, false, null, "secret"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("both");
        S3Location none = S3Location.parse("s3://mirror", null, " ", false, "", "");
        assertThat(none.accessKeyId()).isNull();
        assertThat(none.secretAccessKey()).isNull();
        assertThat(none.region()).isNull();
    }

    @Test
    void toStringNeverShowsTheSecret() {
        S3Location location = S3Location.parse(
                "s3://mirror/pypi", URI.create("http://127.0.0.1:9000"), null, true, "AKID123", "Sup3r-S3cret/Value");
        assertThat(location.toString())
                .contains("s3://mirror/pypi/", "http://127.0.0.1:9000", "AKID123", "****")
                .doesNotContain("Sup3r-S3cret/Value");
        assertThat(location.withCredentials(null, null).toString()).doesNotContain("****");
    }

    @Test
    void directConstructionIsCheckedToo() {
        assertThatThrownBy(() -> new S3Location("mirror", "/abs/", null, null, false, null, null))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new S3Location("mirror", "noslash", null, null, false, null, null))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(new S3Location("mirror", null, null, null, false, null, null).prefix())
                .isEmpty();
    }
}
