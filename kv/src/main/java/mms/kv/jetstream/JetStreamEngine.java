package mms.kv.jetstream;

import java.util.List;
import java.util.Optional;
import mms.kv.ConnectOptions;
import mms.kv.KeyValueStore;
import mms.kv.KvException;
import mms.kv.StoreEngine;
import mms.kv.StoreUrl;

/**
 * Connects JetStream-backed stores; see the package documentation for the mapping. As a
 * {@link StoreEngine} service it serves {@code nats://} and {@code tls://} URLs.
 */
public final class JetStreamEngine implements StoreEngine {
    /** For {@link java.util.ServiceLoader}; use {@link #connect} to connect directly. */
    public JetStreamEngine() {
    }

    /** {@inheritDoc} Serves {@link StoreUrl.Nats}. */
    @Override
    public Optional<KeyValueStore> open(StoreUrl url, ConnectOptions options) throws KvException {
        return url instanceof StoreUrl.Nats nats ? Optional.of(connect(nats.servers(), options)) : Optional.empty();
    }

    /**
     * Connects to NATS.
     *
     * @param servers server URLs ({@code nats://host:port} or {@code tls://host:port}), at least one
     * @param options authentication and TLS, not null
     * @return the store; close it when done
     * @throws mms.kv.StoreUnavailable when no server can be reached or authentication fails
     * @throws KvException             when a credentials, seed or TLS file cannot be read
     */
    public static KeyValueStore connect(List<String> servers, ConnectOptions options) throws KvException {
        return JetStreamStore.connect(servers, options);
    }
}
