package mms.duration;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The grammar Go's {@code time.ParseDuration} and the CLI dialect share: an optional sign, then
 * either {@code 0} or a sequence of decimal numbers ({@code 1}, {@code 1.5}, {@code .5},
 * {@code 5.}) each followed by a unit from a table. The dialects differ only in their units and in
 * how they word a failure, so the scanning lives here once and each dialect words the
 * {@link Malformed} problem itself.
 */
final class UnitSequence {
    static final long NANOS_PER_HOUR = 3_600_000_000_000L;

    /** Go's units, in nanoseconds. */
    static final Map<String, Long> GO_UNITS = Map.of(
            "ns", 1L, "us", 1_000L, "µs", 1_000L, "μs", 1_000L, "ms", 1_000_000L,
            "s", 1_000_000_000L, "m", 60_000_000_000L, "h", NANOS_PER_HOUR);

    private UnitSequence() {}

    /** What is wrong with a text, for the dialect to word. */
    sealed interface Problem {
        /** No number where one must start; {@code rest} is the text from there (empty after a bare sign). */
        record NoNumber(String rest) implements Problem {}

        /** A number without a unit after it, e.g. {@code 10}. */
        record MissingUnit(String number) implements Problem {}

        /** A unit the dialect does not know, e.g. {@code d} for Go. */
        record UnknownUnit(String unit) implements Problem {}

        /** More than {@code Long.MAX_VALUE} nanoseconds (about 292 years). */
        record TooLarge() implements Problem {}
    }

    /** A text the grammar rejects. */
    static final class Malformed extends Exception {
        private static final long serialVersionUID = 1L;
        private final transient Problem problem;

        Malformed(Problem problem) {
            super(problem.toString(), null, false, false);
            this.problem = problem;
        }

        Problem problem() {
            return problem;
        }
    }

    /**
     * Parses {@code text} as given (no trimming), truncating to whole nanoseconds.
     *
     * @param units the units the dialect accepts, in nanoseconds
     * @throws Malformed naming the first problem
     */
    static Duration parse(String text, Map<String, Long> units) throws Malformed {
        int i = 0;
        boolean negative = false;
        if (!text.isEmpty() && (text.charAt(0) == '-' || text.charAt(0) == '+')) {
            negative = text.charAt(0) == '-';
            i++;
        }
        if (text.substring(i).equals("0")) {
            return Duration.ZERO;
        }
        if (i == text.length()) {
            throw new Malformed(new Problem.NoNumber(""));
        }
        List<Term> terms = new ArrayList<>();
        while (i < text.length()) {
            int start = i;
            while (i < text.length() && isDigit(text.charAt(i))) {
                i++;
            }
            boolean whole = i > start;
            boolean fraction = false;
            if (i < text.length() && text.charAt(i) == '.') {
                i++;
                int fractionStart = i;
                while (i < text.length() && isDigit(text.charAt(i))) {
                    i++;
                }
                fraction = i > fractionStart;
            }
            if (!whole && !fraction) {
                throw new Malformed(new Problem.NoNumber(text.substring(start)));
            }
            String number = text.substring(start, i);
            int unitStart = i;
            while (i < text.length() && text.charAt(i) != '.' && !isDigit(text.charAt(i))) {
                i++;
            }
            String unit = text.substring(unitStart, i);
            if (unit.isEmpty()) {
                throw new Malformed(new Problem.MissingUnit(number));
            }
            Long perUnit = units.get(unit);
            if (perUnit == null) {
                throw new Malformed(new Problem.UnknownUnit(unit));
            }
            terms.add(new Term(number, perUnit));
        }
        long n = terms.stream().anyMatch(term -> term.number().indexOf('.') >= 0)
                ? fractionalNanos(terms) : wholeNanos(terms);
        return Duration.ofNanos(negative ? -n : n);
    }

    /** One number and its unit, in nanoseconds: {@code 1.5} and 3,600,000,000,000 of {@code 1.5h}. */
    private record Term(String number, long perUnit) {}

    /** The sum of whole numbers of units, in long arithmetic: the common case ("30s", "1h30m"). */
    private static long wholeNanos(List<Term> terms) throws Malformed {
        long nanos = 0;
        try {
            for (Term term : terms) {
                nanos = Math.addExact(nanos, Math.multiplyExact(Long.parseLong(term.number()), term.perUnit()));
            }
        } catch (ArithmeticException | NumberFormatException e) {
            throw new Malformed(new Problem.TooLarge()); // only digits reach here: too many of them
        }
        return nanos;
    }

    /**
     * The sum with fractions ("1.5h"), exact and truncated to whole nanoseconds. BigDecimal only
     * here: its first use in a process costs some 40 ms, a tenth of a short command's start.
     */
    private static long fractionalNanos(List<Term> terms) throws Malformed {
        BigDecimal nanos = BigDecimal.ZERO;
        for (Term term : terms) {
            nanos = nanos.add(new BigDecimal(term.number()).multiply(BigDecimal.valueOf(term.perUnit())));
        }
        BigDecimal whole = nanos.setScale(0, RoundingMode.DOWN);
        if (whole.compareTo(BigDecimal.valueOf(Long.MAX_VALUE)) > 0) {
            throw new Malformed(new Problem.TooLarge());
        }
        return whole.longValueExact();
    }

    private static boolean isDigit(char c) {
        // ASCII only: Character.isDigit would accept other scripts' digits, which Go does not
        return c >= '0' && c <= '9';
    }
}
