package mms.spec;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * A part of a fleet, as a rollout plan writes it: a number of nodes ({@code "1"}, {@code "25"}) or
 * a percentage of them ({@code "10%"}, {@code "0.5%"}). The size of a wave and the failures a
 * rollout tolerates are written this way.
 *
 * @param text    the value as written, e.g. {@code 10%}; never null
 * @param percent whether it is a percentage
 * @param value   the number of nodes, or the percentage (0 to 100, at most two decimals)
 */
public record FleetShare(String text, boolean percent, BigDecimal value) {

    /** The largest number of nodes a share may name. */
    public static final long MAX_COUNT = 1_000_000;
    private static final Pattern COUNT = Pattern.compile("[0-9]{1,7}");
    private static final Pattern PERCENT = Pattern.compile("[0-9]{1,3}(\\.[0-9]{1,2})?%");
    private static final BigDecimal HUNDRED = BigDecimal.valueOf(100);

    /** All of the fleet. */
    public static final FleetShare ALL = new FleetShare("100%", true, HUNDRED);
    /** No node. */
    public static final FleetShare NONE = new FleetShare("0", false, BigDecimal.ZERO);

    /** Rejects nulls and values out of range. */
    public FleetShare {
        Objects.requireNonNull(text, "text");
        Objects.requireNonNull(value, "value");
        if (value.signum() < 0 || (percent ? value.compareTo(HUNDRED) > 0 : value.compareTo(BigDecimal.valueOf(MAX_COUNT)) > 0)) {
            throw new IllegalArgumentException("fleet share " + text + " is out of range");
        }
    }

    /**
     * Reads {@code "n"} (0 to {@value #MAX_COUNT} nodes) or {@code "p%"} (0 to 100, at most two decimals).
     *
     * @throws IllegalArgumentException with a lowercase message naming the value and the accepted forms
     */
    public static FleetShare parse(String text) {
        Objects.requireNonNull(text, "text");
        if (COUNT.matcher(text).matches()) {
            long count = Long.parseLong(text);
            if (count > MAX_COUNT) {
                throw new IllegalArgumentException("'" + text + "' is more than " + MAX_COUNT + " nodes");
            }
            return new FleetShare(text, false, BigDecimal.valueOf(count));
        }
        if (PERCENT.matcher(text).matches()) {
            BigDecimal value = new BigDecimal(text.substring(0, text.length() - 1));
            if (value.compareTo(HUNDRED) > 0) {
                throw new IllegalArgumentException("'" + text + "' is more than 100%");
            }
            return new FleetShare(text, true, value);
        }
        throw new IllegalArgumentException(MachinesValidator.quote(text) + " is neither a number of nodes (\"1\", \"25\") nor a percentage (\"10%\", \"0.5%\")");
    }

    /** Whether this is all of the fleet ({@code 100%}). */
    public boolean isAll() {
        return percent && value.compareTo(HUNDRED) == 0;
    }

    /**
     * How many nodes this is of a fleet of {@code size}, at most {@code size}: a percentage rounded
     * up ({@code up}: a wave of 10% of 5 nodes holds one) or down (the failures tolerated: 5% of
     * 10 nodes tolerates none).
     *
     * @param size the number of nodes, not negative
     * @param up   whether a fraction of a node counts as one
     */
    public int of(int size, boolean up) {
        if (size < 0) {
            throw new IllegalArgumentException("a fleet cannot have " + size + " nodes");
        }
        BigDecimal nodes = percent
                ? value.multiply(BigDecimal.valueOf(size)).divide(HUNDRED, 0, up ? RoundingMode.CEILING : RoundingMode.FLOOR)
                : value;
        return nodes.min(BigDecimal.valueOf(size)).intValueExact();
    }

    /** The value as written. */
    @Override
    public String toString() {
        return text;
    }
}
