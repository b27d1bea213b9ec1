package mms.kv.jetstream;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicReference;
import mms.kv.testing.LogCapture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

class ConnectionStateLogTest {
    static final String LOGGER = ConnectionStateLogTest.class.getName();
    static final String URL = "nats://127.0.0.1:4222";

    final AtomicReference<Instant> now = new AtomicReference<>(Instant.parse("2026-01-01T00:00:00Z"));
    final LogCapture log = LogCapture.of(LOGGER, Level.DEBUG);
    final ConnectionStateLog states = new ConnectionStateLog(LoggerFactory.getLogger(LOGGER), "nats://a:4222,nats://b:4222", now::get);

    @AfterEach
    void stopCapture() {
        log.close();
    }

    /** One failed reconnect attempt every {@code every} until {@code until} from now. */
    void attemptsFor(Duration until, Duration every) {
        Instant end = now.get().plus(until);
        while (now.get().isBefore(end)) {
            now.set(now.get().plus(every));
            states.disconnected();
        }
    }

    @Test
    void saysOnceThatTheConnectionIsLostThenRemindsAfterAMinuteAndEveryFiveMinutes() {
        states.connected(URL);
        states.disconnected();
        attemptsFor(Duration.ofMinutes(12), Duration.ofSeconds(5));
        states.connected(URL);

        assertThat(log.messages(Level.INFO)).containsExactly(
                "nats connection to " + URL + " lost, reconnecting",
                "nats connection to " + URL + " still lost after 1m (12 failed reconnect attempts), reconnecting",
                "nats connection to " + URL + " still lost after 6m (72 failed reconnect attempts), reconnecting",
                "nats connection to " + URL + " still lost after 11m (132 failed reconnect attempts), reconnecting",
                "nats connection to " + URL + " restored after 12m (144 failed reconnect attempts)");
        assertThat(log.messagesAt(Level.DEBUG)).hasSize(1 + 144 - 3)
                .contains("nats connection to " + URL + ": reconnect attempt 1 failed");
    }

    @Test
    void aSecondOutageIsAnnouncedAgainAndCountsFromItsOwnStart() {
        states.connected(URL);
        states.disconnected();
        attemptsFor(Duration.ofSeconds(30), Duration.ofSeconds(5));
        states.connected(URL);
        states.disconnected();
        attemptsFor(Duration.ofSeconds(50), Duration.ofSeconds(5));
        states.connected("nats://127.0.0.1:4223");

        assertThat(log.messages(Level.INFO)).containsExactly(
                "nats connection to " + URL + " lost, reconnecting",
                "nats connection to " + URL + " restored after 30s (6 failed reconnect attempts)",
                "nats connection to " + URL + " lost, reconnecting",
                "nats connection to nats://127.0.0.1:4223 restored after 50s (10 failed reconnect attempts)");
    }

    @Test
    void aFirstConnectThatFailsIsNoOutage() {
        // jnats reports a failed Nats.connect as disconnected and closed; the open's exception says it
        states.disconnected();
        states.closed();

        assertThat(log.messages(Level.INFO)).isEmpty();
        assertThat(log.messagesAt(Level.DEBUG)).containsExactly(
                "nats connection to nats://a:4222,nats://b:4222 not established",
                "nats connection to nats://a:4222,nats://b:4222 closed");
    }

    @Test
    void closingTheStoreIsNoOutage() {
        states.connected(URL);
        states.closing();
        states.disconnected();
        states.closed();

        assertThat(log.messages(Level.INFO)).isEmpty();
    }

    @Test
    void formatsDurationsAsAnOperatorReadsThem() {
        assertThat(ConnectionStateLog.format(Duration.ZERO)).isEqualTo("0s");
        assertThat(ConnectionStateLog.format(Duration.ofMillis(45_900))).isEqualTo("45s");
        assertThat(ConnectionStateLog.format(Duration.ofMinutes(6))).isEqualTo("6m");
        assertThat(ConnectionStateLog.format(Duration.ofSeconds(3905))).isEqualTo("1h5m5s");
        assertThat(ConnectionStateLog.format(Duration.ofHours(2))).isEqualTo("2h");
    }
}
