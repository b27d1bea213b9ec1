package mms.duration;

import java.time.Duration;

/**
 * Choria's {@code ParseDuration}, used for watcher {@code interval} and {@code announce_interval}.
 * It dispatches on the last character: {@code w/W d/D M y/Y} take one decimal number (read as a
 * 32-bit float, truncated to whole hours, as the original), {@code s m h} go to Go's parser.
 */
public final class ChoriaDuration {
    private ChoriaDuration() {}

    /**
     * Parses an interval; blank text is {@link Duration#ZERO}.
     *
     * @throws DurationFormatException naming the bad unit or Go's parse error
     */
    public static Duration parse(String text) throws DurationFormatException {
        String s = text == null ? "" : text.strip();
        if (s.isEmpty()) {
            return Duration.ZERO;
        }
        char last = s.charAt(s.length() - 1);
        long hoursPerUnit = switch (last) {
            case 'w', 'W' -> 7 * 24;
            case 'd', 'D' -> 24;
            case 'M' -> 30 * 24;
            case 'y', 'Y' -> 365 * 24;
            default -> 0;
        };
        if (hoursPerUnit > 0) {
            String number = s.substring(0, s.length() - 1);
            float value;
            try {
                value = Float.parseFloat(number);
            } catch (NumberFormatException e) {
                throw new DurationFormatException("invalid duration \"" + s + "\": " + number + " is not a number");
            }
            if (number.isBlank() || number.endsWith("f") || number.endsWith("F") || number.endsWith("d") || number.endsWith("D")) {
                throw new DurationFormatException("invalid duration \"" + s + "\": " + number + " is not a number");
            }
            return Duration.ofHours((long) ((double) value * hoursPerUnit));
        }
        return switch (last) {
            case 's', 'S', 'm', 'h', 'H' -> GoDuration.parse(s);
            default -> throw new DurationFormatException("invalid time unit " + last);
        };
    }
}
