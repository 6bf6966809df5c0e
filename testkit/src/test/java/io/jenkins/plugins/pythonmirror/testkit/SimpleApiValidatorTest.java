package io.jenkins.plugins.pythonmirror.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The validator itself, on pages written by hand from PEP 691 and PEP 700: each row a page and its verdict. */
class SimpleApiValidatorTest {

    private static final String FILE =
            "{'filename':'foo_bar-1.0-py3-none-any.whl','url':'f.whl','hashes':{'sha256':'ab'}%s}";

    private static byte[] page(String api, String extraTop, String fileExtra) {
        String json = "{'meta':{'api-version':'" + api + "'},'name':'foo-bar'" + extraTop + ",'files':["
                + String.format(FILE, fileExtra) + "]}";
        return json.replace('\'', '"').getBytes(StandardCharsets.UTF_8);
    }

    @ParameterizedTest(name = "{0} {1} {2}: {3}")
    @CsvSource(
            delimiter = '|',
            quoteCharacter = '`',
            value = {
                // PEP 691 (1.0): versions and size are optional
                "1.0 | ``                       | ``                                     | OK",
                "1.0 | ``                       | ,'size':-1                             | size must be a non-negative",
                "1.0 | ``                       | ,'yanked':1                            | yanked must be a boolean or a string",
                "1.0 | ``                       | ,'core-metadata':'x'                   | core-metadata must be",
                // PEP 700 (1.1): versions, size mandatory; every file tied to a version
                "1.1 | ,'versions':['1.0']      | ,'size':5                              | OK",
                "1.1 | ,'versions':['1']        | ,'size':5                              | OK",
                "1.1 | ``                       | ,'size':5                              | versions is required",
                "1.1 | ,'versions':['1.0']      | ``                                     | size is required",
                "1.1 | ,'versions':['2.0']      | ,'size':5                              | not tied to any",
                "1.1 | ,'versions':['1.0','1.0'] | ,'size':5                             | twice",
                "1.1 | ,'versions':['1.0']      | ,'size':5,'upload-time':'2024-01-02T03:04:05Z'        | OK",
                "1.1 | ,'versions':['1.0']      | ,'size':5,'upload-time':'2024-01-02T03:04:05.123456Z' | OK",
                "1.1 | ,'versions':['1.0']      | ,'size':5,'upload-time':'2024-01-02T03:04:05+00:00'   | upload-time must be",
                "1.1 | ,'versions':['1.0']      | ,'size':5,'upload-time':'2024-01-02T03:04:05.1234567Z' | upload-time must be",
                "2.0 | ,'versions':['1.0']      | ,'size':5                              | api-version must be a 1.x",
            })
    void judgesPages(String api, String top, String file, String verdict) {
        var problems = SimpleApiValidator.problems(page(api, top, file), "Foo.Bar");
        if (verdict.equals("OK")) {
            assertThat(problems).isEmpty();
        } else {
            assertThat(problems).anySatisfy(p -> assertThat(p).contains(verdict));
        }
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(
            delimiter = '|',
            quoteCharacter = '`',
            value = {
                "{'meta':{'api-version':'1.0'},'files':[]}                           | name is required",
                "{'meta':{'api-version':'1.0'},'name':'Foo.Bar','files':[]}          | not normalized",
                "{'meta':{'api-version':'1.0'},'name':'other','files':[]}            | not the project's",
                "{'meta':{'api-version':'1.0'},'name':'foo-bar'}                     | files is required",
                "{'meta':{'api-version':'1.0'},'name':'foo-bar','files':[{'filename':'a','url':'u'}]} | hashes is required",
            })
    void requiresPep691Keys(String json, String verdict) {
        byte[] body = json.replace('\'', '"').getBytes(StandardCharsets.UTF_8);
        assertThat(SimpleApiValidator.problems(body, "foo-bar"))
                .anySatisfy(p -> assertThat(p).contains(verdict));
    }
}
