package mms.cli;

import java.nio.file.Path;
import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;
import mms.config.AgentConfig;
import mms.config.ConfigException;
import mms.config.Setting;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** The agent settings as flags, shared by the commands that run machines. */
final class AgentOptions {
    @Option(names = "--config", paramLabel = "FILE",
            description = "YAML configuration file (also MMS_CONFIG); flags and MMS_* variables override it")
    Path config;

    @Option(names = "--machines", paramLabel = "DIR",
            description = "machines directory (MMS_MACHINES, config 'machines'; default /etc/mms/machines)")
    String machines;

    @Option(names = "--identity", paramLabel = "NAME",
            description = "node identity (MMS_IDENTITY, config 'identity'; default: the host name)")
    String identity;

    @Option(names = "--facts", paramLabel = "FILE",
            description = "facts file, JSON or YAML (MMS_FACTS, config 'facts')")
    String facts;

    @Option(names = "--log-level", paramLabel = "LEVEL",
            description = "trace, debug, info, warn, error (MMS_LOG_LEVEL, config 'log_level'; default info)")
    String logLevel;

    @Option(names = "--log-format", paramLabel = "FORMAT",
            description = "text or json (MMS_LOG_FORMAT, config 'log_format'; default text)")
    String logFormat;

    @Option(names = "--events-file", paramLabel = "FILE",
            description = "append events as CloudEvents JSON lines (MMS_EVENTS_FILE, config 'events_file')")
    String eventsFile;

    @Option(names = "--signing-key", paramLabel = "KEY",
            description = "ed25519 public key (hex or key file) machines specifications must be signed with"
                    + " (MMS_SIGNING_KEY, config 'signing_key')")
    String signingKey;

    @Option(names = "--allow-unsigned", arity = "0..1", fallbackValue = "true", paramLabel = "BOOL",
            description = "with no public key configured, apply machines specifications without checking any"
                    + " signature (MMS_ALLOW_UNSIGNED, config 'allow_unsigned'; default false: refused)")
    String allowUnsigned;

    @Option(names = "--manage", arity = "0..1", fallbackValue = "true", paramLabel = "BOOL",
            description = "run the built-in manager machine that deploys the signed specification"
                    + " (MMS_MANAGE, config 'manage'; default false)")
    String manage;

    @Option(names = "--manage-bucket", paramLabel = "BUCKET",
            description = "bucket of the signed specification (MMS_MANAGE_BUCKET, config 'manage_bucket'; default MACHINES)")
    String manageBucket;

    @Option(names = "--manage-key", paramLabel = "KEY",
            description = "key of the signed specification (MMS_MANAGE_KEY, config 'manage_key'; default machines)")
    String manageKey;

    @Option(names = "--manage-interval", paramLabel = "DURATION",
            description = "safety-net re-check period; changes apply at once (MMS_MANAGE_INTERVAL, config"
                    + " 'manage_interval'; default 1m)")
    String manageInterval;

    @Option(names = "--manage-purge", arity = "0..1", fallbackValue = "true", paramLabel = "BOOL",
            description = "remove machines not in the specification (MMS_MANAGE_PURGE, config 'manage_purge';"
                    + " default true)")
    String managePurge;

    @Option(names = "--state-dir", paramLabel = "DIR",
            description = "state directory (MMS_STATE_DIR, config 'state_dir'; default /var/lib/mms)")
    String stateDir;

    @Mixin
    StoreOptions store = new StoreOptions();

    /** The key-value store flags, also used alone by {@code mms kv}. */
    static final class StoreOptions {
        @Option(names = "--store", paramLabel = "URL",
                description = "key-value store: sqlite:PATH, or nats://host:port with further servers after commas "
                        + "(MMS_STORE, config 'store'; default sqlite:<state_dir>/kv.db)")
        String store;

        @Option(names = "--store-credentials", paramLabel = "FILE",
                description = "NATS credentials file for the store (MMS_STORE_CREDENTIALS, config 'store_credentials')")
        String credentials;

        @Option(names = "--store-nkey", paramLabel = "FILE",
                description = "NATS NKey seed file for the store (MMS_STORE_NKEY, config 'store_nkey')")
        String nkey;

        @Option(names = "--store-user", paramLabel = "USER",
                description = "NATS user for the store (MMS_STORE_USER, config 'store_user')")
        String user;

        @Option(names = "--store-password", paramLabel = "PASSWORD",
                description = "NATS password for the store; prefer MMS_STORE_PASSWORD or the config file")
        String password;

        @Option(names = "--store-token", paramLabel = "TOKEN",
                description = "NATS token for the store; prefer MMS_STORE_TOKEN or the config file")
        String token;

        @Option(names = "--store-tls-ca", paramLabel = "FILE",
                description = "PEM CAs trusted for the store (MMS_STORE_TLS_CA, config 'store_tls_ca')")
        String tlsCa;

        @Option(names = "--store-tls-cert", paramLabel = "FILE",
                description = "PEM client certificate for the store (MMS_STORE_TLS_CERT, config 'store_tls_cert')")
        String tlsCert;

        @Option(names = "--store-tls-key", paramLabel = "FILE",
                description = "PEM PKCS#8 key of the client certificate (MMS_STORE_TLS_KEY, config 'store_tls_key')")
        String tlsKey;

        void addTo(Map<Setting, String> flags) {
            put(flags, Setting.STORE, store);
            put(flags, Setting.STORE_CREDENTIALS, credentials);
            put(flags, Setting.STORE_NKEY, nkey);
            put(flags, Setting.STORE_USER, user);
            put(flags, Setting.STORE_PASSWORD, password);
            put(flags, Setting.STORE_TOKEN, token);
            put(flags, Setting.STORE_TLS_CA, tlsCa);
            put(flags, Setting.STORE_TLS_CERT, tlsCert);
            put(flags, Setting.STORE_TLS_KEY, tlsKey);
        }
    }

    AgentConfig resolve(Map<String, String> environment) {
        Map<Setting, String> flags = new EnumMap<>(Setting.class);
        put(flags, Setting.MACHINES, machines);
        put(flags, Setting.IDENTITY, identity);
        put(flags, Setting.FACTS, facts);
        put(flags, Setting.LOG_LEVEL, logLevel);
        put(flags, Setting.LOG_FORMAT, logFormat);
        put(flags, Setting.EVENTS_FILE, eventsFile);
        put(flags, Setting.SIGNING_KEY, signingKey);
        put(flags, Setting.ALLOW_UNSIGNED, allowUnsigned);
        put(flags, Setting.STATE_DIR, stateDir);
        put(flags, Setting.MANAGE, manage);
        put(flags, Setting.MANAGE_BUCKET, manageBucket);
        put(flags, Setting.MANAGE_KEY, manageKey);
        put(flags, Setting.MANAGE_INTERVAL, manageInterval);
        put(flags, Setting.MANAGE_PURGE, managePurge);
        store.addTo(flags);
        Optional<Path> file = Optional.ofNullable(config)
                .or(() -> Optional.ofNullable(environment.get("MMS_CONFIG")).filter(s -> !s.isBlank()).map(Path::of));
        try {
            return AgentConfig.resolve(file, environment, flags);
        } catch (ConfigException e) {
            throw new CliException(e.getMessage(), 2, e);
        }
    }

    private static void put(Map<Setting, String> flags, Setting setting, String value) {
        if (value != null) {
            flags.put(setting, value);
        }
    }
}
