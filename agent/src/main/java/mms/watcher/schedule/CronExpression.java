package mms.watcher.schedule;

import java.time.LocalDateTime;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;
import java.util.BitSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * A standard five-field cron expression ({@code minute hour day-of-month month day-of-week}) with
 * the rules of the original's cron library: {@code *} and {@code ?} for "any", ranges
 * {@code a-b}, lists {@code a,b}, steps {@code *}{@code /n}, {@code a-b/n} and {@code a/n}
 * (meaning {@code a-max/n}), month names {@code JAN}–{@code DEC} and day names
 * {@code SUN}–{@code SAT} (case-insensitive; Sunday is 0). When both day fields are restricted a
 * day matching either one matches; when one is {@code *} or {@code ?} both must match.
 * Descriptors such as {@code @daily} are not accepted.
 */
public final class CronExpression {
    private static final List<String> MONTHS =
            List.of("", "jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec");
    private static final List<String> DAYS = List.of("sun", "mon", "tue", "wed", "thu", "fri", "sat");
    /** How far ahead {@link #next} looks before concluding the expression never matches (e.g. 30 FEB). */
    private static final int YEARS_AHEAD = 5;

    private final String text;
    private final Field minute;
    private final Field hour;
    private final Field dayOfMonth;
    private final Field month;
    private final Field dayOfWeek;

    private CronExpression(String text, Field minute, Field hour, Field dayOfMonth, Field month, Field dayOfWeek) {
        this.text = text;
        this.minute = minute;
        this.hour = hour;
        this.dayOfMonth = dayOfMonth;
        this.month = month;
        this.dayOfWeek = dayOfWeek;
    }

    /**
     * Parses {@code spec}.
     *
     * @throws IllegalArgumentException with a lowercase reason, e.g.
     *     {@code expected exactly 5 fields, found 6: [0 0 * * * *]}
     */
    public static CronExpression parse(String spec) {
        String trimmed = spec.strip();
        if (trimmed.startsWith("@")) {
            throw new IllegalArgumentException("descriptors like " + trimmed + " are not supported, use 5 fields");
        }
        String[] fields = trimmed.isEmpty() ? new String[0] : trimmed.split("\\s+");
        if (fields.length != 5) {
            throw new IllegalArgumentException("expected exactly 5 fields, found " + fields.length + ": ["
                    + String.join(" ", fields) + "]");
        }
        return new CronExpression(trimmed,
                Field.parse(fields[0], 0, 59, List.of()),
                Field.parse(fields[1], 0, 23, List.of()),
                Field.parse(fields[2], 1, 31, List.of()),
                Field.parse(fields[3], 1, 12, MONTHS),
                Field.parse(fields[4], 0, 6, DAYS));
    }

    /**
     * The first whole minute strictly after {@code after}, in {@code after}'s zone. A local time
     * skipped by a daylight-saving change moves forward by the length of the gap.
     *
     * @return empty when nothing matches within five years (e.g. {@code 0 0 30 2 *})
     */
    public Optional<ZonedDateTime> next(ZonedDateTime after) {
        LocalDateTime t = after.toLocalDateTime().truncatedTo(ChronoUnit.MINUTES).plusMinutes(1);
        int lastYear = t.getYear() + YEARS_AHEAD;
        while (t.getYear() <= lastYear) {
            if (!month.matches(t.getMonthValue())) {
                t = t.toLocalDate().withDayOfMonth(1).plusMonths(1).atStartOfDay();
            } else if (!dayMatches(t)) {
                t = t.toLocalDate().plusDays(1).atStartOfDay();
            } else if (!hour.matches(t.getHour())) {
                t = t.truncatedTo(ChronoUnit.HOURS).plusHours(1);
            } else if (!minute.matches(t.getMinute())) {
                t = t.plusMinutes(1);
            } else {
                ZonedDateTime candidate = ZonedDateTime.ofLocal(t, after.getZone(), after.getOffset());
                if (candidate.isAfter(after)) {
                    return Optional.of(candidate);
                }
                t = t.plusMinutes(1);
            }
        }
        return Optional.empty();
    }

    private boolean dayMatches(LocalDateTime t) {
        boolean dom = dayOfMonth.matches(t.getDayOfMonth());
        boolean dow = dayOfWeek.matches(t.getDayOfWeek().getValue() % 7);
        if (dayOfMonth.star() || dayOfWeek.star()) {
            return dom && dow;
        }
        return dom || dow;
    }

    @Override
    public String toString() {
        return text;
    }

    /** One field: the allowed values and whether it was an unstepped {@code *} or {@code ?}. */
    private record Field(BitSet values, boolean star) {
        boolean matches(int value) {
            return values.get(value);
        }

        static Field parse(String expression, int min, int max, List<String> names) {
            BitSet values = new BitSet(max + 1);
            boolean star = false;
            for (String part : expression.split(",", -1)) {
                star |= parseRange(part, min, max, names, values);
            }
            return new Field(values, star);
        }

        /** Adds one comma-separated part; returns whether it was an unstepped star. */
        private static boolean parseRange(String part, int min, int max, List<String> names, BitSet values) {
            String[] rangeAndStep = part.split("/", -1);
            if (rangeAndStep.length > 2) {
                throw new IllegalArgumentException("too many slashes: " + part);
            }
            String[] lowAndHigh = rangeAndStep[0].split("-", -1);
            if (lowAndHigh.length > 2) {
                throw new IllegalArgumentException("too many hyphens: " + part);
            }
            int start;
            int end;
            boolean star = false;
            if (lowAndHigh[0].equals("*") || lowAndHigh[0].equals("?")) {
                if (lowAndHigh.length > 1) {
                    throw new IllegalArgumentException("a range cannot start with " + lowAndHigh[0] + ": " + part);
                }
                start = min;
                end = max;
                star = true;
            } else {
                start = value(lowAndHigh[0], names);
                end = lowAndHigh.length == 2 ? value(lowAndHigh[1], names) : start;
            }
            int step = 1;
            if (rangeAndStep.length == 2) {
                step = number(rangeAndStep[1]);
                if (step <= 0) {
                    throw new IllegalArgumentException("step of range should be a positive number: " + part);
                }
                if (lowAndHigh.length == 1 && !star) {
                    // "N/step" means "N-max/step"
                    end = max;
                }
                if (step > 1) {
                    star = false;
                }
            }
            if (start < min) {
                throw new IllegalArgumentException("beginning of range (" + start + ") below minimum (" + min + "): " + part);
            }
            if (end > max) {
                throw new IllegalArgumentException("end of range (" + end + ") above maximum (" + max + "): " + part);
            }
            if (start > end) {
                throw new IllegalArgumentException("beginning of range (" + start + ") beyond end of range (" + end + "): " + part);
            }
            for (int v = start; v <= end; v += step) {
                values.set(v);
            }
            return star;
        }

        private static int value(String text, List<String> names) {
            int named = names.indexOf(text.toLowerCase(Locale.ROOT));
            if (named > 0 || (named == 0 && !names.getFirst().isEmpty())) {
                return named;
            }
            return number(text);
        }

        private static int number(String text) {
            if (text.isEmpty() || !text.chars().allMatch(c -> c >= '0' && c <= '9') || text.length() > 9) {
                throw new IllegalArgumentException("failed to parse int from " + text);
            }
            return Integer.parseInt(text);
        }
    }
}
