package mms.watcher.schedule;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.ZoneId;
import java.time.ZonedDateTime;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class CronExpressionTest {
    private static ZonedDateTime at(String local) {
        return ZonedDateTime.parse(local + "Z[UTC]");
    }

    @ParameterizedTest(name = "{0} after {1} is {2}")
    @CsvSource(delimiter = '|', value = {
        "* * * * *          | 2024-05-01T10:00:00 | 2024-05-01T10:01:00",
        "* * * * *          | 2024-05-01T10:00:30 | 2024-05-01T10:01:00",
        "*/15 * * * *       | 2024-05-01T10:07:00 | 2024-05-01T10:15:00",
        "*/15 * * * *       | 2024-05-01T10:15:00 | 2024-05-01T10:30:00",
        "5/20 * * * *       | 2024-05-01T10:06:00 | 2024-05-01T10:25:00",
        "0 0 * * *          | 2024-05-01T10:00:00 | 2024-05-02T00:00:00",
        "30 9 * * MON-FRI   | 2024-05-03T10:00:00 | 2024-05-06T09:30:00",
        "0 0 * * 0          | 2024-05-01T10:00:00 | 2024-05-05T00:00:00",
        "0 0 * * sun        | 2024-05-01T10:00:00 | 2024-05-05T00:00:00",
        "0 0 1 JAN *        | 2024-05-01T10:00:00 | 2025-01-01T00:00:00",
        "0 0 1 jan-mar/2 *  | 2024-05-01T10:00:00 | 2025-01-01T00:00:00",
        "0 0 29 2 *         | 2024-03-01T00:00:00 | 2028-02-29T00:00:00",
        "0 0 13 * FRI       | 2024-05-01T10:00:00 | 2024-05-03T00:00:00",
        "0 0 13 * ?         | 2024-05-01T10:00:00 | 2024-05-13T00:00:00",
        "0 0 ? * 5          | 2024-05-01T10:00:00 | 2024-05-03T00:00:00",
        "1,2,40-42 * * * *  | 2024-05-01T10:02:00 | 2024-05-01T10:40:00",
        "0 22 * * 1-5       | 2024-12-31T23:00:00 | 2025-01-01T22:00:00",
        "59 23 31 12 *      | 2024-05-01T10:00:00 | 2024-12-31T23:59:00",
    })
    void nextFireTime(String spec, String after, String expected) {
        assertThat(CronExpression.parse(spec).next(at(after))).contains(at(expected));
    }

    @Test
    void impossibleDatesNeverFire() {
        assertThat(CronExpression.parse("0 0 30 2 *").next(at("2024-01-01T00:00:00"))).isEmpty();
    }

    @Test
    void evaluatesInTheGivenZoneAndSkipsDaylightSavingGaps() {
        ZoneId berlin = ZoneId.of("Europe/Berlin");
        ZonedDateTime before = ZonedDateTime.of(2024, 3, 31, 0, 0, 0, 0, berlin);
        // 02:30 does not exist that night in Berlin: the firing moves forward by the gap
        assertThat(CronExpression.parse("30 2 * * *").next(before).orElseThrow().toInstant())
                .isEqualTo(ZonedDateTime.of(2024, 3, 31, 3, 30, 0, 0, berlin).toInstant());
        assertThat(CronExpression.parse("5 12 * * *").next(ZonedDateTime.of(2024, 5, 1, 11, 0, 0, 0, berlin))
                .orElseThrow().toInstant()).isEqualTo(at("2024-05-01T10:05:00").toInstant());
    }

    @ParameterizedTest(name = "{0}: {1}")
    @CsvSource(delimiter = '|', value = {
        "* * * *             | expected exactly 5 fields, found 4: [* * * *]",
        "0 * * * * *         | expected exactly 5 fields, found 6: [0 * * * * *]",
        "''                  | expected exactly 5 fields, found 0: []",
        "@daily              | descriptors like @daily are not supported, use 5 fields",
        "60 * * * *          | end of range (60) above maximum (59): 60",
        "* 24 * * *          | end of range (24) above maximum (23): 24",
        "* * 0 * *           | beginning of range (0) below minimum (1): 0",
        "* * * 13 *          | end of range (13) above maximum (12): 13",
        "* * * * 7           | end of range (7) above maximum (6): 7",
        "5-1 * * * *         | beginning of range (5) beyond end of range (1): 5-1",
        "*/0 * * * *         | step of range should be a positive number: */0",
        "x * * * *           | failed to parse int from x",
        "1/2/3 * * * *       | too many slashes: 1/2/3",
        "1-2-3 * * * *       | too many hyphens: 1-2-3",
        "* * * FOO *         | failed to parse int from FOO",
    })
    void rejectsMalformedSpecs(String spec, String message) {
        assertThatThrownBy(() -> CronExpression.parse(spec)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage(message);
    }

    @Test
    void keepsItsText() {
        assertThat(CronExpression.parse(" 0 0 * * * ")).hasToString("0 0 * * *");
    }
}
