package mms.cli;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.JsonEncoder;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.ConsoleAppender;
import ch.qos.logback.core.encoder.Encoder;
import mms.config.AgentConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Configures Logback from the agent's settings: one appender on standard error, text or JSON.
 * Before a command applies its settings, {@link LogbackDefaults} configures the same appender at
 * WARN.
 */
final class Logging {
    private Logging() {}

    static void configure(AgentConfig.LogLevel level, AgentConfig.LogFormat format) {
        LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
        context.reset();
        configure(context, level, format);
    }

    /** Adds the standard error appender to a fresh {@code context} and sets the levels. */
    static void configure(LoggerContext context, AgentConfig.LogLevel level, AgentConfig.LogFormat format) {
        Encoder<ILoggingEvent> encoder = switch (format) {
            case TEXT -> {
                PatternLayoutEncoder text = new PatternLayoutEncoder();
                // RFC 3339 time with the zone offset pattern ("Z" in UTC, "+01:00" elsewhere), not a to-do marker
                text.setPattern("%d{yyyy-MM-dd'T'HH:mm:ss.SSSXXX} %-5level %msg%n%ex{short}");
                yield text;
            }
            case JSON -> {
                JsonEncoder json = new JsonEncoder();
                json.setWithArguments(false);
                json.setWithFormattedMessage(true);
                json.setWithMessage(false);
                json.setWithSequenceNumber(false);
                json.setWithContext(false);
                json.setWithNanoseconds(false);
                yield json;
            }
        };
        encoder.setContext(context);
        encoder.start();
        ConsoleAppender<ILoggingEvent> appender = new ConsoleAppender<>();
        appender.setContext(context);
        appender.setName("stderr");
        appender.setTarget("System.err");
        appender.setEncoder(encoder);
        appender.start();
        ch.qos.logback.classic.Logger root = context.getLogger(Logger.ROOT_LOGGER_NAME);
        root.addAppender(appender);
        root.setLevel(Level.toLevel(level.name(), Level.INFO));
        // third-party chatter stays at warn unless debugging
        if (level.compareTo(AgentConfig.LogLevel.DEBUG) > 0) {
            context.getLogger("io.nats").setLevel(Level.WARN);
        }
    }
}
