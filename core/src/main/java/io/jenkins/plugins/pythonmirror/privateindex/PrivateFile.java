package io.jenkins.plugins.pythonmirror.privateindex;

import java.util.Objects;

/**
 * One uploaded file as the private index records it ({@code private/<project>/index.json}).
 *
 * @param filename the distribution filename as uploaded
 * @param version the release version in PEP 440 normal form
 * @param sha256 hex sha256 of the file
 * @param blake2b256 hex BLAKE2b-256 of the file
 * @param size bytes
 * @param requiresPython the {@code Requires-Python} of the core metadata (or of the form), or null
 * @param coreMetadataSha256 hex sha256 of the PEP 658 metadata file beside it (wheels), or null when none is offered
 * @param yanked PEP 592 yank flag
 * @param yankedReason the reason when yanked ({@code ""} for none), else null
 * @param uploadTime ISO-8601 UTC instant of the upload (PEP 700 form)
 * @param uploader the name of the user who uploaded it
 */
public record PrivateFile(
        String filename,
        String version,
        String sha256,
        String blake2b256,
        long size,
        String requiresPython,
        String coreMetadataSha256,
        boolean yanked,
        String yankedReason,
        String uploadTime,
        String uploader) {

    public PrivateFile {
        Objects.requireNonNull(filename, "filename");
        Objects.requireNonNull(sha256, "sha256");
        yankedReason = yanked ? (yankedReason == null ? "" : yankedReason) : null;
    }

    public PrivateFile withYanked(boolean newYanked, String reason) {
        return new PrivateFile(
                filename,
                version,
                sha256,
                blake2b256,
                size,
                requiresPython,
                coreMetadataSha256,
                newYanked,
                reason,
                uploadTime,
                uploader);
    }
}
