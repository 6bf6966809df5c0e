package io.jenkins.plugins.pythonmirror;

import static io.jenkins.plugins.casc.misc.Util.getUnclassifiedRoot;
import static io.jenkins.plugins.casc.misc.Util.toStringFromYamlFile;
import static io.jenkins.plugins.casc.misc.Util.toYamlString;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jenkins.plugins.casc.ConfigurationContext;
import io.jenkins.plugins.casc.ConfiguratorRegistry;
import io.jenkins.plugins.casc.misc.ConfiguredWithCode;
import io.jenkins.plugins.casc.misc.JenkinsConfiguredWithCodeRule;
import io.jenkins.plugins.casc.misc.junit.jupiter.WithJenkinsConfiguredWithCode;
import io.jenkins.plugins.casc.model.CNode;
import io.jenkins.plugins.pythonmirror.pep.ProjectName;
import io.jenkins.plugins.pythonmirror.policy.ReleasePolicy;
import java.time.Duration;
import org.junit.jupiter.api.Test;

@WithJenkinsConfiguredWithCode
class ConfigurationAsCodeTest {

    @Test
    @ConfiguredWithCode("Customized.yml")
    void importsUnclassifiedPythonMirror(JenkinsConfiguredWithCodeRule j) {
        PythonMirrorConfiguration c = PythonMirrorConfiguration.get();
        assertEquals(2, c.getUpstreams().size());
        assertEquals("https://pypi.org/simple/", c.getUpstreams().get(0).getUrl());
        assertEquals("ci", c.getUpstreams().get(1).getUsername());
        assertEquals("20g", c.getCacheCap());
        assertEquals("acme-*", c.getPrivatePatterns());
        assertEquals("H 3 * * *", c.getSyncSchedule());
        assertTrue(c.isFindLinksByDefault());
        assertEquals(5, c.getRetainBuilds());
        assertEquals(20L << 30, c.toSettings().maxCacheBytes());
        assertEquals("7d", c.getMinReleaseAge());
        assertTrue(c.isHoldUnknownAge());
        ReleasePolicy policy = c.convertPolicy().policy().orElseThrow();
        assertEquals(Duration.ofDays(7), policy.minReleaseAge());
        assertEquals(Duration.ofDays(14), policy.ageOverrides().get(ProjectName.parse("numpy")));
        assertEquals(2, policy.blocked().size());
        assertEquals("typosquat", policy.blocked().get(1).reason());
    }

    @Test
    @ConfiguredWithCode("Customized.yml")
    void exportsWhatWasImported(JenkinsConfiguredWithCodeRule j) throws Exception {
        ConfigurationContext context = new ConfigurationContext(ConfiguratorRegistry.get());
        CNode node = getUnclassifiedRoot(context).get("pythonMirror");
        String exported = toYamlString(node).replaceAll("password: \"\\{.*\\}\"", "password: \"****\"");
        assertEquals(toStringFromYamlFile(this, "CustomizedExport.yml"), exported);
    }
}
