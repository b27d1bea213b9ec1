package mms.watcher;

/**
 * A watcher's logger: every line is prefixed {@code machine#watcher: } as the original's.
 * Arguments use SLF4J's {@code {}} placeholders.
 */
public interface WatcherLog {
    void debug(String format, Object... args);

    void info(String format, Object... args);

    void warn(String format, Object... args);

    void error(String format, Object... args);
}
