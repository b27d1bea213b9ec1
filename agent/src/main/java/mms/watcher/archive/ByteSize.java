package mms.watcher.archive;

import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Sizes in properties: a whole number of bytes ({@code 1048576}) or a number with a unit,
 * {@code B}, decimal {@code KB MB GB TB} (powers of 1000) or binary {@code KiB MiB GiB TiB} (powers
 * of 1024), case-insensitive, optional space: {@code 256MiB}, {@code 1 GiB}, {@code 500mb}.
 */
final class ByteSize {

    private static final Pattern SIZE = Pattern.compile("(\\d+)\\s*([A-Za-z]*)");
    private static final Map<String, Long> UNITS = Map.ofEntries(
            Map.entry("", 1L), Map.entry("b", 1L),
            Map.entry("kb", 1_000L), Map.entry("mb", 1_000_000L), Map.entry("gb", 1_000_000_000L),
            Map.entry("tb", 1_000_000_000_000L),
            Map.entry("kib", 1L << 10), Map.entry("mib", 1L << 20), Map.entry("gib", 1L << 30),
            Map.entry("tib", 1L << 40));

    private ByteSize() {}

    /**
     * Parses a size.
     *
     * @throws IllegalArgumentException saying what is wrong with {@code text}
     */
    static long parse(String text) {
        Matcher m = SIZE.matcher(text.strip());
        if (!m.matches()) {
            throw new IllegalArgumentException("is not a size like 1048576, 256MiB or 1GiB");
        }
        Long unit = UNITS.get(m.group(2).toLowerCase(Locale.ROOT));
        if (unit == null) {
            throw new IllegalArgumentException("has an unknown unit '" + m.group(2)
                    + "', use B, KB, MB, GB, TB, KiB, MiB, GiB or TiB");
        }
        try {
            return Math.multiplyExact(Long.parseLong(m.group(1)), unit);
        } catch (ArithmeticException | NumberFormatException e) {
            throw new IllegalArgumentException("is too large");
        }
    }

    /** {@code 268435456} → {@code 256MiB}; sizes that are not a whole number of a binary unit stay in bytes. */
    static String format(long bytes) {
        String[] units = {"TiB", "GiB", "MiB", "KiB"};
        int[] shifts = {40, 30, 20, 10};
        for (int i = 0; i < units.length; i++) {
            long unit = 1L << shifts[i];
            if (bytes >= unit && bytes % unit == 0) {
                return (bytes / unit) + units[i];
            }
        }
        return bytes + "B";
    }
}
