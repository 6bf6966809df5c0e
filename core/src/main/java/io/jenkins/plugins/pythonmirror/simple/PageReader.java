package io.jenkins.plugins.pythonmirror.simple;

import java.io.Closeable;
import java.io.IOException;

/**
 * Reads a project page one file at a time, so a page of any size is read in bounded memory: {@link #next()} until
 * null, then {@link #head()}. Content problems are {@link InvalidPageException}s naming the first one.
 */
public interface PageReader extends Closeable {

    /** The next file of the page in page order, or null after the last. */
    FileEntry next() throws IOException;

    /**
     * The page's own fields (name, versions, serial, status) as a page without files; complete only once {@link
     * #next()} has returned null (some representations put them after the files).
     */
    ProjectPage head();
}
