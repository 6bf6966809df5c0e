package io.jenkins.plugins.pythonmirror.upload;

import static org.assertj.core.api.Assertions.assertThat;

import java.security.MessageDigest;
import java.util.Base64;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

class UploadsTest {

    @Test
    void md5IsAcceptedAsHexOrUrlSafeBase64() throws Exception {
        byte[] md5 = MessageDigest.getInstance("MD5").digest("hello".getBytes());
        String hex = HexFormat.of().formatHex(md5);
        String b64 = Base64.getUrlEncoder().withoutPadding().encodeToString(md5);

        assertThat(Uploads.md5Matches(hex, md5)).isTrue();
        assertThat(Uploads.md5Matches(hex.toUpperCase(), md5)).isTrue();
        assertThat(Uploads.md5Matches(b64, md5)).isTrue();
        assertThat(Uploads.md5Matches(b64 + "==", md5)).isTrue();
        assertThat(Uploads.md5Matches("0".repeat(32), md5)).isFalse();
        assertThat(Uploads.md5Matches("garbage", md5)).isFalse();
    }

    @Test
    void blake2b256MatchesTheKnownDigestOfTheEmptyInput() {
        // BLAKE2b-256("") from the reference implementation (hashlib.blake2b(b"", digest_size=32)).
        Digests d = new Digests();
        assertThat(d.finish().blake2b256())
                .isEqualTo("0e5751c026e543b2e8ab2eb06099daa1d1e5df47778f7787faab45cdf12fe3a8");
    }

    @Test
    void reasonsShowLookAlikeCharactersAsEscapes() {
        assertThat(Uploads.printable("\u0430cme\u202e")).isEqualTo("\\u0430cme\\u202e");
        assertThat(Uploads.printable("plain-name")).isEqualTo("plain-name");
    }
}
