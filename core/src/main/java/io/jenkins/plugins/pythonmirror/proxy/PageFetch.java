package io.jenkins.plugins.pythonmirror.proxy;

import io.jenkins.plugins.pythonmirror.store.StoredPage;

/** The outcome of asking the upstreams for one project page. */
sealed interface PageFetch {

    /** A new page (status 200). */
    record Fetched(StoredPage page) implements PageFetch {}

    /** The page we hold is still current (status 304). */
    record NotModified() implements PageFetch {}

    /** The upstream knows no such project (404/410). */
    record Missing() implements PageFetch {}
}
