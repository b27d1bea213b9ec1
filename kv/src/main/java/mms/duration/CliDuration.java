package mms.duration;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

/**
 * Durations as the original's command line takes them ({@code choria kv} and {@code choria
 * governor} flags and arguments): Go syntax extended with compound {@code d/D} (24 hours),
 * {@code w/W} (7 days), {@code M} (30 days) and {@code y/Y} (365 days) parts, e.g. {@code 1d12h},
 * {@code -1y1d1µs} or {@code 90s}. A bare {@code 0} is allowed, empty text is not; surrounding
 * blanks are ignored.
 */
public final class CliDuration {
    private static final Map<String, Long> UNITS = units();

    private CliDuration() {}

    /**
     * Parses a command-line duration.
     *
     * @param text the text, not null
     * @return the duration, truncated to whole nanoseconds
     * @throws DurationFormatException worded for the command line, e.g.
     *     {@code invalid duration '10': missing unit after 10}
     */
    public static Duration parse(String text) throws DurationFormatException {
        String s = text.strip();
        if (s.isEmpty()) {
            throw new DurationFormatException("invalid duration '" + text + "': a duration like 1h or 2d12h is required");
        }
        try {
            return UnitSequence.parse(s, UNITS);
        } catch (UnitSequence.Malformed e) {
            throw new DurationFormatException("invalid duration '" + text + "': " + switch (e.problem()) {
                case UnitSequence.Problem.NoNumber n when n.rest().isEmpty() -> "no number";
                case UnitSequence.Problem.NoNumber n ->
                        "expected a number at '" + n.rest() + "', as in 30s, 5m, 1h30m or 1d12h";
                case UnitSequence.Problem.MissingUnit m -> "missing unit after " + m.number();
                case UnitSequence.Problem.UnknownUnit u ->
                        "unknown unit '" + u.unit() + "' (use ns, us, ms, s, m, h, d, w, M or y)";
                case UnitSequence.Problem.TooLarge _ -> "too large, the maximum is about 292y";
            });
        }
    }

    private static Map<String, Long> units() {
        Map<String, Long> units = new HashMap<>(UnitSequence.GO_UNITS);
        long day = 24 * UnitSequence.NANOS_PER_HOUR;
        units.putAll(Map.of("d", day, "D", day, "w", 7 * day, "W", 7 * day, "M", 30 * day, "y", 365 * day, "Y", 365 * day));
        return Map.copyOf(units);
    }
}
