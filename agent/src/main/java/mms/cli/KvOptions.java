package mms.cli;

import java.nio.file.Path;
import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;
import mms.config.AgentConfig;
import mms.config.ConfigException;
import mms.config.Setting;
import mms.kv.KeyValueStore;
import mms.kv.KeyValueStores;
import mms.kv.KvException;
import mms.kv.ObjectStorage;
import mms.kv.StoreUrl;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * Where {@code mms kv} and {@code mms object} find the store: the agent's own settings
 * ({@code --store}, {@code MMS_STORE}, {@code store} in {@code --config}, default
 * {@code sqlite:<state_dir>/kv.db}), resolved exactly as the agent resolves them, so the CLI and the
 * agent on one host share the store without flags.
 */
final class KvOptions {
    @Option(names = "--config", paramLabel = "FILE",
            description = "agent configuration file (also MMS_CONFIG) holding store settings")
    Path config;

    @Option(names = "--state-dir", paramLabel = "DIR",
            description = "state directory (MMS_STATE_DIR, config 'state_dir'; default /var/lib/mms)")
    String stateDir;

    @Mixin
    AgentOptions.StoreOptions store = new AgentOptions.StoreOptions();

    /** The resolved agent configuration. */
    AgentConfig resolve(Map<String, String> environment) {
        Map<Setting, String> flags = new EnumMap<>(Setting.class);
        if (stateDir != null) {
            flags.put(Setting.STATE_DIR, stateDir);
        }
        store.addTo(flags);
        Optional<Path> file = Optional.ofNullable(config)
                .or(() -> Optional.ofNullable(environment.get("MMS_CONFIG")).filter(s -> !s.isBlank()).map(Path::of));
        try {
            return AgentConfig.resolve(file, environment, flags);
        } catch (ConfigException e) {
            throw new CliException(e.getMessage(), 2, e);
        }
    }

    /** Work done with an open store. */
    @FunctionalInterface
    interface StoreFunction<T> {
        T apply(KeyValueStore store) throws KvException;
    }

    /** Work done with an open store, returning nothing. */
    @FunctionalInterface
    interface StoreAction {
        void run(KeyValueStore store) throws KvException;
    }

    /**
     * Opens the store, applies {@code work} and closes the store: the one place where the
     * {@code mms kv} verbs turn store failures into one-line CLI errors.
     */
    <T> T apply(StoreFunction<T> work) {
        try (KeyValueStore s = open()) {
            return work.apply(s);
        } catch (KvException e) {
            throw KvOutput.failed(e);
        }
    }

    /** {@link #apply} for work that returns nothing. */
    void run(StoreAction work) {
        apply(s -> {
            work.run(s);
            return null;
        });
    }

    /** The error of the {@code mms object} verbs on a store without object storage. */
    static final String NEEDS_NATS_STORE = "object storage needs a NATS store (--store nats://...)";

    /** Work done with the store's object storage. */
    @FunctionalInterface
    interface ObjectsFunction<T> {
        T apply(ObjectStorage objects) throws KvException;
    }

    /**
     * {@link #apply} for the {@code mms object} verbs: applies {@code work} to the store's object
     * storage. A store without one (SQLite) is refused before it is opened, so the message names
     * the reason and no {@code kv.db} is created on the way.
     */
    <T> T applyToObjects(ObjectsFunction<T> work) {
        AgentConfig.StoreSettings settings = resolve(System.getenv()).store();
        if (!StoreUrl.isNats(settings.url())) {
            throw new CliException(NEEDS_NATS_STORE + ", the store is " + KvLazyStore.redact(settings.url()));
        }
        try (KeyValueStore s = open(settings)) {
            ObjectStorage objects = s.objects().orElseThrow(() -> new CliException(NEEDS_NATS_STORE
                    + ", the store " + s.description() + " has none"));
            return work.apply(objects);
        } catch (KvException e) {
            throw KvOutput.failed(e);
        }
    }

    /** Opens the configured store; failures become one-line CLI errors. */
    KeyValueStore open() {
        return open(resolve(System.getenv()).store());
    }

    private static KeyValueStore open(AgentConfig.StoreSettings settings) {
        try {
            return KeyValueStores.open(settings.url(), settings.connect());
        } catch (KvException e) {
            throw new CliException("cannot open key-value store " + KvLazyStore.redact(settings.url()) + ": "
                    + e.getMessage(), 1, e);
        }
    }
}
