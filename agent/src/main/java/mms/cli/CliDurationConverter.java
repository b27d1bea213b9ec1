package mms.cli;

import java.time.Duration;
import mms.duration.CliDuration;
import mms.duration.DurationFormatException;
import picocli.CommandLine;

/**
 * Reads every duration option and argument of the command line ({@code --ttl}, {@code --timeout},
 * {@code --max-wait}, {@code --interval}, {@code EXPIRE}) in the original's CLI dialect,
 * {@link CliDuration}: {@code 30s}, {@code 1h30m}, {@code 1d12h}. Picocli's own converter would
 * read ISO-8601 ({@code PT30S}), which no user of the original types.
 */
final class CliDurationConverter implements CommandLine.ITypeConverter<Duration> {
    @Override
    public Duration convert(String value) {
        try {
            return CliDuration.parse(value);
        } catch (DurationFormatException e) {
            throw new CommandLine.TypeConversionException(e.getMessage());
        }
    }
}
