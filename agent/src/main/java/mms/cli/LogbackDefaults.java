package mms.cli;

import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.Configurator;
import ch.qos.logback.core.spi.ContextAwareBase;
import mms.config.AgentConfig;

/**
 * Logback's configuration until a command applies its own settings: warnings and errors on
 * standard error, as text. Found by Logback through {@code META-INF/services}; it replaces a
 * {@code logback.xml}, whose XML parsing cost every command tens of milliseconds at start.
 *
 * <p>A configuration file named by {@code -Dlogback.configurationFile}, or a
 * {@code logback-test.xml} on the class path (the tests'), still wins: Logback then reads it as
 * usual. {@code -Dmms.log.defaults=true} keeps these defaults even then, for programs run from the
 * test classes that should log as the agent does (the benchmarks).
 */
public final class LogbackDefaults extends ContextAwareBase implements Configurator {
    /** The system property that keeps these defaults over a {@code logback-test.xml}. */
    static final String FORCE_PROPERTY = "mms.log.defaults";

    /** Called by Logback's service loader. */
    public LogbackDefaults() {}

    @Override
    public ExecutionStatus configure(LoggerContext context) {
        boolean testConfiguration = !Boolean.getBoolean(FORCE_PROPERTY)
                && LogbackDefaults.class.getClassLoader().getResource("logback-test.xml") != null;
        if (System.getProperty("logback.configurationFile") != null || testConfiguration) {
            return ExecutionStatus.INVOKE_NEXT_IF_ANY;
        }
        Logging.configure(context, AgentConfig.LogLevel.WARN, AgentConfig.LogFormat.TEXT);
        return ExecutionStatus.DO_NOT_INVOKE_NEXT_IF_ANY;
    }
}
