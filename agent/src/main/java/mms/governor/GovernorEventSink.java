package mms.governor;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Where governor lifecycle events go. Called on the thread that produced the event: must be quick
 * and must not throw.
 */
@FunctionalInterface
public interface GovernorEventSink {

    /** Delivers one event. */
    void publish(GovernorEvent event);

    /** Logs each event's text form at INFO on logger {@code mms.events}. */
    static GovernorEventSink log() {
        Logger log = LoggerFactory.getLogger("mms.events");
        return event -> log.info("{}", event.text());
    }

    /**
     * Delivers one event; a failing sink is logged, not thrown, because an event must never fail
     * the work it reports.
     */
    default void publishQuietly(GovernorEvent event) {
        try {
            publish(event);
        } catch (RuntimeException e) {
            LoggerFactory.getLogger(GovernorEventSink.class)
                    .warn("governor {}: lifecycle event sink failed: {}", event.governor(), e.toString());
        }
    }

    /** Delivers to this sink, then to {@code next}. */
    default GovernorEventSink andThen(GovernorEventSink next) {
        return event -> {
            publish(event);
            next.publish(event);
        };
    }
}
