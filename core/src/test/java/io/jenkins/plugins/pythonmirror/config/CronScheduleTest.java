package io.jenkins.plugins.pythonmirror.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class CronScheduleTest {

    // 2026-11-26 is a Thursday
    static ZonedDateTime at(String local) {
        return ZonedDateTime.of(java.time.LocalDateTime.parse(local), ZoneOffset.UTC);
    }

    @Test
    void plainFieldsRangesStepsAndLists() {
        CronSchedule s = CronSchedule.parse("0,30 2-4 * * 1-5", "seed");
        assertThat(s.matches(at("2026-11-26T02:30"))).isTrue();
        assertThat(s.matches(at("2026-11-26T04:00"))).isTrue();
        assertThat(s.matches(at("2026-11-26T05:00"))).isFalse();
        assertThat(s.matches(at("2026-11-29T02:30"))).isFalse(); // Sunday
        CronSchedule every15 = CronSchedule.parse("*/15 * * * *", "seed");
        assertThat(every15.matches(at("2026-11-26T10:45"))).isTrue();
        assertThat(every15.matches(at("2026-11-26T10:46"))).isFalse();
    }

    @Test
    void dayOfMonthAndDayOfWeekMustBothMatchAsInJenkins() {
        CronSchedule s = CronSchedule.parse("0 0 26 * 5", "");
        assertThat(s.matches(at("2026-11-26T00:00"))).isFalse(); // the 26th, but Thursday
        assertThat(CronSchedule.parse("0 0 26 * 4", "").matches(at("2026-11-26T00:00")))
                .isTrue();
    }

    @Test
    void sevenIsSunday() {
        assertThat(CronSchedule.parse("0 0 * * 7", "").matches(at("2026-11-29T00:00")))
                .isTrue();
    }

    @Test
    void hashedValuesAreStablePerSeedAndWithinRange() {
        CronSchedule a = CronSchedule.parse("H H(0-2) * * *", "Python mirror sync");
        CronSchedule again = CronSchedule.parse("H H(0-2) * * *", "Python mirror sync");
        ZonedDateTime first = a.next(at("2026-11-26T00:00")).orElseThrow();
        assertThat(again.next(at("2026-11-26T00:00"))).contains(first);
        assertThat(first.getHour()).isBetween(0, 2);
        assertThat(a.next(first)).contains(first.plusDays(1));
    }

    @Test
    void hashedStepRunsEveryStepFromAHashedOffset() {
        CronSchedule s = CronSchedule.parse("H/20 * * * *", "x");
        ZonedDateTime first = s.next(at("2026-11-26T00:00")).orElseThrow();
        assertThat(first.getMinute()).isLessThan(20);
        assertThat(s.next(first)).contains(first.plusMinutes(20));
    }

    @ParameterizedTest
    @CsvSource({"@hourly,60", "@daily,1440", "@midnight,1440", "@weekly,10080"})
    void aliasesRunAtTheirPeriod(String alias, long minutes) {
        CronSchedule s = CronSchedule.parse(alias, "seed");
        ZonedDateTime first = s.next(at("2026-11-26T00:00")).orElseThrow();
        assertThat(s.next(first)).contains(first.plusMinutes(minutes));
    }

    @Test
    void blankLinesAndCommentsAreIgnoredAndAnyLineMayMatch() {
        CronSchedule s = CronSchedule.parse("# nightly\n\n0 1 * * *\n30 13 * * *\n", "");
        assertThat(s.matches(at("2026-11-26T13:30"))).isTrue();
        assertThat(s.matches(at("2026-11-26T01:00"))).isTrue();
        assertThat(CronSchedule.parse("  \n# only a comment", "").isEmpty()).isTrue();
        assertThat(CronSchedule.parse(null, "").isEmpty()).isTrue();
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "0 0 * *|Invalid schedule, line 1 '0 0 * *': expected 5 fields (minute hour day-of-month month day-of-week), found 4.",
                "61 * * * *|Invalid schedule, line 1 '61 * * * *': the minute field '61' is out of range 0-59.",
                "0 24 * * *|Invalid schedule, line 1 '0 24 * * *': the hour field '24' is out of range 0-23.",
                "0 0 0 * *|Invalid schedule, line 1 '0 0 0 * *': the day-of-month field '0' is out of range 1-31.",
                "0 0 * 13 *|Invalid schedule, line 1 '0 0 * 13 *': the month field '13' is out of range 1-12.",
                "0 0 * * 8|Invalid schedule, line 1 '0 0 * * 8': the day-of-week field '8' is out of range 0-7.",
                "*/0 * * * *|Invalid schedule, line 1 '*/0 * * * *': the minute field '*/0' has a step of 0; steps start at 1.",
                "5-1 * * * *|Invalid schedule, line 1 '5-1 * * * *': the minute field '5-1' has a range that ends before it starts.",
                "x * * * *|Invalid schedule, line 1 'x * * * *': the minute field 'x' is not a number.",
                "1-x * * * *|Invalid schedule, line 1 '1-x * * * *': the minute field '1-x' has 'x', which is not a number.",
                "1,,2 * * * *|Invalid schedule, line 1 '1,,2 * * * *': the minute field '1,,2' has an empty list item.",
                "H[1-2] * * * *|Invalid schedule, line 1 'H[1-2] * * * *': the minute field 'H[1-2]' is not H, H/n, H(a-b) or H(a-b)/n.",
                "@often|Invalid schedule, line 1 '@often': unknown alias '@often'; use @hourly, @daily, @midnight, @weekly, @monthly, @yearly or @annually.",
            })
    void errorsNameTheLineAndField(String text, String message) {
        assertThatThrownBy(() -> CronSchedule.parse(text, "")).hasMessage(message);
    }

    @Test
    void errorsCountLines() {
        assertThatThrownBy(() -> CronSchedule.parse("# c\n0 0 * * *\n0 0 * * mon", ""))
                .hasMessage("Invalid schedule, line 3 '0 0 * * mon': the day-of-week field 'mon' is not a number.");
    }
}
