package mms.duration;

import java.time.Duration;

/** Go's {@code time.ParseDuration} and {@code Duration.String}. */
public final class GoDuration {
    private GoDuration() {}

    /**
     * Parses Go duration syntax: an optionally signed sequence of decimal numbers with optional
     * fractions, each followed by one of {@code ns us µs μs ms s m h}; a bare {@code 0} is allowed.
     *
     * @throws DurationFormatException with Go's message, e.g. {@code time: missing unit in duration "10"}
     */
    public static Duration parse(String text) throws DurationFormatException {
        try {
            return UnitSequence.parse(text, UnitSequence.GO_UNITS);
        } catch (UnitSequence.Malformed e) {
            throw new DurationFormatException(switch (e.problem()) {
                case UnitSequence.Problem.MissingUnit _ -> "time: missing unit in duration \"" + text + "\"";
                case UnitSequence.Problem.UnknownUnit u ->
                        "time: unknown unit \"" + u.unit() + "\" in duration \"" + text + "\"";
                case UnitSequence.Problem.NoNumber _, UnitSequence.Problem.TooLarge _ ->
                        "time: invalid duration \"" + text + "\"";
            });
        }
    }

    /** Formats like Go's {@code Duration.String}: {@code 0s}, {@code 1.5ms}, {@code 2m0s}, {@code 1h0m0s}. */
    public static String format(Duration duration) {
        long nanos = duration.toNanos();
        if (nanos == 0) {
            return "0s";
        }
        boolean negative = nanos < 0;
        long u = Math.abs(nanos);
        StringBuilder out = new StringBuilder();
        if (u < 1_000_000_000L) {
            if (u < 1_000L) {
                out.append(u).append("ns");
            } else if (u < 1_000_000L) {
                out.append(fraction(u, 1_000L)).append("µs");
            } else {
                out.append(fraction(u, 1_000_000L)).append("ms");
            }
        } else {
            long hours = u / 3_600_000_000_000L;
            long rest = u % 3_600_000_000_000L;
            long minutes = rest / 60_000_000_000L;
            long secNanos = rest % 60_000_000_000L;
            if (hours > 0) {
                out.append(hours).append('h');
            }
            if (hours > 0 || minutes > 0) {
                out.append(minutes).append('m');
            }
            out.append(fraction(secNanos, 1_000_000_000L)).append('s');
        }
        return negative ? "-" + out : out.toString();
    }

    private static String fraction(long value, long unit) {
        long whole = value / unit;
        long frac = value % unit;
        if (frac == 0) {
            return Long.toString(whole);
        }
        String digits = String.format("%0" + (Long.toString(unit).length() - 1) + "d", frac);
        return whole + "." + digits.replaceAll("0+$", "");
    }
}
