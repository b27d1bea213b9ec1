package mms.gofmt;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class GoFmtTest {

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({
        "1, 1",
        "1.5, 1.5",
        "123456, 123456",
        "999999, 999999",
        "1000000, 1e+06",
        "1234567, 1.234567e+06",
        "0.0001, 0.0001",
        "0.00001, 1e-05",
        "-2.5e-7, -2.5e-07",
        "0, 0",
        "-0.0, -0",
        "1e21, 1e+21",
        "1e100, 1e+100",
        "0.1, 0.1",
        "100.25, 100.25",
        "5e-324, 5e-324",
        "1.7976931348623157e308, 1.7976931348623157e+308",
    })
    void formatsDoublesAsGoPercentV(double value, String expected) {
        assertThat(GoFmt.value(value)).isEqualTo(expected);
    }

    @Test
    void formatsCompositeValuesAsGoPercentV() {
        Map<String, Object> map = new LinkedHashMap<>();
        map.put("k2", "v2");
        map.put("k1", 1000000.0);
        map.put("k0", null);
        assertThat(GoFmt.value(map)).isEqualTo("map[k0:<nil> k1:1e+06 k2:v2]");
        assertThat(GoFmt.value(Arrays.asList("a", 1.0, true, null, List.of("x")))).isEqualTo("[a 1 true <nil> [x]]");
        assertThat(GoFmt.value(List.of())).isEqualTo("[]");
        assertThat(GoFmt.value(Map.of())).isEqualTo("map[]");
        assertThat(GoFmt.value(true)).isEqualTo("true");
        assertThat(GoFmt.value(42L)).isEqualTo("42");
        assertThat(GoFmt.value(null)).isEqualTo("<nil>");
    }

    private static String sprintf(String format, Object... args) {
        return GoFmt.sprintf(format, Arrays.asList(args));
    }

    @Test
    void formatsTheCommonPrintfVerbs() {
        assertThat(sprintf("%s|%v|%q", "a\"b", "x", "tab\there")).isEqualTo("a\"b|x|\"tab\\there\"");
        assertThat(sprintf("%d|%5d|%-5d|%05d|%+d|%x|%X|%#x|%o|%b|%c", 42L, 42L, 42L, -42L, 42L, 255L, 255L, 255L, 8L, 5L, 65L))
                .isEqualTo("42|   42|42   |-0042|+42|ff|FF|0xff|10|101|A");
        assertThat(sprintf("%f|%.2f|%.0f|%8.3f|%-8.1f|%08.2f", 3.14159, 3.14159, 2.5, 3.14159, 3.14159, -3.14159))
                .isEqualTo("3.141590|3.14|2|   3.142|3.1     |-0003.14");
        assertThat(sprintf("%e|%.2e|%E|%g|%.3g|%g|%G", 1234.5678, 1234.5678, 1e-7, 1e6, 1234.5678, 100000.0, 1e-7))
                .isEqualTo("1.234568e+03|1.23e+03|1.000000E-07|1e+06|1.23e+03|100000|1E-07");
        assertThat(sprintf("%t|%v|%5t", true, false, true)).isEqualTo("true|false| true");
        assertThat(sprintf("%x|%X|%q", "hi", "hi", 65L)).isEqualTo("6869|6869|'A'");
        assertThat(sprintf("100%%|%5.1s|%T|%T|%T|%T", "abc", 1.0, 1L, "s", List.of())).isEqualTo("100%|    a|float64|int|string|[]interface {}");
        assertThat(sprintf("%v %d", List.of(1.0, 2.5), List.of(1L, 2L))).isEqualTo("[1 2.5] [1 2]");
    }

    @Test
    void reportsPrintfMistakesInBandLikeGo() {
        assertThat(sprintf("%d", "x")).isEqualTo("%!d(string=x)");
        assertThat(sprintf("%d", 5.0)).isEqualTo("%!d(float64=5)");
        assertThat(sprintf("%f", 1L)).isEqualTo("%!f(int=1)");
        assertThat(sprintf("%s", (Object) null)).isEqualTo("%!s(<nil>)");
        assertThat(sprintf("%v", (Object) null)).isEqualTo("<nil>");
        assertThat(sprintf("%s %s", "a")).isEqualTo("a %!s(MISSING)");
        assertThat(sprintf("%s", "a", 1.0, null)).isEqualTo("a%!(EXTRA float64=1, <nil>)");
        assertThat(sprintf("abc%")).isEqualTo("abc%!(NOVERB)");
    }

    @Test
    void roundsFixedPrecisionHalfToEvenOnTheExactBinaryValue() {
        assertThat(sprintf("%.0f|%.0f|%.1f|%.2f", 0.5, 1.5, 0.25, 1.005)).isEqualTo("0|2|0.2|1.00");
    }

    @Test
    void formatsSpecialFloats() {
        assertThat(sprintf("%v|%v|%v|%f", Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, Double.NaN))
                .isEqualTo("NaN|+Inf|-Inf|NaN");
    }

    @Test
    void separatesPrintOperandsOnlyBetweenNonStrings() {
        assertThat(GoFmt.sprint(List.of(1L, 2.0, "a", "b", true))).isEqualTo("1 2abtrue");
        assertThat(GoFmt.sprintln(List.of("a", "b", 1L))).isEqualTo("a b 1\n");
    }
}
