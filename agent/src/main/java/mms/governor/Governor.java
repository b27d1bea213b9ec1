package mms.governor;

import java.util.Objects;
import mms.kv.GovernorStorage;
import mms.kv.KeyValueStore;

/**
 * The governors as the agent's watchers and the {@code mms governor} verbs use them: the governor
 * facet of the one store session, and where their lifecycle events go. Watchers find it among the
 * host's services; it opens no connection of its own.
 *
 * @param storage the store's governors: slots and management
 * @param events  where {@link #announce} delivers lifecycle events
 */
public record Governor(GovernorStorage storage, GovernorEventSink events) {

    /** Checks that nothing is null. */
    public Governor {
        Objects.requireNonNull(storage, "storage");
        Objects.requireNonNull(events, "events");
    }

    /**
     * The governors of {@code store} (collective {@value GovernorStorage#DEFAULT_COLLECTIVE}),
     * announcing to {@code events} and then, on a NATS store, on the event's subject.
     */
    public static Governor of(KeyValueStore store, GovernorEventSink events) {
        return of(store, GovernorStorage.DEFAULT_COLLECTIVE, events);
    }

    /**
     * The governors of {@code store} under another collective, announcing as {@link #of(KeyValueStore, GovernorEventSink)}.
     *
     * @throws IllegalArgumentException when {@code collective} is not a subject token
     */
    public static Governor of(KeyValueStore store, String collective, GovernorEventSink events) {
        return new Governor(store.governors(collective),
                store.messages().map(messages -> events.andThen(GovernorEventSink.publishedOn(messages))).orElse(events));
    }

    /** Delivers a lifecycle event; never throws, because an event must not fail the work it reports. */
    public void announce(GovernorEvent event) {
        events.publishQuietly(event);
    }
}
