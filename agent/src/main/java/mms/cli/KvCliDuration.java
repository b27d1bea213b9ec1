package mms.cli;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;
import picocli.CommandLine;

/**
 * CLI durations as {@code choria kv} takes them: Go syntax ({@code 1h30m}, {@code 500ms}) with the
 * extra compound units {@code d/D} (days), {@code w/W} (weeks), {@code M} (30 days) and
 * {@code y/Y} (365 days), e.g. {@code 1d12h}. {@code 0} is allowed, empty text is not.
 */
final class KvCliDuration implements CommandLine.ITypeConverter<Duration> {
    private static final BigDecimal SECOND = BigDecimal.valueOf(1_000_000_000L);

    @Override
    public Duration convert(String value) {
        return parse(value);
    }

    static Duration parse(String text) {
        String s = text == null ? "" : text.strip();
        if (s.isEmpty()) {
            throw new CommandLine.TypeConversionException("invalid duration '': a duration like 1h or 2d12h is required");
        }
        int i = 0;
        boolean negative = false;
        if (s.charAt(0) == '-' || s.charAt(0) == '+') {
            negative = s.charAt(0) == '-';
            i++;
        }
        if (s.substring(i).equals("0")) {
            return Duration.ZERO;
        }
        if (i == s.length()) {
            throw bad(text, "no number");
        }
        BigDecimal nanos = BigDecimal.ZERO;
        while (i < s.length()) {
            int start = i;
            while (i < s.length() && (Character.isDigit(s.charAt(i)) || s.charAt(i) == '.')) {
                i++;
            }
            if (start == i) {
                throw bad(text, "expected a number at '" + s.substring(start) + "'");
            }
            BigDecimal number;
            try {
                number = new BigDecimal(s.substring(start, i));
            } catch (NumberFormatException e) {
                throw bad(text, "'" + s.substring(start, i) + "' is not a number");
            }
            int unitStart = i;
            while (i < s.length() && !Character.isDigit(s.charAt(i)) && s.charAt(i) != '.') {
                i++;
            }
            String unit = s.substring(unitStart, i);
            BigDecimal perUnit = switch (unit) {
                case "ns" -> BigDecimal.ONE;
                case "us", "µs", "μs" -> BigDecimal.valueOf(1_000);
                case "ms" -> BigDecimal.valueOf(1_000_000);
                case "s" -> SECOND;
                case "m" -> SECOND.multiply(BigDecimal.valueOf(60));
                case "h" -> SECOND.multiply(BigDecimal.valueOf(3_600));
                case "d", "D" -> SECOND.multiply(BigDecimal.valueOf(86_400));
                case "w", "W" -> SECOND.multiply(BigDecimal.valueOf(7 * 86_400));
                case "M" -> SECOND.multiply(BigDecimal.valueOf(30 * 86_400));
                case "y", "Y" -> SECOND.multiply(BigDecimal.valueOf(365 * 86_400));
                case "" -> throw bad(text, "missing unit after " + number.toPlainString());
                default -> throw bad(text, "unknown unit '" + unit + "' (use ns, us, ms, s, m, h, d, w, M or y)");
            };
            nanos = nanos.add(number.multiply(perUnit));
        }
        BigDecimal whole = nanos.setScale(0, RoundingMode.DOWN);
        if (whole.compareTo(BigDecimal.valueOf(Long.MAX_VALUE)) > 0) {
            throw bad(text, "too large, the maximum is about 292y");
        }
        long n = whole.longValueExact();
        return Duration.ofNanos(negative ? -n : n);
    }

    private static CommandLine.TypeConversionException bad(String text, String why) {
        return new CommandLine.TypeConversionException("invalid duration '" + text + "': " + why);
    }
}
