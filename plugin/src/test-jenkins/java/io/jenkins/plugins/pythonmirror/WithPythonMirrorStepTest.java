package io.jenkins.plugins.pythonmirror;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import hudson.Functions;
import hudson.model.Result;
import org.jenkinsci.plugins.workflow.cps.CpsFlowDefinition;
import org.jenkinsci.plugins.workflow.cps.SnippetizerTester;
import org.jenkinsci.plugins.workflow.job.WorkflowJob;
import org.jenkinsci.plugins.workflow.job.WorkflowRun;
import org.jenkinsci.plugins.workflow.steps.StepConfigTester;
import org.junit.jupiter.api.Test;
import org.jvnet.hudson.test.JenkinsRule;
import org.jvnet.hudson.test.junit.jupiter.WithJenkins;

@WithJenkins
class WithPythonMirrorStepTest {

    @Test
    void configRoundTrip(JenkinsRule j) throws Exception {
        StepConfigTester tester = new StepConfigTester(j);
        WithPythonMirrorStep step = new WithPythonMirrorStep();
        step.setPublish(true);
        step.setFindLinks(false);
        WithPythonMirrorStep after = tester.configRoundTrip(step);
        assertEquals(Boolean.TRUE, after.getPublish());
        assertEquals(Boolean.FALSE, after.getFindLinks());
        WithPythonMirrorStep unset = tester.configRoundTrip(new WithPythonMirrorStep());
        assertNull(unset.getPublish());
        assertNull(unset.getFindLinks());
    }

    @Test
    void snippetizer(JenkinsRule j) throws Exception {
        SnippetizerTester st = new SnippetizerTester(j);
        st.assertRoundTrip(new WithPythonMirrorStep(), "withPythonMirror {\n    // some block\n}");
        WithPythonMirrorStep publishing = new WithPythonMirrorStep();
        publishing.setPublish(true);
        st.assertRoundTrip(publishing, "withPythonMirror(publish: true) {\n    // some block\n}");
    }

    @Test
    void setsTheEnvironmentMasksTheTokenAndRevokesIt(JenkinsRule j) throws Exception {
        assumeTrue(!Functions.isWindows());
        WorkflowJob p = j.createProject(WorkflowJob.class, "p");
        p.setDefinition(new CpsFlowDefinition(
                "node { withPythonMirror(publish: true) {\n"
                        + "  sh 'echo index=$PIP_INDEX_URL; echo twine=$TWINE_PASSWORD; echo url=$PYTHON_MIRROR_URL'\n"
                        + "} }",
                true));
        WorkflowRun b = j.buildAndAssertSuccess(p);
        String base = j.jenkins.getRootUrl() + "python-mirror/";
        j.assertLogContains("url=" + base, b);
        j.assertLogContains("index=" + base.replace("://", "://build-1:****@") + "simple/", b);
        j.assertLogContains("twine=****", b);
        assertEquals(0, MirrorEngine.get().tokens().liveCount());
    }

    @Test
    void pipInstallsThroughTheMirror(JenkinsRule j) throws Exception {
        assumeTrue(!Functions.isWindows());
        assumeTrue(new ProcessBuilder("python3", "-m", "pip", "--version").start().waitFor() == 0);
        WorkflowJob p = j.createProject(WorkflowJob.class, "pip");
        p.setDefinition(new CpsFlowDefinition(
                "node { withPythonMirror {\n"
                        + "  sh 'python3 -m venv venv && PIP_CONFIG_FILE=/dev/null venv/bin/pip install --no-deps six'\n"
                        + "} }",
                true));
        WorkflowRun b = j.buildAndAssertSuccess(p);
        j.assertLogContains("Successfully installed six", b);
        // The build's dependency report: six with its sha256, an archived SBOM, and no changes on a second run.
        PythonDependenciesAction report = b.getAction(PythonDependenciesAction.class);
        assertEquals("six", report.getSections().get(0).getFiles().get(0).getProject());
        assertTrue(new java.io.File(b.getRootDir(), PythonDependenciesAction.SBOM_FILE).isFile());
        WorkflowRun again = j.buildAndAssertSuccess(p);
        PythonDependenciesAction second = again.getAction(PythonDependenciesAction.class);
        assertEquals(Integer.valueOf(1), second.getComparedWith());
        assertTrue(second.getChanges().isEmpty());
    }

    @Test
    void declarativeOptionIsAccepted(JenkinsRule j) throws Exception {
        assumeTrue(!Functions.isWindows());
        WorkflowJob p = j.createProject(WorkflowJob.class, "declarative");
        p.setDefinition(new CpsFlowDefinition(
                "pipeline {\n"
                        + "  agent any\n"
                        + "  options { withPythonMirror() }\n"
                        + "  stages { stage('s') { steps { sh 'echo url=$PYTHON_MIRROR_URL' } } }\n"
                        + "}",
                true));
        WorkflowRun b = j.buildAndAssertSuccess(p);
        j.assertLogContains("url=" + j.jenkins.getRootUrl() + "python-mirror/", b);
    }

    @Test
    void tokenIsRevokedWhenTheBlockFails(JenkinsRule j) throws Exception {
        WorkflowJob p = j.createProject(WorkflowJob.class, "fails");
        p.setDefinition(new CpsFlowDefinition("withPythonMirror { error 'boom' }", true));
        j.assertBuildStatus(Result.FAILURE, p.scheduleBuild2(0));
        assertEquals(0, MirrorEngine.get().tokens().liveCount());
    }
}
