package io.jenkins.plugins.pythonmirror.sync;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The report as state/last-sync.json keeps it: policy skips survive a restart, older files still read. */
class SyncReportTest {

    static final ObjectMapper JSON = new ObjectMapper().disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    @Test
    void policySkipsRoundTripThroughTheStateFile() throws Exception {
        SyncReport report = new SyncReport(
                "2026-12-05T10:00:00Z",
                "2026-12-05T10:01:00Z",
                1,
                0,
                1,
                1,
                10,
                10,
                List.of(
                        new SyncReport.Skip("demo", "2.0", "held back by the mirror's minimum release age", true),
                        new SyncReport.Skip("demo", "1.5", "yanked")),
                2,
                1,
                List.of());
        SyncReport back = JSON.readValue(JSON.writeValueAsBytes(report), SyncReport.class);
        assertThat(back).isEqualTo(report);
        assertThat(back.summary()).contains("2 skipped (1 by the release policy)");
    }

    @Test
    void aReportWrittenBeforeTheReleasePolicyStillReads() throws Exception {
        String old = "{\"startedAt\":\"a\",\"finishedAt\":\"b\",\"projects\":1,\"pagesNotModified\":0,"
                + "\"filesSelected\":1,\"filesAdded\":1,\"bytesAdded\":1,\"bytesSelected\":1,"
                + "\"skipped\":[{\"project\":\"x\",\"version\":\"1\",\"reason\":\"yanked\"}],\"skippedTotal\":1,"
                + "\"errors\":[],\"ok\":true}";
        SyncReport r = JSON.readValue(old, SyncReport.class);
        assertThat(r.skippedByPolicy()).isZero();
        assertThat(r.skipped().get(0).policy()).isFalse();
    }
}
