package io.jenkins.plugins.pythonmirror;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import hudson.Functions;
import hudson.model.FreeStyleBuild;
import hudson.model.FreeStyleProject;
import hudson.tasks.Shell;
import org.junit.jupiter.api.Test;
import org.jvnet.hudson.test.JenkinsRule;
import org.jvnet.hudson.test.junit.jupiter.WithJenkins;

@WithJenkins
class PythonMirrorBuildWrapperTest {

    @Test
    void freestyleBuildGetsTheEnvironmentWithTheTokenMasked(JenkinsRule j) throws Exception {
        assumeTrue(!Functions.isWindows());
        FreeStyleProject p = j.createFreeStyleProject();
        PythonMirrorBuildWrapper wrapper = new PythonMirrorBuildWrapper();
        wrapper.setFindLinks(true);
        p.getBuildWrappersList().add(wrapper);
        p.getBuildersList().add(new Shell("echo index=$PIP_INDEX_URL; echo links=$PIP_FIND_LINKS"));
        FreeStyleBuild b = j.buildAndAssertSuccess(p);
        String base = j.jenkins.getRootUrl().replace("://", "://build-1:****@") + "python-mirror/";
        j.assertLogContains("index=" + base + "simple/", b);
        j.assertLogContains("links=" + base + "links/", b);
        assertEquals(0, MirrorEngine.get().tokens().liveCount());
    }

    @Test
    void configRoundTripKeepsOverridesAndKeepsUnsetUnset(JenkinsRule j) throws Exception {
        FreeStyleProject p = j.createFreeStyleProject();
        PythonMirrorBuildWrapper wrapper = new PythonMirrorBuildWrapper();
        wrapper.setPublish(true);
        wrapper.setFindLinks(false);
        p.getBuildWrappersList().add(wrapper);
        j.configRoundtrip(p);
        PythonMirrorBuildWrapper after = p.getBuildWrappersList().get(PythonMirrorBuildWrapper.class);
        assertEquals(Boolean.TRUE, after.getPublish());
        assertEquals(Boolean.FALSE, after.getFindLinks());

        FreeStyleProject q = j.createFreeStyleProject();
        q.getBuildWrappersList().add(new PythonMirrorBuildWrapper());
        j.configRoundtrip(q);
        PythonMirrorBuildWrapper unset = q.getBuildWrappersList().get(PythonMirrorBuildWrapper.class);
        assertNull(unset.getPublish());
        assertNull(unset.getFindLinks());
    }
}
