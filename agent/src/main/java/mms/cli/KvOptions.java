package mms.cli;

import java.util.Map;
import mms.config.AgentConfig;
import mms.kv.KeyValueStore;
import mms.kv.KeyValueStores;
import mms.kv.KvException;
import mms.kv.ObjectStorage;
import mms.kv.StoreUrl;
import mms.url.Urls;
import picocli.CommandLine.Mixin;

/**
 * Where {@code mms kv} and {@code mms object} find the store: the agent's own settings
 * ({@code --store}, {@code MMS_STORE}, {@code store} in {@code --config}, default
 * {@code sqlite:<state_dir>/kv.db}), resolved exactly as the agent resolves them, so the CLI and the
 * agent on one host share the store without flags.
 */
final class KvOptions {
    @Mixin
    SettingsOptions.ConfigFile config = new SettingsOptions.ConfigFile();

    @Mixin
    SettingsOptions.Store store = new SettingsOptions.Store();

    /** The resolved agent configuration; see {@link SettingsOptions#resolve}. */
    AgentConfig resolve(Map<String, String> environment) {
        return SettingsOptions.resolve(config, environment, store);
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
            throw new CliException(NEEDS_NATS_STORE + ", the store is " + Urls.redact(settings.url()));
        }
        try (KeyValueStore s = open(settings)) {
            ObjectStorage objects = s.objects().orElseThrow(() -> new CliException(NEEDS_NATS_STORE
                    + ", the store " + s.description() + " has none"));
            return work.apply(objects);
        } catch (KvException e) {
            throw KvOutput.failed(e);
        }
    }

    /**
     * Opens the configured store for {@code command}, which needs a NATS store: any other is refused
     * before it is opened, naming it, so no {@code kv.db} is created on the way.
     */
    KeyValueStore openNats(String command) {
        AgentConfig.StoreSettings settings = resolve(System.getenv()).store();
        if (!StoreUrl.isNats(settings.url())) {
            throw new CliException(command + " needs a NATS store (--store nats://...), the store is "
                    + Urls.redact(settings.url()));
        }
        return open(settings);
    }

    /** Opens the configured store; failures become one-line CLI errors. */
    KeyValueStore open() {
        return open(resolve(System.getenv()).store());
    }

    /** Opens the store of {@code settings}; failures become one-line CLI errors. */
    static KeyValueStore open(AgentConfig.StoreSettings settings) {
        try {
            return KeyValueStores.open(settings.url(), settings.connect());
        } catch (KvException e) {
            throw new CliException("cannot open key-value store " + Urls.redact(settings.url()) + ": "
                    + e.getMessage(), 1, e);
        }
    }
}
