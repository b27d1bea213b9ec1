package mms.duration;

import java.math.BigDecimal;
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
        String s = text;
        int i = 0;
        boolean negative = false;
        if (!s.isEmpty() && (s.charAt(0) == '-' || s.charAt(0) == '+')) {
            negative = s.charAt(0) == '-';
            i++;
        }
        if (s.substring(i).equals("0")) {
            return Duration.ZERO;
        }
        if (i == s.length()) {
            throw invalid(text);
        }
        BigDecimal totalNanos = BigDecimal.ZERO;
        while (i < s.length()) {
            int start = i;
            while (i < s.length() && Character.isDigit(s.charAt(i))) {
                i++;
            }
            boolean leading = i > start;
            int fracStart = i;
            if (i < s.length() && s.charAt(i) == '.') {
                i++;
                while (i < s.length() && Character.isDigit(s.charAt(i))) {
                    i++;
                }
            }
            boolean fraction = i > fracStart + 1;
            if (!leading && !fraction) {
                throw invalid(text);
            }
            BigDecimal number = new BigDecimal(s.substring(start, i).endsWith(".")
                    ? s.substring(start, i - 1) : (s.charAt(start) == '.' ? "0" + s.substring(start, i) : s.substring(start, i)));
            int unitStart = i;
            while (i < s.length() && s.charAt(i) != '.' && !Character.isDigit(s.charAt(i))) {
                i++;
            }
            if (unitStart == i) {
                throw new DurationFormatException("time: missing unit in duration \"" + text + "\"");
            }
            String unit = s.substring(unitStart, i);
            long nanosPerUnit = switch (unit) {
                case "ns" -> 1L;
                case "us", "µs", "μs" -> 1_000L;
                case "ms" -> 1_000_000L;
                case "s" -> 1_000_000_000L;
                case "m" -> 60_000_000_000L;
                case "h" -> 3_600_000_000_000L;
                default -> throw new DurationFormatException(
                        "time: unknown unit \"" + unit + "\" in duration \"" + text + "\"");
            };
            totalNanos = totalNanos.add(number.multiply(BigDecimal.valueOf(nanosPerUnit)));
        }
        if (totalNanos.compareTo(BigDecimal.valueOf(Long.MAX_VALUE)) > 0) {
            throw invalid(text);
        }
        long nanos = totalNanos.longValue();
        return Duration.ofNanos(negative ? -nanos : nanos);
    }

    private static DurationFormatException invalid(String text) {
        return new DurationFormatException("time: invalid duration \"" + text + "\"");
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
