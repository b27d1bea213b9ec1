package mms.governor;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.Objects;
import java.util.UUID;
import mms.json.Json;

/**
 * A governor lifecycle event (events.md §4): plain Choria-format JSON, protocol
 * {@code io.choria.lifecycle.v1.governor}, published on
 * {@code choria.lifecycle.event.governor.<component>}.
 *
 * @param id        a fresh UUID v4
 * @param identity  node identity (for CLI evictions the evicted holder's text, as the original)
 * @param component machine name, or {@code CLI}
 * @param timestamp Unix seconds
 * @param governor  governor name after templating
 * @param sequence  slot sequence, 0 when none
 * @param type      what happened
 */
public record GovernorEvent(String id, String identity, String component, long timestamp, String governor,
                            long sequence, GovernorEventType type) {

    /** The protocol string. */
    public static final String PROTOCOL = "io.choria.lifecycle.v1.governor";

    /** Checks that nothing is null. */
    public GovernorEvent {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(identity, "identity");
        Objects.requireNonNull(component, "component");
        Objects.requireNonNull(governor, "governor");
        Objects.requireNonNull(type, "type");
    }

    /** A new event with a random id, stamped {@code now}. */
    public static GovernorEvent of(GovernorEventType type, String identity, String component, String governor,
                                   long sequence, Instant now) {
        return new GovernorEvent(UUID.randomUUID().toString(), identity, component, now.getEpochSecond(),
                governor, sequence, type);
    }

    /** The NATS subject the original publishes it on. */
    public String subject() {
        return "choria.lifecycle.event.governor." + component;
    }

    /** The JSON members in the original's order. */
    public ObjectNode json() {
        ObjectNode o = Json.object();
        o.put("protocol", PROTOCOL);
        o.put("id", id);
        o.put("identity", identity);
        o.put("component", component);
        o.put("timestamp", timestamp);
        o.put("governor", governor);
        o.put("sequence", sequence);
        o.put("event_type", type.wireName());
        return o;
    }

    /** The one-line text form, e.g. {@code [governor] node1: obtained slot 4 on downloads}. */
    public String text() {
        String what = switch (type) {
            case ENTER -> sequence > 0 ? "obtained slot " + sequence + " on " + governor : "obtained slot on " + governor;
            case EXIT -> sequence > 0 ? "vacated slot " + sequence + " on " + governor : "vacated " + governor;
            case TIMEOUTS -> "failed to obtain a slot on " + governor;
            case EVICTION -> sequence > 0 ? "evicted from slot " + sequence + " on " + governor : "evicted from " + governor;
        };
        return "[governor] " + identity + ": " + what;
    }
}
