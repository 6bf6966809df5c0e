package io.jenkins.plugins.pythonmirror.store;

import java.util.regex.Pattern;

/**
 * Names one stored file: the sha256 of its bytes and its filename. Both parts are checked here, once, so no path
 * built from a key can leave the store.
 */
public record FileKey(String sha256, String filename) {

    private static final Pattern SHA256 = Pattern.compile("[0-9a-f]{64}");
    // Distribution filenames are ASCII letters, digits and . _ - + ! (PEP 427/625, plus legacy forms).
    private static final Pattern SAFE_FILENAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._+!-]{0,254}");

    public FileKey {
        if (sha256 == null || !SHA256.matcher(sha256).matches()) {
            throw new IllegalArgumentException("not a lower-case hex sha256: '" + sha256 + "'");
        }
        if (!isSafeFilename(filename)) {
            throw new IllegalArgumentException("not an acceptable file name: '" + filename + "'");
        }
    }

    public static boolean isSha256(String s) {
        return s != null && SHA256.matcher(s).matches();
    }

    /** A plain file name with no path, no traversal and no characters a distribution filename never has. */
    public static boolean isSafeFilename(String name) {
        return name != null && SAFE_FILENAME.matcher(name).matches() && !name.contains("..");
    }

    /** The relative path below {@code files/}: {@code ab/<sha256>/<filename>}. */
    public String relativePath() {
        return sha256.substring(0, 2) + "/" + sha256 + "/" + filename;
    }
}
