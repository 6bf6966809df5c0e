package io.jenkins.plugins.pythonmirror.simple;

import java.util.List;

/**
 * A project page of the simple repository API, whichever representation it came from.
 *
 * <p>Unknown or absent values are null, or an empty list; the lists are unmodifiable copies, except for the files of
 * a page too large for memory, which stay a {@link StreamedFiles} read from disk on each iteration.
 *
 * @param name the project name as the page gives it (PEP 691 {@code name}, or HTML "Links for …"), or null
 * @param files the files in page order
 * @param versions PEP 700 {@code versions} as given (JSON only), possibly empty
 * @param lastSerial PyPI's {@code _last-serial} / {@code <!--SERIAL n-->}, or null
 * @param projectStatus PEP 792 status ({@code active}, {@code archived}, {@code quarantined}, {@code deprecated}),
 *     or null
 * @param projectStatusReason PEP 792 free-text reason, or null
 */
public record ProjectPage(
        String name,
        List<FileEntry> files,
        List<String> versions,
        Long lastSerial,
        String projectStatus,
        String projectStatusReason) {

    public ProjectPage {
        files = files == null ? List.of() : files instanceof StreamedFiles ? files : List.copyOf(files);
        versions = versions == null ? List.of() : List.copyOf(versions);
    }

    /** A page holding only a name and files. */
    public static ProjectPage of(String name, List<FileEntry> files) {
        return new ProjectPage(name, files, List.of(), null, null, null);
    }

    /** Whether the files are streamed from disk rather than held in memory. */
    public boolean isStreamed() {
        return files instanceof StreamedFiles;
    }

    /** This page with other files (after filtering or URL rewriting). */
    public ProjectPage withFiles(List<FileEntry> newFiles) {
        return new ProjectPage(name, newFiles, versions, lastSerial, projectStatus, projectStatusReason);
    }

    /** The file called {@code filename}, or null. */
    public FileEntry file(String filename) {
        for (FileEntry f : files) {
            if (f.filename().equals(filename)) {
                return f;
            }
        }
        return null;
    }
}
