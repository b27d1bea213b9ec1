package mms.kv;

import java.util.Optional;

/**
 * The service an engine offers {@link KeyValueStores}: opening stores for the kind of
 * {@link StoreUrl} it serves. Engines are found with {@link java.util.ServiceLoader} (listed in
 * {@code META-INF/services/mms.kv.StoreEngine}), as JDBC finds drivers, so this API package never
 * names an engine and the engines depend on it alone. Implementations need a public no-argument
 * constructor.
 */
public interface StoreEngine {

    /**
     * Opens a store if this engine serves {@code url}'s kind.
     *
     * @param url     the parsed store URL, not null
     * @param options authentication and TLS for engines that connect somewhere, not null
     * @return the open store (close it when done), or empty when another engine serves this kind
     * @throws StoreUnavailable when the store cannot be reached or opened
     * @throws KvException      on other failures
     */
    Optional<KeyValueStore> open(StoreUrl url, ConnectOptions options) throws KvException;
}
