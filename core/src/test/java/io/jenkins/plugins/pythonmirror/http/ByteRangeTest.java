package io.jenkins.plugins.pythonmirror.http;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class ByteRangeTest {

    @ParameterizedTest(name = "{0} of 1000 bytes = {1}-{2}")
    @CsvSource({
        "bytes=0-99, 0, 99",
        "bytes=100-, 100, 999",
        "bytes=-100, 900, 999",
        "bytes=-5000, 0, 999",
        "bytes=990-5000, 990, 999",
        "BYTES=0-0, 0, 0",
        "bytes= 10 - 20 , 10, 20",
        // RFC 9110 §14.1.2: an end at or past the length means "to the end", however many digits it has
        "bytes=0-99999999999999999999, 0, 999",
        "bytes=0-9223372036854775807, 0, 999",
        "bytes=0-9223372036854775808, 0, 999",
        "bytes=0000000000000000000000005-6, 5, 6",
        "bytes=-99999999999999999999, 0, 999",
    })
    void satisfiableRangesArePartial(String header, long first, long last) {
        assertThat(ByteRange.parse(header, 1000)).isEqualTo(new ByteRange.Outcome.Partial(new ByteRange(first, last)));
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "bytes=1000-",
                "bytes=5000-6000",
                "bytes=999999999999999999-",
                "bytes=99999999999999999999-",
                "bytes=99999999999999999999-99999999999999999999",
                "bytes=-0",
                "bytes=20-10",
                "bytes=abc",
                "bytes=-",
                "bytes=1-2-3"
            })
    void absurdOrMalformedRangesAreUnsatisfiable(String header) {
        assertThat(ByteRange.parse(header, 1000)).isInstanceOf(ByteRange.Outcome.Unsatisfiable.class);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "items=0-5", "bytes=0-1,5-6"})
    void otherUnitsAndMultipleRangesGetTheWholeFile(String header) {
        assertThat(ByteRange.parse(header, 1000)).isInstanceOf(ByteRange.Outcome.Whole.class);
    }

    @org.junit.jupiter.api.Test
    void anEmptyFileHasNoSatisfiableRange() {
        assertThat(ByteRange.parse("bytes=0-", 0)).isInstanceOf(ByteRange.Outcome.Unsatisfiable.class);
    }
}
