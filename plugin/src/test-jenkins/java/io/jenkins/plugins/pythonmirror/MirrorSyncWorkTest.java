package io.jenkins.plugins.pythonmirror;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import hudson.ExtensionList;
import hudson.model.PeriodicWork;
import org.junit.jupiter.api.Test;
import org.jvnet.hudson.test.JenkinsRule;
import org.jvnet.hudson.test.junit.jupiter.WithJenkins;

@WithJenkins
class MirrorSyncWorkTest {

    @Test
    void registeredAsPeriodicWorkWithItsLogUnderTasks(JenkinsRule j) {
        MirrorSyncWork work = ExtensionList.lookupSingleton(MirrorSyncWork.class);
        assertNotNull(ExtensionList.lookup(PeriodicWork.class).get(MirrorSyncWork.class));
        assertEquals(60_000L, work.getRecurrencePeriod());
        assertEquals("Python mirror sync.log", work.logFile().getName());
        assertNotNull(work.getNextScheduled());
    }
}
