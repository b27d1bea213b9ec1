package mms.kv.jetstream;

import io.nats.client.Connection;
import mms.kv.InvalidName;
import mms.kv.KvException;
import mms.kv.MessagePublisher;
import mms.kv.StoreUnavailable;

/** Core NATS publishing on the store's connection. */
final class JetStreamMessages implements MessagePublisher {
    private final Connection conn;

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
}
