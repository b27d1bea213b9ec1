package mms.cli;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.Configurator.ExecutionStatus;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;

class LogbackDefaultsTest {
    private final LoggerContext context = new LoggerContext();

    @AfterEach
    void clearProperty() {
        System.clearProperty(LogbackDefaults.FORCE_PROPERTY);
        context.stop();
    }

    @Test
    void leavesTheTestsConfigurationFileToLogback() {
        // the test class path holds a logback-test.xml
        assertThat(new LogbackDefaults().configure(context)).isEqualTo(ExecutionStatus.INVOKE_NEXT_IF_ANY);
        assertThat(context.getLogger(Logger.ROOT_LOGGER_NAME).getAppender("stderr")).isNull();
    }

    @Test
    void logsWarningsToStandardErrorWhenForced() {
        System.setProperty(LogbackDefaults.FORCE_PROPERTY, "true");

        assertThat(new LogbackDefaults().configure(context)).isEqualTo(ExecutionStatus.DO_NOT_INVOKE_NEXT_IF_ANY);

        ch.qos.logback.classic.Logger root = context.getLogger(Logger.ROOT_LOGGER_NAME);
        assertThat(root.getLevel()).isEqualTo(Level.WARN);
        assertThat(root.getAppender("stderr")).isNotNull();
        assertThat(context.getLogger("io.nats").getLevel()).isEqualTo(Level.WARN);
    }
}
