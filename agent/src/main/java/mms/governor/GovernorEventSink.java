package mms.governor;

import java.nio.charset.StandardCharsets;
import java.util.Objects;
import mms.json.Json;
import mms.kv.KvException;
import mms.kv.MessagePublisher;
import mms.kv.StoreUnavailable;
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
     * Publishes each event's JSON on its NATS subject ({@link GovernorEvent#subject()}) through a
     * store's messages, as the original does. A failure is logged, not thrown: at DEBUG when the
     * store cannot be reached, which whoever needed the store reports already, at WARN otherwise.
     */
    static GovernorEventSink publishedOn(MessagePublisher messages) {
        Objects.requireNonNull(messages, "messages");
        return event -> {
            try {
                messages.publish(event.subject(), Json.write(event.json()).getBytes(StandardCharsets.UTF_8));
            } catch (StoreUnavailable e) {
                LoggerFactory.getLogger(GovernorEventSink.class)
                        .debug("governor {}: lifecycle event not published: {}", event.governor(), e.getMessage());
            } catch (KvException e) {
                LoggerFactory.getLogger(GovernorEventSink.class)
                        .warn("governor {}: could not publish lifecycle event: {}", event.governor(), e.getMessage());
            }
        };
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
