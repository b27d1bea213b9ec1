package mms.cli;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * CLI durations (formats.md §2.3): Go syntax plus compound {@code w/W} (7 days), {@code d/D}
 * (24 hours), {@code M} (30 days) and {@code y/Y} (365 days) parts, e.g. {@code 1d12h} or
 * {@code 90s}; a bare {@code 0} is allowed, empty is not.
 */
final class GovernorDurations {
    private static final Pattern PART = Pattern.compile("(\\d+(?:\\.\\d*)?|\\.\\d+)(ns|us|µs|μs|ms|s|m|h|d|D|w|W|M|y|Y)");
    private static final long HOUR = 3_600_000_000_000L;
    private static final Map<String, Long> UNITS = Map.ofEntries(
            Map.entry("ns", 1L), Map.entry("us", 1_000L), Map.entry("µs", 1_000L), Map.entry("μs", 1_000L),
            Map.entry("ms", 1_000_000L), Map.entry("s", 1_000_000_000L), Map.entry("m", 60_000_000_000L),
            Map.entry("h", HOUR), Map.entry("d", 24 * HOUR), Map.entry("D", 24 * HOUR), Map.entry("w", 168 * HOUR),
            Map.entry("W", 168 * HOUR), Map.entry("M", 720 * HOUR), Map.entry("y", 8760 * HOUR), Map.entry("Y", 8760 * HOUR));

    private GovernorDurations() {
    }

    /**
     * Parses a duration.
     *
     * @param what  the option or argument, for the message
     * @param text  the value
     * @throws CliException naming the option and value
     */
    static Duration parse(String what, String text) {
        String s = text == null ? "" : text.strip();
        boolean negative = s.startsWith("-");
        String body = negative || s.startsWith("+") ? s.substring(1) : s;
        if (body.equals("0")) {
            return Duration.ZERO;
        }
        Matcher m = PART.matcher(body);
        BigDecimal nanos = BigDecimal.ZERO;
        int at = 0;
        while (at < body.length() && m.find(at) && m.start() == at) {
            nanos = nanos.add(new BigDecimal(m.group(1).startsWith(".") ? "0" + m.group(1) : m.group(1))
                    .multiply(BigDecimal.valueOf(UNITS.get(m.group(2)))));
            at = m.end();
        }
        if (body.isEmpty() || at != body.length()) {
            throw new CliException(what + ": invalid duration '" + text + "', use e.g. 30s, 5m, 1h30m or 1d12h", 2, null);
        }
        Duration d = Duration.ofNanos(nanos.longValue());
        return negative ? d.negated() : d;
    }
}
