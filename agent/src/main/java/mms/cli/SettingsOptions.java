package mms.cli;

import java.nio.file.Path;
import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;
import mms.config.AgentConfig;
import mms.config.ConfigException;
import mms.config.Setting;
import picocli.CommandLine.Option;

/**
 * The agent's settings as flags, in the groups commands take as they need them ({@code mms kv}
 * the configuration file and the store, {@code mms machine match} the configuration file and the
 * node, {@code mms agent} all of them). Whatever the group, a setting has the same flag, the same
 * {@code MMS_*} variable and the same key in the {@code --config} file, and every command resolves
 * them through {@link #resolve}: flags over variables over the file over defaults, exactly as the
 * agent does, so the CLI and the agent on one host agree without flags.
 */
final class SettingsOptions {

    private SettingsOptions() {}

    /** A group of flags: puts the settings given on the command line into {@code flags}. */
    interface Group {
        void addTo(Map<Setting, String> flags);
    }

    /** {@code --config FILE}, else {@code MMS_CONFIG}. */
    static final class ConfigFile {
        @Option(names = "--config", paramLabel = "FILE",
                description = "agent configuration file, YAML (MMS_CONFIG); flags and MMS_* variables override it")
        Path file;

        Optional<Path> file(Map<String, String> environment) {
            return Optional.ofNullable(file)
                    .or(() -> Optional.ofNullable(environment.get("MMS_CONFIG")).filter(s -> !s.isBlank()).map(Path::of));
        }
    }

    /** Where the key-value store is and how to reach it. */
    static final class Store implements Group {
        @Option(names = "--state-dir", paramLabel = "DIR",
                description = "state directory (MMS_STATE_DIR, config 'state_dir'; default /var/lib/mms)")
        String stateDir;

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

        @Override
        public void addTo(Map<Setting, String> flags) {
            put(flags, Setting.STATE_DIR, stateDir);
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

    /** Who this node is: what matchers, templates and events see. */
    static final class Node implements Group {
        @Option(names = "--identity", paramLabel = "NAME",
                description = "node identity (MMS_IDENTITY, config 'identity'; default: the host name)")
        String identity;

        @Option(names = "--facts", paramLabel = "FILE",
                description = "facts file, JSON or YAML (MMS_FACTS, config 'facts')")
        String facts;

        @Override
        public void addTo(Map<Setting, String> flags) {
            put(flags, Setting.IDENTITY, identity);
            put(flags, Setting.FACTS, facts);
        }
    }

    /** Which specifications this node trusts. */
    static final class Trust implements Group {
        @Option(names = "--signing-key", paramLabel = "KEY",
                description = "ed25519 public key (hex or key file) machines specifications must be signed with"
                        + " (MMS_SIGNING_KEY, config 'signing_key')")
        String signingKey;

        @Option(names = "--allow-unsigned", arity = "0..1", fallbackValue = "true", paramLabel = "BOOL",
                description = "with no public key configured, apply machines specifications without checking any"
                        + " signature (MMS_ALLOW_UNSIGNED, config 'allow_unsigned'; default false: refused)")
        String allowUnsigned;

        @Option(names = "--trust-file", paramLabel = "FILE",
                description = "self-signed trust document whose keys and threshold machines specifications must be"
                        + " signed with (MMS_TRUST_FILE, config 'trust_file'); takes precedence over --signing-key")
        String trustFile;

        @Option(names = "--allow-legacy", arity = "0..1", fallbackValue = "true", paramLabel = "BOOL",
                description = "accept specifications in the original's format (MMS_ALLOW_LEGACY, config 'allow_legacy';"
                        + " default true under a signing key, false under a trust document)")
        String allowLegacy;

        @Option(names = "--audience", paramLabel = "NAME",
                description = "this node's audience: versioned specifications for another are refused (MMS_AUDIENCE,"
                        + " config 'audience'; default <manage_bucket>/<manage_key>)")
        String audience;

        @Override
        public void addTo(Map<Setting, String> flags) {
            put(flags, Setting.SIGNING_KEY, signingKey);
            put(flags, Setting.ALLOW_UNSIGNED, allowUnsigned);
            put(flags, Setting.TRUST_FILE, trustFile);
            put(flags, Setting.ALLOW_LEGACY, allowLegacy);
            put(flags, Setting.AUDIENCE, audience);
        }
    }

    /**
     * The one resolution every command uses: the groups' flags over the {@code MMS_*} variables of
     * {@code environment} over the configuration file over the defaults.
     *
     * @throws CliException with exit code 2, naming the file, variable or flag, when a setting is bad
     */
    static AgentConfig resolve(ConfigFile config, Map<String, String> environment, Group... groups) {
        Map<Setting, String> flags = new EnumMap<>(Setting.class);
        for (Group group : groups) {
            group.addTo(flags);
        }
        try {
            return AgentConfig.resolve(config.file(environment), environment, flags);
        } catch (ConfigException e) {
            throw new CliException(e.getMessage(), 2, e);
        }
    }

    static void put(Map<Setting, String> flags, Setting setting, String value) {
        if (value != null) {
            flags.put(setting, value);
        }
    }
}
