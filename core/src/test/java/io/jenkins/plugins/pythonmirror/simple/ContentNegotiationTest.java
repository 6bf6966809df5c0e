package io.jenkins.plugins.pythonmirror.simple;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ContentNegotiationTest {

    /** accept header | ?format= | expected (NONE = nothing acceptable, caller answers 406). */
    @ParameterizedTest(name = "[{index}] Accept: {0} / format: {1} -> {2}")
    @CsvSource(
            delimiter = '|',
            nullValues = "NULL",
            textBlock =
                    """
            # real clients
            application/vnd.pypi.simple.v1+json, application/vnd.pypi.simple.v1+html; q=0.1, text/html; q=0.01 | NULL | JSON_V1
            application/vnd.pypi.simple.v1+json, application/vnd.pypi.simple.v1+html;q=0.2, text/html;q=0.01   | NULL | JSON_V1
            text/html                                                   | NULL | TEXT_HTML
            */*                                                         | NULL | TEXT_HTML
            NULL                                                        | NULL | TEXT_HTML
            ''                                                          | NULL | TEXT_HTML
            '   '                                                       | NULL | TEXT_HTML
            # browsers
            'text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8' | NULL | TEXT_HTML
            # q-values
            application/vnd.pypi.simple.v1+json;q=0.5, text/html        | NULL | TEXT_HTML
            application/vnd.pypi.simple.v1+json;q=0, text/html;q=0.1    | NULL | TEXT_HTML
            application/vnd.pypi.simple.v1+json;q=0                     | NULL | NONE
            '*/*, text/html;q=0'                                        | NULL | HTML_V1
            '*/*;q=0'                                                   | NULL | NONE
            # ties: explicit types by server preference, wildcards prefer HTML
            text/html, application/vnd.pypi.simple.v1+html              | NULL | HTML_V1
            text/html, application/vnd.pypi.simple.v1+json              | NULL | JSON_V1
            'application/*'                                             | NULL | HTML_V1
            'text/*'                                                    | NULL | TEXT_HTML
            '*/*, application/vnd.pypi.simple.v1+json'                  | NULL | JSON_V1
            'application/vnd.pypi.simple.v1+json;q=0.5, */*;q=0.5'      | NULL | JSON_V1
            # most specific range wins over a wildcard
            'text/*;q=1, text/html;q=0.2, application/vnd.pypi.simple.v1+json;q=0.3' | NULL | JSON_V1
            # parameters, case and whitespace
            Application/VND.PyPI.Simple.V1+JSON ; charset=utf-8 ; Q=0.9  | NULL | JSON_V1
            '  text/html ;level=1;q=1.000 ,application/vnd.pypi.simple.v1+json;q=0.999' | NULL | TEXT_HTML
            # latest aliases
            application/vnd.pypi.simple.latest+json                     | NULL | JSON_V1
            application/vnd.pypi.simple.latest+html                     | NULL | HTML_V1
            # nothing acceptable
            application/json                                            | NULL | NONE
            image/png, application/xml                                  | NULL | NONE
            application/vnd.pypi.simple.v2+json                         | NULL | NONE
            # garbage: malformed ranges are skipped, a header of nothing but garbage counts as absent
            'garbage, ;;;, text/html;q=abc, /json, */json'              | NULL | TEXT_HTML
            'text/html;q=2, application/vnd.pypi.simple.v1+json;q=0.4'  | NULL | JSON_V1
            ',,,application/vnd.pypi.simple.v1+json,,,'                 | NULL | JSON_V1
            # ?format= wins
            text/html                                                   | application/vnd.pypi.simple.v1+json | JSON_V1
            application/vnd.pypi.simple.v1+json                         | text/html                           | TEXT_HTML
            application/vnd.pypi.simple.v1+json                         | application/vnd.pypi.simple.v1+html | HTML_V1
            NULL                                                        | json                                | JSON_V1
            NULL                                                        | ' HTML '                            | TEXT_HTML
            NULL                                                        | application/vnd.pypi.simple.latest+json | JSON_V1
            text/html                                                   | xml                                 | NONE
            text/html                                                   | ''                                  | TEXT_HTML
            """)
    void selectsFormat(String accept, String format, String expected) {
        Optional<PageFormat> selected = ContentNegotiation.select(accept, format);

        if (expected.equals("NONE")) {
            assertThat(selected).isEmpty();
        } else {
            assertThat(selected).contains(PageFormat.valueOf(expected));
        }
    }

    @Test
    void contentTypeHeadersNameCharsetForHtmlOnly() {
        assertThat(PageFormat.JSON_V1.contentTypeHeader()).isEqualTo("application/vnd.pypi.simple.v1+json");
        assertThat(PageFormat.HTML_V1.contentTypeHeader())
                .isEqualTo("application/vnd.pypi.simple.v1+html; charset=utf-8");
        assertThat(PageFormat.TEXT_HTML.contentTypeHeader()).isEqualTo("text/html; charset=utf-8");
        assertThat(PageFormat.TEXT_HTML.mediaType()).isEqualTo("text/html");
    }

    @Test
    void neverThrowsOnHostileHeaders() {
        String[] garbage = {";q=", "/", "*/", "\u0000\u0001", ";".repeat(10_000), "a/b;q=1e3", "*/*;q=-1"};
        for (String h : garbage) {
            assertThat(ContentNegotiation.select(h, null)).contains(PageFormat.TEXT_HTML);
        }
        assertThat(ContentNegotiation.select("a/b;q=0.5;q", null)).isEmpty(); // well-formed, just not ours
    }
}
