package mms.kv;

import mms.kv.jetstream.JetStreamEngine;
import mms.kv.sqlite.SqliteEngine;

/**
 * Opens a {@link KeyValueStore} from a store URL ({@link StoreUrl}).
 *
 * <ul>
 *   <li>{@code sqlite:PATH} — the embedded engine on the database file {@code PATH} (absolute or
 *       relative to the working directory), created with its parent directories when missing.
 *       There is no default path here: the caller decides (the agent uses a file in its state
 *       directory) so that the agent and the CLI agree on one file.</li>
 *   <li>{@code nats://host:port[,nats://host2:port...]} — NATS JetStream KV on the listed servers
 *       (any one is enough; the rest are tried on connect and reconnect). {@code tls://} URLs
 *       require TLS; {@code user:password@} in a URL is passed to NATS. Authentication and TLS
 *       files come from {@link ConnectOptions}.</li>
 * </ul>
 */
public final class KeyValueStores {
    private KeyValueStores() {
    }

    /**
     * Opens a store.
     *
     * @param url     a store URL as described above, not null
     * @param options authentication and TLS for NATS ({@link ConnectOptions#NONE} for none), not null
     * @return the open store; close it when done
     * @throws InvalidName      when the URL is malformed (the message names it)
     * @throws StoreUnavailable when the database cannot be opened or no server can be reached
     * @throws KvException      on other failures
     */
    public static KeyValueStore open(String url, ConnectOptions options) throws KvException {
        return connect(url, options);
    }

    /**
     * A store that connects on first use and again after a failed connect: what an agent holds,
     * because it must start (and keep its machines running) while its NATS servers are down or its
     * state directory is not writable yet. Every facet (buckets, watches, object storage,
     * governors, messages) goes through the one connection it opens. The URL is checked now, so a
     * malformed one is refused at start rather than on first use.
     *
     * @param url     a store URL as described above, not null
     * @param options authentication and TLS for NATS ({@link ConnectOptions#NONE} for none), not null
     * @return the store; close it when done
     * @throws InvalidName when the URL is malformed (the message names it)
     */
    public static KeyValueStore openLazily(String url, ConnectOptions options) throws InvalidName {
        return new LazyStore(url, options);
    }

    private static KeyValueStore connect(String url, ConnectOptions options) throws KvException {
        return switch (StoreUrl.parse(url)) {
            case StoreUrl.Sqlite sqlite -> SqliteEngine.open(sqlite.file());
            case StoreUrl.Nats nats -> JetStreamEngine.connect(nats.servers(), options);
        };
    }
}
