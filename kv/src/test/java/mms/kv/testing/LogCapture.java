package mms.kv.testing;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.util.List;
import org.slf4j.LoggerFactory;

/**
 * Records what one logger (and its children) logs from a given level up, for tests that assert
 * what an operator sees in the log: {@code try (LogCapture log = LogCapture.of("mms.host", Level.DEBUG)) {...}}.
 * Closing restores the logger's level and stops recording.
 */
public final class LogCapture implements AutoCloseable {
    private final Logger logger;
    private final Level previousLevel;
    private final ListAppender<ILoggingEvent> appender = new ListAppender<>();

    private LogCapture(Logger logger, Level level) {
        this.logger = logger;
        this.previousLevel = logger.getLevel();
        logger.setLevel(level);
        appender.start();
        logger.addAppender(appender);
    }

    /**
     * Starts recording {@code loggerName} and its children at {@code level} and above.
     *
     * @param loggerName a logger name such as {@code mms.host} or a class name
     * @param level the lowest level recorded; the logger is set to it until {@link #close()}
     */
    public static LogCapture of(String loggerName, Level level) {
        return new LogCapture((Logger) LoggerFactory.getLogger(loggerName), level);
    }

    /** The events recorded so far, oldest first. */
    public List<ILoggingEvent> events() {
        synchronized (appender) { // AppenderBase.doAppend appends under this lock
            return List.copyOf(appender.list);
        }
    }

    /** The formatted messages of the events recorded so far at {@code level} or above, oldest first. */
    public List<String> messages(Level level) {
        return events().stream().filter(e -> e.getLevel().isGreaterOrEqual(level))
                .map(ILoggingEvent::getFormattedMessage).toList();
    }

    /** The formatted messages of the events recorded so far at exactly {@code level}, oldest first. */
    public List<String> messagesAt(Level level) {
        return events().stream().filter(e -> e.getLevel().equals(level))
                .map(ILoggingEvent::getFormattedMessage).toList();
    }

    @Override
    public void close() {
        logger.detachAppender(appender);
        appender.stop();
        logger.setLevel(previousLevel);
    }
}
