package mms.kv;

import java.util.Map;

/**
 * Core NATS messages on the store's own connection, both ways: publishing notices other clients of
 * the store read (machine events, governor lifecycle events) and subscribing to those of every
 * node ({@code mms machine watch}). Obtain it from {@link KeyValueStore#messages()}; only NATS
 * stores have one. No second connection is ever opened for it. Thread safe; valid as long as its
 * store is open.
 */
public interface Messages extends MessagePublisher {

    /**
     * Publishes a core NATS message with headers, otherwise as {@link #publish(String, byte[])}.
     * Headers are for the receivers (a JetStream stream that stores the subject keeps them with
     * the message); nothing here interprets them.
     *
     * @param subject the subject, e.g. {@code $KV.CHORIA_SERVICES.lon.http.web.7f0c}; not blank, no spaces
     * @param headers header names and values, sent in the map's order; not null, empty for none
     * @param body    the payload, not null
     * @throws InvalidName      when the subject or a header name is not valid in NATS
     * @throws StoreUnavailable when the store is closed or the reconnect buffer is full
     */
    void publish(String subject, Map<String, String> headers, byte[] body) throws KvException;

    /**
     * Subscribes to core NATS messages: a plain subscription (no queue group), so every subscriber
     * gets every message published while it is subscribed; nothing is replayed. The subscription
     * survives reconnects: the client subscribes again on the new connection, and messages
     * published meanwhile are not delivered. When this returns while connected, the server has the
     * subscription, so a message published afterwards is delivered.
     *
     * <p>Handlers of one store run on one delivery thread, one message at a time, in the order
     * the messages arrived: keep them quick. A handler that throws is logged; later messages are
     * still delivered. A subscriber that falls far behind loses messages (the client's limit of
     * pending messages), which is logged.
     *
     * @param subject the subject, wildcards allowed, e.g. {@code choria.machine.watcher.*.state}; not blank, no spaces
     * @param handler called with each message, not null
     * @return the subscription; close it to stop receiving (closing the store ends it too)
     * @throws InvalidName      when the subject is not a valid NATS subject
     * @throws StoreUnavailable when the store is closed or cannot be reached
     */
    Subscription subscribe(String subject, Handler handler) throws KvException;

    /** Receives the messages of a {@link #subscribe subscription}. */
    @FunctionalInterface
    interface Handler {

        /**
         * Called with one message.
         *
         * @param subject the subject it was published on (not the subscription's pattern), never null
         * @param body    the payload, never null, possibly empty
         */
        void onMessage(String subject, byte[] body);

        /**
         * Called with one message and its headers, such as those JetStream adds to the messages it
         * republishes ({@code Nats-Stream}, {@code Nats-Sequence}, …). The default ignores the
         * headers and calls {@link #onMessage(String, byte[])}.
         *
         * @param subject the subject it was published on, never null
         * @param headers the first value of each header, by its exact name; empty when it has none; never null
         * @param body    the payload, never null, possibly empty
         */
        default void onMessage(String subject, Map<String, String> headers, byte[] body) {
            onMessage(subject, body);
        }
    }

    /** A running subscription. */
    interface Subscription extends AutoCloseable {

        /** Stops receiving; idempotent, never throws. */
        @Override
        void close();
    }
}
