package io.jenkins.plugins.pythonmirror.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.jenkins.plugins.pythonmirror.access.Caller;
import io.jenkins.plugins.pythonmirror.access.Role;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class MountedPathTest {

    /**
     * Rows are what real Stapler 2076 hands the action for a request URI: {@code getOriginalRestOfPath()} is the raw
     * path tokens after {@code python-mirror} joined with {@code /}, so a trailing slash never survives in it
     * (TokenList splits on {@code /}; canonicalPath has already collapsed {@code //}).
     */
    @ParameterizedTest(name = "{1} -> ''{2}''")
    @CsvSource(
            delimiter = '|',
            emptyValue = "",
            textBlock =
                    """
            /simple/flask            | /python-mirror/simple/flask/              | simple/flask/
            /simple/flask            | /jenkins/python-mirror/simple/flask/      | simple/flask/
            /simple/flask            | /python-mirror/simple/flask               | simple/flask
            /simple/Flask            | /python-mirror/simple/Flask/              | simple/Flask/
            /simple                  | /python-mirror/simple/                    | simple/
            /simple                  | /python-mirror/simple                     | simple
            ''                       | /python-mirror/                           | ''
            ''                       | /python-mirror                            | ''
            /files/ab12/pkg-1.0%2Blocal-py3-none-any.whl | /python-mirror/files/ab12/pkg-1.0%2Blocal-py3-none-any.whl | files/ab12/pkg-1.0%2Blocal-py3-none-any.whl
            /links                   | /python-mirror/links/                     | links/
            /upload                  | /python-mirror/upload/                    | upload/
            """)
    void keepsTheTrailingSlashStaplerDrops(String rest, String requestUri, String expected) {
        assertThat(MountedPath.fromStaplerRest(rest, requestUri)).isEqualTo(expected);
    }

    @ParameterizedTest(name = "{0} {1} exempt={2}")
    @CsvSource({
        "POST, /python-mirror/upload/, true",
        "POST, /python-mirror/upload, true",
        "POST, /python-mirror/legacy/, true",
        "POST, /python-mirror/legacy, true",
        "GET, /python-mirror/upload/, false",
        "PUT, /python-mirror/upload/, false",
        "POST, /python-mirror/upload/x, false",
        "POST, /python-mirror/uploads/, false",
        "POST, /python-mirror/api/purge, false",
        "POST, /python-mirror/api/private/acme/acme-1.0.tar.gz/yank, false",
        "POST, /python-mirror/, false",
        "POST, /manage/python-mirror-status/purgeCache, false",
        "POST, /script, false",
        "POST, /upload/, false",
        "POST, /jenkins/python-mirror/upload/, false",
    })
    void onlyUploadPostsSkipTheCrumb(String method, String servletPath, boolean exempt) {
        assertThat(MountedPath.crumbExempt(method, servletPath)).isEqualTo(exempt);
    }

    @ParameterizedTest(name = "{0} {1} Authorization={2} -> {3}")
    @CsvSource(
            nullValues = "null",
            value = {
                // an upload on the strength of a session cookie alone is anonymous (CSRF)
                "POST, upload/, null, anonymous",
                "POST, legacy/, null, anonymous",
                "POST, upload, null, anonymous",
                "POST, upl%6fad/, null, anonymous",
                "POST, upload/, Bearer abc, anonymous",
                "POST, upload/, Basic , anonymous",
                "POST, upload/, Basic YnVpbGQtMTp0b2tlbg==, admin",
                "POST, upload/, basic YnVpbGQtMTp0b2tlbg==, admin",
                // everything else keeps the caller Jenkins established (crumb-protected or read-only)
                "POST, api/purge, null, admin",
                "GET, upload/, null, admin",
                "GET, simple/flask/, null, admin",
            })
    void uploadsNeedTheirOwnCredentials(String method, String path, String authorization, String expected) {
        Caller admin = new Caller("admin", Role.ADMIN);
        assertThat(MountedPath.uploadCaller(method, path, authorization, admin).name())
                .isEqualTo(expected);
    }
}
