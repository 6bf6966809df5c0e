package io.jenkins.plugins.pythonmirror.testkit;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.HexFormat;

/** Digest helpers shared by the kit. */
final class Hashes {

    private Hashes() {}

    static byte[] sha256(byte[] data) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(data);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("JDK without SHA-256", e);
        }
    }

    static String sha256Hex(byte[] data) {
        return HexFormat.of().formatHex(sha256(data));
    }

    /** Wheel RECORD form (PEP 376/427): urlsafe base64 without padding. */
    static String sha256Record(byte[] data) {
        return "sha256=" + Base64.getUrlEncoder().withoutPadding().encodeToString(sha256(data));
    }

    /** PEP 503 name normalization: runs of {@code -_.} become {@code -}, lower-cased. */
    static String normalize(String name) {
        return name.replaceAll("[-_.]+", "-").toLowerCase(java.util.Locale.ROOT);
    }
}
