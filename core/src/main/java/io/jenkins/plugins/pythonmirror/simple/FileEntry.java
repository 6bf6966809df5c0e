package io.jenkins.plugins.pythonmirror.simple;

import java.util.Map;

/**
 * One distribution file on a project page (PEP 503 anchor, PEP 691 {@code files[]} entry).
 *
 * <p>The canonical form is enforced on construction: {@code hashes} and {@code coreMetadata} are unmodifiable
 * sorted maps with lower-case algorithm names and lower-case hex digests; {@code hashes} is never null. {@code
 * coreMetadata} is null when no PEP 658 metadata file is offered, empty when it is offered without a hash. A
 * yanked file always has a non-null {@code yankedReason} ({@code ""} when none was given); a file that is not
 * yanked always has null. Bad values throw {@link IllegalArgumentException}.
 *
 * @param filename the distribution filename; no path separators, {@code ..} or control characters
 * @param url where the file is downloaded, without fragment (absolute when it came from {@link PageParser})
 * @param hashes algorithm to hex digest
 * @param requiresPython the PEP 345 {@code Requires-Python} specifier, or null (blank counts as null)
 * @param yanked PEP 592 yank flag
 * @param yankedReason the yank reason when yanked, else null
 * @param coreMetadata PEP 658/714 metadata hashes, empty for "offered without hash", null for "not offered"
 * @param size file size in bytes (PEP 700), or null
 * @param uploadTime ISO 8601 upload time as given (PEP 700), or null
 * @param gpgSig whether a {@code .asc} signature exists, or null when unknown
 */
public record FileEntry(
        String filename,
        String url,
        Map<String, String> hashes,
        String requiresPython,
        boolean yanked,
        String yankedReason,
        Map<String, String> coreMetadata,
        Long size,
        String uploadTime,
        Boolean gpgSig) {

    public FileEntry {
        checkFilename(filename);
        if (url == null || url.isEmpty()) {
            throw new IllegalArgumentException("file '" + filename + "' has no url");
        }
        hashes = Hashes.canonical(hashes, filename);
        requiresPython = requiresPython == null || requiresPython.isBlank() ? null : requiresPython;
        coreMetadata = coreMetadata == null ? null : Hashes.canonical(coreMetadata, filename + " core-metadata");
        // PEP 592: the reason only exists for a yanked file; "" stands for "yanked, no reason given".
        yankedReason = yanked ? (yankedReason == null ? "" : yankedReason) : null;
        if (size != null && size < 0) {
            throw new IllegalArgumentException("file '" + filename + "' has negative size " + size);
        }
    }

    /** A file with only a name, a URL and hashes; everything else unknown. */
    public static FileEntry of(String filename, String url, Map<String, String> hashes) {
        return new FileEntry(filename, url, hashes, null, false, null, null, null, null, null);
    }

    /** A builder starting from filename and URL. */
    public static Builder builder(String filename, String url) {
        return new Builder(filename, url);
    }

    /** A builder holding this entry's values. */
    public Builder toBuilder() {
        return new Builder(filename, url)
                .hashes(hashes)
                .requiresPython(requiresPython)
                .yanked(yanked, yankedReason)
                .coreMetadata(coreMetadata)
                .size(size)
                .uploadTime(uploadTime)
                .gpgSig(gpgSig);
    }

    /** The sha256 hex digest, or null when the page gave none. */
    public String sha256() {
        return hashes.get("sha256");
    }

    /** This entry with another download URL (the proxy rewrites upstream URLs to its own). */
    public FileEntry withUrl(String newUrl) {
        return new FileEntry(
                filename, newUrl, hashes, requiresPython, yanked, yankedReason, coreMetadata, size, uploadTime, gpgSig);
    }

    /** This entry yanked with {@code reason} (null or "" for none), or un-yanked when {@code yanked} is false. */
    public FileEntry withYanked(boolean newYanked, String reason) {
        return new FileEntry(
                filename, url, hashes, requiresPython, newYanked, reason, coreMetadata, size, uploadTime, gpgSig);
    }

    /** Whether a PEP 658 metadata file is offered at {@code url + ".metadata"}. */
    public boolean hasCoreMetadata() {
        return coreMetadata != null;
    }

    static void checkFilename(String filename) {
        if (filename == null || filename.isEmpty()) {
            throw new IllegalArgumentException("file has no filename");
        }
        if (filename.length() > 255) {
            throw new IllegalArgumentException(
                    "filename longer than 255 characters: '" + Hashes.shorten(filename) + "'");
        }
        // The filename becomes a path in the blob store: refuse anything that could step outside it.
        if (filename.contains("/") || filename.contains("\\") || filename.contains("..")) {
            throw new IllegalArgumentException("unsafe filename '" + filename + "'");
        }
        for (int i = 0; i < filename.length(); i++) {
            char c = filename.charAt(i);
            if (c < 0x20 || c == 0x7f) {
                throw new IllegalArgumentException("filename with control character: '" + filename.strip() + "'");
            }
        }
    }

    /** Mutable builder for {@link FileEntry}; {@link #build()} validates. */
    public static final class Builder {
        private final String filename;
        private String url;
        private Map<String, String> hashes = Map.of();
        private String requiresPython;
        private boolean yanked;
        private String yankedReason;
        private Map<String, String> coreMetadata;
        private Long size;
        private String uploadTime;
        private Boolean gpgSig;

        private Builder(String filename, String url) {
            this.filename = filename;
            this.url = url;
        }

        public Builder url(String value) {
            this.url = value;
            return this;
        }

        public Builder hashes(Map<String, String> value) {
            this.hashes = value;
            return this;
        }

        public Builder requiresPython(String value) {
            this.requiresPython = value;
            return this;
        }

        public Builder yanked(boolean value, String reason) {
            this.yanked = value;
            this.yankedReason = reason;
            return this;
        }

        public Builder coreMetadata(Map<String, String> value) {
            this.coreMetadata = value;
            return this;
        }

        public Builder size(Long value) {
            this.size = value;
            return this;
        }

        public Builder uploadTime(String value) {
            this.uploadTime = value;
            return this;
        }

        public Builder gpgSig(Boolean value) {
            this.gpgSig = value;
            return this;
        }

        public FileEntry build() {
            return new FileEntry(
                    filename,
                    url,
                    hashes,
                    requiresPython,
                    yanked,
                    yankedReason,
                    coreMetadata,
                    size,
                    uploadTime,
                    gpgSig);
        }
    }
}
