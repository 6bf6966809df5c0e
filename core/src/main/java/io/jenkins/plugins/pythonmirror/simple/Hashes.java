package io.jenkins.plugins.pythonmirror.simple;

import java.util.Collections;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;

/** Validation and canonical form of hash maps ({@code algorithm -> hex digest}), both lower-case. */
final class Hashes {

    /** hashlib's guaranteed algorithms: the only names PEP 503 allows in a URL fragment. */
    static final Set<String> FRAGMENT_ALGORITHMS = Set.of(
            "md5",
            "sha1",
            "sha224",
            "sha256",
            "sha384",
            "sha512",
            "sha3_224",
            "sha3_256",
            "sha3_384",
            "sha3_512",
            "blake2b",
            "blake2s",
            "shake_128",
            "shake_256");

    private static final int MAX_ALGORITHM_LENGTH = 32;
    private static final int MAX_DIGEST_LENGTH = 256;

    private Hashes() {}

    /** An unmodifiable sorted copy with lower-cased keys and values; throws if a name or digest is malformed. */
    static SortedMap<String, String> canonical(Map<String, String> hashes, String what) {
        if (hashes == null || hashes.isEmpty()) {
            return Collections.emptySortedMap();
        }
        TreeMap<String, String> copy = new TreeMap<>();
        for (Map.Entry<String, String> e : hashes.entrySet()) {
            String algorithm = checkAlgorithm(e.getKey(), what);
            copy.put(algorithm, checkDigest(e.getValue(), what + " " + algorithm));
        }
        return Collections.unmodifiableSortedMap(copy);
    }

    static String checkAlgorithm(String name, String what) {
        if (name == null || name.isEmpty() || name.length() > MAX_ALGORITHM_LENGTH) {
            throw new IllegalArgumentException(what + ": invalid hash algorithm name '" + name + "'");
        }
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (!(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '_' || c == '-')) {
                throw new IllegalArgumentException(what + ": invalid hash algorithm name '" + name + "'");
            }
        }
        return name.toLowerCase(Locale.ROOT);
    }

    static String checkDigest(String hex, String what) {
        if (hex == null || hex.isEmpty() || hex.length() > MAX_DIGEST_LENGTH) {
            throw new IllegalArgumentException(what + ": hash value is not hex: '" + shorten(hex) + "'");
        }
        for (int i = 0; i < hex.length(); i++) {
            char c = hex.charAt(i);
            if (!(c >= '0' && c <= '9' || c >= 'a' && c <= 'f' || c >= 'A' && c <= 'F')) {
                throw new IllegalArgumentException(what + ": hash value is not hex: '" + shorten(hex) + "'");
            }
        }
        return hex.toLowerCase(Locale.ROOT);
    }

    /**
     * The one algorithm to advertise where only one fits (HTML fragment, {@code data-core-metadata}): sha256, as PEP
     * 503 recommends, else the first hashlib-guaranteed one by name, else null (clients could not check another).
     */
    static String preferred(Map<String, String> hashes) {
        if (hashes.containsKey("sha256")) {
            return "sha256";
        }
        for (String algorithm : hashes.keySet()) {
            if (FRAGMENT_ALGORITHMS.contains(algorithm)) {
                return algorithm;
            }
        }
        return null;
    }

    static String shorten(String s) {
        if (s == null) {
            return "null";
        }
        return s.length() <= 80 ? s : s.substring(0, 77) + "...";
    }
}
