package mms.kv;

import java.util.List;
import java.util.Optional;
import java.util.ServiceLoader;

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
 *
 * <p>The engines are found as {@link StoreEngine} services, so this package does not depend on
 * them; the kv library itself provides both.
 */
public final class KeyValueStores {
    private KeyValueStores() {
    }

    /** Loaded once: the class path does not change while the process runs. */
    private static final class Engines {
        static final List<StoreEngine> ALL = ServiceLoader.load(StoreEngine.class, KeyValueStores.class.getClassLoader())
                .stream().map(ServiceLoader.Provider::get).toList();
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
        StoreUrl parsed = StoreUrl.parse(url);
        for (StoreEngine engine : Engines.ALL) {
            Optional<KeyValueStore> store = engine.open(parsed, options);
            if (store.isPresent()) {
                return store.get();
            }
        }
        // only a class path that lost the kv library's service file gets here
        String kind = switch (parsed) {
            case StoreUrl.Sqlite _ -> "sqlite";
            case StoreUrl.Nats _ -> "nats";
        };
        throw new KvException("no store engine on the class path opens " + kind + " store urls (is META-INF/services/"
                + StoreEngine.class.getName() + " missing from a repackaged jar?)");
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
}
