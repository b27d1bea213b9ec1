package mms.kv;

/**
 * Fire-and-forget messages on the store's own connection, for notices that other clients of the
 * store subscribe to, such as governor lifecycle events on their NATS subjects: the publishing
 * half of {@link Messages}, which {@link KeyValueStore#messages()} returns (only NATS stores have
 * one), and what a component that only publishes takes. Thread safe; valid as long as its store is
 * open.
 */
public interface MessagePublisher {

    /**
     * Publishes a core NATS message: no acknowledgement, no persistence, nobody may be listening.
     * While the connection is re-established the message waits in the client's reconnect buffer.
     *
     * @param subject the subject, e.g. {@code choria.lifecycle.event.governor.web}; not blank, no spaces
     * @param body    the payload, not null
     * @throws InvalidName      when the subject is not a valid NATS subject
     * @throws StoreUnavailable when the store is closed or the reconnect buffer is full
     */
    void publish(String subject, byte[] body) throws KvException;
}
