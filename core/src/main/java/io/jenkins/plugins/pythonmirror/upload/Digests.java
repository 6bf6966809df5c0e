package io.jenkins.plugins.pythonmirror.upload;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import org.bouncycastle.crypto.digests.Blake2bDigest;

/** The three digests the legacy upload API carries, computed in one pass over the bytes. */
final class Digests {

    private final MessageDigest sha256;
    private final MessageDigest md5;
    private final Blake2bDigest blake2b = new Blake2bDigest(256);

    Digests() {
        try {
            sha256 = MessageDigest.getInstance("SHA-256");
            md5 = MessageDigest.getInstance("MD5");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    void update(byte[] bytes, int offset, int length) {
        sha256.update(bytes, offset, length);
        md5.update(bytes, offset, length);
        blake2b.update(bytes, offset, length);
    }

    /** The finished digests, hex. */
    Result finish() {
        byte[] b = new byte[32];
        blake2b.doFinal(b, 0);
        HexFormat hex = HexFormat.of();
        return new Result(hex.formatHex(sha256.digest()), hex.formatHex(b), md5.digest());
    }

    record Result(String sha256, String blake2b256, byte[] md5) {
        String md5Hex() {
            return HexFormat.of().formatHex(md5);
        }
    }

    static String sha256Hex(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
