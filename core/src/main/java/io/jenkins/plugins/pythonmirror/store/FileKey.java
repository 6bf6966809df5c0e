package io.jenkins.plugins.pythonmirror.store;

/**
 * Names one stored file: the sha256 of its bytes and its filename. Both parts are checked here, once, so no path
 * built from a key can leave the store.
 */
public record FileKey(String sha256, String filename) {

    public FileKey {
        if (!isSha256(sha256)) {
            throw new IllegalArgumentException("not a lower-case hex sha256: '" + sha256 + "'");
        }
        if (!isSafeFilename(filename)) {
            throw new IllegalArgumentException("not an acceptable file name: '" + filename + "'");
        }
    }

    /** 64 lower-case hex digits (checked by hand: it runs for every file of every page served). */
    public static boolean isSha256(String s) {
        if (s == null || s.length() != 64) {
            return false;
        }
        for (int i = 0; i < 64; i++) {
            char c = s.charAt(i);
            if (!(c >= '0' && c <= '9' || c >= 'a' && c <= 'f')) {
                return false;
            }
        }
        return true;
    }

    /**
     * A plain file name with no path, no traversal and no characters a distribution filename never has: ASCII
     * letters, digits and {@code . _ - + !} (PEP 427/625, plus legacy forms), starting with a letter or digit, at
     * most 255 characters.
     */
    public static boolean isSafeFilename(String name) {
        if (name == null || name.isEmpty() || name.length() > 255 || name.contains("..")) {
            return false;
        }
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            boolean alnum = c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9';
            if (!alnum && (i == 0 || !(c == '.' || c == '_' || c == '+' || c == '!' || c == '-'))) {
                return false;
            }
        }
        return true;
    }

    /** The relative path below {@code files/}: {@code ab/<sha256>/<filename>}. */
    public String relativePath() {
        return sha256.substring(0, 2) + "/" + sha256 + "/" + filename;
    }
}
