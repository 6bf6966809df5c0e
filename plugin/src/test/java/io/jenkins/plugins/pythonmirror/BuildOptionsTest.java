package io.jenkins.plugins.pythonmirror;

import static org.assertj.core.api.Assertions.assertThat;

import net.sf.json.JSONObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** What Jenkins' form serialisation sends for the "Override the global defaults" block, and what is stored. */
class BuildOptionsTest {

    @ParameterizedTest(name = "{0} -> findLinks={1}, publish={2}")
    @CsvSource(
            delimiter = '|',
            nullValues = "null",
            textBlock =
                    """
            {}                                                                    | null  | null
            {"overrideDefaults": false}                                           | null  | null
            {"findLinks": true, "publish": true}                                  | null  | null
            {"overrideDefaults": {"findLinks": false, "publish": true}}           | false | true
            {"overrideDefaults": {"findLinks": true, "publish": false}}           | true  | false
            {"overrideDefaults": {}}                                              | false | false
            """)
    void optionsAreSetOnlyWhenTheBlockIsTicked(String form, Boolean findLinks, Boolean publish) {
        BuildOptions options = BuildOptions.fromForm(JSONObject.fromObject(form));
        assertThat(options.findLinks()).isEqualTo(findLinks);
        assertThat(options.publish()).isEqualTo(publish);
    }

    @Test
    void unsetOptionsStayUnsetOnTheHolder() {
        class Options implements BuildOptions.Holder {
            Boolean findLinks = Boolean.TRUE;
            Boolean publish = Boolean.TRUE;

            @Override
            public void setFindLinks(Boolean value) {
                findLinks = value;
            }

            @Override
            public void setPublish(Boolean value) {
                publish = value;
            }
        }
        Options unset = new BuildOptions(null, null).applyTo(new Options());
        assertThat(unset.findLinks).isNull();
        assertThat(unset.publish).isNull();
        Options set = new BuildOptions(false, true).applyTo(new Options());
        assertThat(set.findLinks).isFalse();
        assertThat(set.publish).isTrue();
    }
}
