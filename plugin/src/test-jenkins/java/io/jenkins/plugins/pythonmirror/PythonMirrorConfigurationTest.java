package io.jenkins.plugins.pythonmirror;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import hudson.util.Secret;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.htmlunit.FailingHttpStatusCodeException;
import org.htmlunit.html.HtmlForm;
import org.junit.jupiter.api.Test;
import org.jvnet.hudson.test.JenkinsRule;
import org.jvnet.hudson.test.junit.jupiter.WithJenkins;

@WithJenkins
class PythonMirrorConfigurationTest {

    @Test
    void defaultsPointAtPyPI(JenkinsRule j) {
        PythonMirrorConfiguration c = PythonMirrorConfiguration.get();
        assertEquals("https://pypi.org/simple/", c.getUpstreams().get(0).getUrl());
        assertEquals("10m", c.getPageTtl());
        assertTrue(c.isAnonymousRead());
        assertEquals(j.jenkins.getRootDir().toPath().resolve("python-mirror"), c.toSettings().dataDir());
    }

    @Test
    void configurationPageRoundTripKeepsEveryField(JenkinsRule j) throws Exception {
        PythonMirrorConfiguration c = PythonMirrorConfiguration.get();
        UpstreamEntry nexus = new UpstreamEntry("https://nexus.example.com/repository/pypi/simple/");
        nexus.setUsername("ci");
        nexus.setPassword(Secret.fromString("s3cret"));
        c.setUpstreams(List.of(new UpstreamEntry("https://pypi.org/simple/"), nexus));
        c.setCacheCap("20g");
        c.setPageTtl("5m");
        c.setOffline(true);
        c.setAnonymousRead(false);
        c.setPrivatePatterns("acme-*");
        c.setAllowlist("acme-public");
        c.setSyncSpec("requirements:\n  - requests\n");
        c.setSyncSchedule("@daily");
        c.setFindLinksByDefault(true);
        c.setTokenLifetime("12h");

        j.configRoundtrip();

        PythonMirrorConfiguration after = PythonMirrorConfiguration.get();
        assertEquals(2, after.getUpstreams().size());
        assertEquals("ci", after.getUpstreams().get(1).getUsername());
        assertEquals("s3cret", after.getUpstreams().get(1).getPassword().getPlainText());
        assertEquals("20g", after.getCacheCap());
        assertEquals("5m", after.getPageTtl());
        assertTrue(after.isOffline());
        assertFalse(after.isAnonymousRead());
        assertEquals("acme-*", after.getPrivatePatterns());
        assertEquals("acme-public", after.getAllowlist());
        assertEquals("requirements:\n  - requests\n", after.getSyncSpec());
        assertEquals("@daily", after.getSyncSchedule());
        assertTrue(after.isFindLinksByDefault());
        assertFalse(after.isPublishByDefault());
        assertEquals("12h", after.getTokenLifetime());
        assertEquals(20L << 30, after.toSettings().maxCacheBytes());
    }

    @Test
    void aRejectedFormChangesNeitherTheFileNorTheRunningMirror(JenkinsRule j) throws Exception {
        PythonMirrorConfiguration c = PythonMirrorConfiguration.get();
        c.setCacheCap("1g");
        Mirror before = MirrorEngine.get().mirror();
        Path file = j.jenkins.getRootDir().toPath().resolve(PythonMirrorConfiguration.class.getName() + ".xml");
        String saved = Files.readString(file);

        HtmlForm form = j.createWebClient().goTo("configure").getFormByName("config");
        form.getInputByName("_.cacheCap").setValue("lots");
        FailingHttpStatusCodeException e = assertThrows(FailingHttpStatusCodeException.class, () -> j.submit(form));
        String answer = e.getResponse().getContentAsString();
        assertTrue(answer.contains("Invalid size &#039;lots&#039;") || answer.contains("Invalid size 'lots'"), answer);

        assertEquals(saved, Files.readString(file));
        assertEquals("1g", c.getCacheCap());
        assertTrue(before == MirrorEngine.get().mirror(), "the running engine was not replaced");
    }

    @Test
    void savedFileKeepsThePasswordEncrypted(JenkinsRule j) throws Exception {
        UpstreamEntry u = new UpstreamEntry("https://nexus.example.com/simple/");
        u.setUsername("ci");
        u.setPassword(Secret.fromString("plain-text-password"));
        PythonMirrorConfiguration.get().setUpstreams(List.of(u));
        String xml = java.nio.file.Files.readString(j.jenkins
                .getRootDir()
                .toPath()
                .resolve(PythonMirrorConfiguration.class.getName() + ".xml"));
        assertFalse(xml.contains("plain-text-password"), xml);
        assertTrue(xml.contains("<url>https://nexus.example.com/simple/</url>"), xml);
    }

    @Test
    void formValidationUsesCoreMessages(JenkinsRule j) {
        PythonMirrorConfiguration c = PythonMirrorConfiguration.get();
        assertEquals(
                "Invalid schedule, line 1 &#039;61 * * * *&#039;: the minute field &#039;61&#039; is out of range 0-59.",
                c.doCheckSyncSchedule("61 * * * *").getMessage());
        assertEquals(hudson.util.FormValidation.Kind.ERROR, c.doCheckCacheCap("lots").kind);
        assertEquals(hudson.util.FormValidation.Kind.OK, c.doCheckCacheCap("20g").kind);
    }
}
