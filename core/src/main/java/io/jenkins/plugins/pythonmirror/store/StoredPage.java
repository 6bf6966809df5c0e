package io.jenkins.plugins.pythonmirror.store;

import io.jenkins.plugins.pythonmirror.simple.ProjectPage;
import java.net.URI;

/**
 * An upstream project page as cached, with what is needed to revalidate it.
 *
 * @param page the parsed page, file URLs absolute (upstream)
 * @param source the URL the page was fetched from
 * @param etag the upstream's {@code ETag}, or null
 * @param lastModified the upstream's {@code Last-Modified}, or null
 * @param serial the upstream's {@code X-PyPI-Last-Serial} (or the page's own serial), or null
 * @param fetchedAtMillis when the page was last fetched or confirmed current
 */
public record StoredPage(
        ProjectPage page, URI source, String etag, String lastModified, Long serial, long fetchedAtMillis) {

    /** This stored page with another page (the same files read from elsewhere, or merged facts). */
    public StoredPage withPage(ProjectPage other) {
        return new StoredPage(other, source, etag, lastModified, serial, fetchedAtMillis);
    }

    public StoredPage withFetchedAt(long millis) {
        return new StoredPage(page, source, etag, lastModified, serial, millis);
    }
}
