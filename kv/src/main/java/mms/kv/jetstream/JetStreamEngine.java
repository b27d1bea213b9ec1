package mms.kv.jetstream;

import java.util.List;
import mms.kv.ConnectOptions;
import mms.kv.KeyValueStore;
import mms.kv.KvException;

/** Connects JetStream-backed stores; see the package documentation for the mapping. */
public final class JetStreamEngine {
    private JetStreamEngine() {
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
