package io.jenkins.plugins.pythonmirror.privateindex;

import io.jenkins.plugins.pythonmirror.pep.ProjectName;
import java.util.List;
import java.util.Optional;

/**
 * An immutable snapshot of one private project: every change replaces the whole snapshot, so a page rendered from
 * one snapshot can be cached for exactly as long as that snapshot is current.
 *
 * @param name the project
 * @param displayName the name as first uploaded (for page titles)
 * @param files its files in upload order
 */
public record ProjectIndex(ProjectName name, String displayName, List<PrivateFile> files) {

    public ProjectIndex {
        files = List.copyOf(files);
    }

    public Optional<PrivateFile> file(String filename) {
        return files.stream().filter(f -> f.filename().equals(filename)).findFirst();
    }
}
