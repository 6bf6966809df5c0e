package io.jenkins.plugins.pythonmirror.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class QuantitiesTest {

    @ParameterizedTest
    @CsvSource({"10m,600", "90s,90", "90,90", "1h,3600", "2d,172800", "' 5 m ',300", "0,0"})
    void parsesDurations(String text, long seconds) {
        assertThat(Quantities.parseDuration(text)).isEqualTo(Duration.ofSeconds(seconds));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "ten minutes", "-5m", "5y", "1.5h"})
    void rejectsBadDurationsWithTheInput(String text) {
        assertThatThrownBy(() -> Quantities.parseDuration(text))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("Invalid duration '" + text + "'");
    }

    @ParameterizedTest
    @CsvSource({"0,0", "512,512", "1k,1024", "20g,21474836480", "20GB,21474836480", "1.5m,1572864", "2GiB,2147483648"})
    void parsesSizes(String text, long bytes) {
        assertThat(Quantities.parseSize(text)).isEqualTo(bytes);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "lots", "-1g", "20x", "99999999999t"})
    void rejectsBadSizes(String text) {
        assertThatThrownBy(() -> Quantities.parseSize(text))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("Invalid size '" + text + "'");
    }

    @ParameterizedTest
    @CsvSource({"600,10m", "90,90s", "7200,2h", "86400,1d", "0,0s"})
    void formatsDurationsBackToTheirShortForm(long seconds, String text) {
        assertThat(Quantities.formatDuration(Duration.ofSeconds(seconds))).isEqualTo(text);
    }

    @ParameterizedTest
    @CsvSource({"100,100 B", "1536,1.5 KiB", "21474836480,20.0 GiB"})
    void formatsSizes(long bytes, String text) {
        assertThat(Quantities.formatSize(bytes)).isEqualTo(text);
    }
}
