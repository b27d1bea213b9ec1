package mms.kv.jetstream;

import io.nats.client.Connection;
import io.nats.client.Dispatcher;
import io.nats.client.impl.Headers;
import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.TimeoutException;
import mms.kv.InvalidName;
import mms.kv.KvException;
import mms.kv.Messages;
import mms.kv.StoreUnavailable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Core NATS messages on the store's connection. Subscriptions share one jnats {@link Dispatcher}
 * (one delivery thread per store, made on the first subscription), so handlers see the messages of
 * all their subjects in arrival order.
 */
final class JetStreamMessages implements Messages {
    private static final Logger LOG = LoggerFactory.getLogger(JetStreamMessages.class);
    /** How long {@link #subscribe} waits for the server to confirm a subscription. */
    private static final Duration SUBSCRIBE_FLUSH = Duration.ofSeconds(5);

    private final Connection conn;
    private Dispatcher dispatcher;

    JetStreamMessages(Connection conn) {
        this.conn = conn;
    }

    @Override
    public void publish(String subject, byte[] body) throws KvException {
        try {
            conn.publish(subject, body);
        } catch (IllegalArgumentException e) {
            throw new InvalidName("cannot publish to '" + subject + "': " + e.getMessage(), e);
        } catch (IllegalStateException e) {
            // closed connection, or the reconnect buffer is full
            throw new StoreUnavailable("cannot publish to " + subject + ": " + e.getMessage(), e);
        }
    }

    @Override
    public void publish(String subject, Map<String, String> headers, byte[] body) throws KvException {
        Headers natsHeaders = new Headers();
        try {
            headers.forEach(natsHeaders::add);
            conn.publish(subject, natsHeaders, body);
        } catch (IllegalArgumentException e) {
            throw new InvalidName("cannot publish to '" + subject + "' with headers " + headers.keySet() + ": "
                    + e.getMessage(), e);
        } catch (IllegalStateException e) {
            throw new StoreUnavailable("cannot publish to " + subject + ": " + e.getMessage(), e);
        }
    }

    @Override
    public Subscription subscribe(String subject, Handler handler) throws KvException {
        Objects.requireNonNull(handler, "handler");
        io.nats.client.Subscription subscription;
        Dispatcher d;
        try {
            d = dispatcher();
            subscription = d.subscribe(subject, message -> deliver(subject, handler, message));
        } catch (IllegalArgumentException e) {
            throw new InvalidName("cannot subscribe to '" + subject + "': " + e.getMessage(), e);
        } catch (IllegalStateException e) {
            throw new StoreUnavailable("cannot subscribe to " + subject + ": " + e.getMessage(), e);
        }
        confirm(subject);
        return () -> {
            try {
                d.unsubscribe(subscription);
            } catch (IllegalStateException e) {
                // the connection or the dispatcher is closed: nothing is subscribed any more
                LOG.debug("subscription to {} already ended: {}", subject, e.getMessage());
            }
        };
    }

    private synchronized Dispatcher dispatcher() {
        if (dispatcher == null) {
            dispatcher = conn.createDispatcher();
        }
        return dispatcher;
    }

    /**
     * A round trip to the server, so that messages published after {@link #subscribe} returns are
     * delivered. While disconnected there is nothing to wait for: the client subscribes again when
     * it reconnects.
     */
    private void confirm(String subject) throws StoreUnavailable {
        if (conn.getStatus() != Connection.Status.CONNECTED) {
            return;
        }
        try {
            conn.flush(SUBSCRIBE_FLUSH);
        } catch (TimeoutException e) {
            LOG.debug("server did not confirm the subscription to {} within {}: {}", subject, SUBSCRIBE_FLUSH,
                    e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StoreUnavailable("interrupted while subscribing to " + subject, e);
        }
    }

    private static void deliver(String pattern, Handler handler, io.nats.client.Message message) {
        byte[] body = message.getData();
        Map<String, String> headers = new LinkedHashMap<>();
        Headers received = message.getHeaders();
        if (received != null) {
            for (String name : received.keySet()) {
                String first = received.getFirst(name);
                if (first != null) {
                    headers.put(name, first);
                }
            }
        }
        try {
            handler.onMessage(message.getSubject(), Collections.unmodifiableMap(headers), body == null ? new byte[0] : body);
        } catch (RuntimeException e) {
            LOG.warn("handler of the subscription to {} failed on a message on {}: {}", pattern,
                    message.getSubject(), e.toString());
        }
    }
}
