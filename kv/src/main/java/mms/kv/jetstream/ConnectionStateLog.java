package mms.kv.jetstream;

import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.Optional;
import mms.time.FailureSeries;
import org.slf4j.Logger;

/**
 * What an operator sees of a NATS connection: each change of state once (lost, reconnected,
 * closed, naming the server), and while it stays lost a reminder after {@link #FIRST_REMINDER},
 * then every {@link #REMINDER_EVERY}, instead of a line for every reconnect attempt. jnats reports
 * every failed attempt as another {@code DISCONNECTED}; those are DEBUG here, and they are also
 * what paces the reminders (the reconnect backoff is at most a few seconds, so a reminder is at
 * most that late). A first connect that fails is no outage: the open reports it.
 *
 * <p>Thread-safe: jnats calls listeners from its own threads.
 */
final class ConnectionStateLog {
    static final Duration FIRST_REMINDER = Duration.ofMinutes(1);
    static final Duration REMINDER_EVERY = Duration.ofMinutes(5);

    private final Logger log;
    private final String description;
    private final InstantSource time;

    // guarded by this
    private Optional<String> server = Optional.empty();
    /** The outage: its first failure is the loss, each further one a failed reconnect attempt. */
    private final FailureSeries outage = new FailureSeries(FIRST_REMINDER, REMINDER_EVERY);
    private boolean closing;

    /**
     * @param log         where the lines go
     * @param description the store's redacted server list, named before a server was reached
     * @param time        the clock that paces reminders
     */
    ConnectionStateLog(Logger log, String description, InstantSource time) {
        this.log = log;
        this.description = description;
        this.time = time;
    }

    /** The connection is up, on {@code url} (redacted). */
    synchronized void connected(String url) {
        server = Optional.of(url);
        Optional<Instant> lostAt = outage.since();
        long attempts = reconnectAttempts();
        if (outage.succeeded()) {
            log.info("nats connection to {} restored after {} ({} failed reconnect attempts)", url,
                    format(Duration.between(lostAt.orElseThrow(), time.instant())), attempts);
        } else {
            log.debug("nats connection to {} established", url);
        }
    }

    /** The connection is down: the first time since it was up a warning, then DEBUG and slow reminders. */
    synchronized void disconnected() {
        if (server.isEmpty() || closing) {
            // a first connect that fails is reported by the exception of the open, once per open
            log.debug("nats connection to {} {}", server.orElse(description), closing ? "ended by close" : "not established");
            return;
        }
        Instant now = time.instant();
        String where = server.get();
        switch (outage.failed(where, now)) {
            case NEW -> log.warn("nats connection to {} lost, reconnecting", where);
            case REMINDER -> log.warn("nats connection to {} still lost after {} ({} failed reconnect attempts), reconnecting",
                    where, format(Duration.between(outage.since().orElseThrow(), now)), reconnectAttempts());
            case QUIET -> log.debug("nats connection to {}: reconnect attempt {} failed", where, reconnectAttempts());
        }
    }

    private long reconnectAttempts() {
        return Math.max(0, outage.failures() - 1);
    }

    /** The store is closing its connection: what jnats reports from now on is expected. */
    synchronized void closing() {
        closing = true;
    }

    /** The connection was closed for good. */
    synchronized void closed() {
        if (closing || server.isEmpty()) {
            log.debug("nats connection to {} closed", server.orElse(description));
        } else {
            log.info("nats connection to {} closed", server.orElse(description));
        }
    }

    /** {@code 45s}, {@code 6m}, {@code 1h5m}: whole seconds, as an operator reads them. */
    static String format(Duration d) {
        long s = Math.max(0, d.toSeconds());
        StringBuilder out = new StringBuilder();
        if (s >= 3600) {
            out.append(s / 3600).append('h');
        }
        if (s % 3600 >= 60) {
            out.append(s % 3600 / 60).append('m');
        }
        if (s % 60 != 0 || s == 0) {
            out.append(s % 60).append('s');
        }
        return out.toString();
    }
}
