package mms.config;

import java.util.Locale;

/** Every agent setting, with its file key, environment variable, flag, default and meaning. */
public enum Setting {
    MACHINES("machines", "/etc/mms/machines", "the machines directory: one sub-directory per machine"),
    IDENTITY("identity", "the FQDN, as the original", "this node's identity, used in events, templates and matchers"),
    FACTS("facts", "none", "a JSON (or YAML) file of facts for templates and matchers, re-read when it changes"),
    LOG_LEVEL("log_level", "info", "trace, debug, info, warn or error"),
    LOG_FORMAT("log_format", "text", "text or json (one JSON object per line)"),
    EVENTS_FILE("events_file", "none", "append every event as a CloudEvents JSON line to this file"),
    SIGNING_KEY("signing_key", "none", "ed25519 public key (64 hex characters, or a file holding them) that machines"
            + " specifications must be signed with; overrides compiled-in keys and public_key properties"),
    ALLOW_UNSIGNED("allow_unsigned", "false", "accept machines specifications without checking any signature when no"
            + " public key is configured (signing_key, a compiled-in key or public_key); without a key and without this,"
            + " specifications are refused"),
    TRUST_FILE("trust_file", "none", "a self-signed trust document (mms trust init, mms sign) whose keys and threshold"
            + " machines specifications must be signed with; takes precedence over signing_key, and its rotations"
            + " published in the bucket's 'trust' key are adopted"),
    ALLOW_LEGACY("allow_legacy", "true under signing_key, false under a trust document", "accept machines"
            + " specifications in the original's format (one signature, no serial, expiry or audience)"),
    AUDIENCE("audience", "<manage_bucket>/<manage_key>", "this node's audience: versioned machines specifications"
            + " for another audience are refused"),
    STATE_DIR("state_dir", "/var/lib/mms", "where the agent keeps its state, such as the embedded key-value store"),
    STORE("store", "sqlite:<state_dir>/kv.db",
            "the key-value store for kv watchers and 'mms kv': sqlite:PATH or nats://host:port[,nats://...]"),
    STORE_CREDENTIALS("store_credentials", "none", "NATS credentials file (.creds) for a nats:// store"),
    STORE_NKEY("store_nkey", "none", "file holding a NATS user NKey seed for a nats:// store"),
    STORE_USER("store_user", "none", "NATS user name for a nats:// store (with store_password)"),
    STORE_PASSWORD("store_password", "none", "NATS password for a nats:// store"),
    STORE_TOKEN("store_token", "none", "NATS authentication token for a nats:// store"),
    STORE_TLS_CA("store_tls_ca", "the JDK trust store", "PEM file of CAs trusted for a nats:// store"),
    STORE_TLS_CERT("store_tls_cert", "none", "PEM client certificate for a nats:// store (with store_tls_key)"),
    STORE_TLS_KEY("store_tls_key", "none", "PEM PKCS#8 private key of store_tls_cert"),
    MANAGE("manage", "false", "run the built-in manager machine: deploy the machines of the signed specification"
            + " in manage_bucket/manage_key (no machine.yaml needed on the node)"),
    MANAGE_BUCKET("manage_bucket", "MACHINES", "bucket holding the signed specification"),
    MANAGE_KEY("manage_key", "machines", "key of the signed specification"),
    MANAGE_INTERVAL("manage_interval", "1m", "how often the manager re-reads and re-applies the specification as a"
            + " safety net; changes are applied at once"),
    MANAGE_PURGE("manage_purge", "true", "remove machines that are not (or no longer) in the specification"),
    PLUGINS_DOWNLOAD("plugins_download", "false", "run the built-in plugins manager, the original's"
            + " plugin.machines.download: deploy the plugins of the signed specification in plugins_bucket/plugins_key"
            + " (packed by mms plugins pack or choria machine plugins pack); not together with manage"),
    PLUGINS_BUCKET("plugins_bucket", "CHORIA_PLUGINS", "bucket holding the plugins specification"
            + " (plugin.machines.bucket)"),
    PLUGINS_KEY("plugins_key", "plugins", "key of the plugins specification (plugin.machines.key)"),
    PLUGINS_PURGE("plugins_purge", "true", "remove plugins that are not (or no longer) in the specification"
            + " (plugin.machines.purge)"),
    PLUGINS_POLL_INTERVAL("plugins_poll_interval", "1m", "how often the plugins manager re-reads the specification as"
            + " a safety net; changes are applied at once (plugin.machines.poll_interval); minimum 10s"),
    PLUGINS_CHECK_INTERVAL("plugins_check_interval", "30s", "how often the plugins manager re-applies the"
            + " specification and each plugin's manager re-checks its archive (plugin.machines.check_interval);"
            + " minimum 10s"),
    PLUGINS_SIGNING_KEY("plugins_signing_key", "none", "ed25519 public key (64 hex characters, or a file holding them)"
            + " the plugins specification must be signed with (plugin.machines.signing_key); signing_key and"
            + " trust_file take precedence"),
    MAIN_COLLECTIVE("main_collective", "choria", "the main collective, as the original's: the first token of the"
            + " governor subjects (<main_collective>.governor.<name>), so agents and choria governor share governors"),
    HTTP_LISTEN("http_listen", "none", "serve /metrics and /healthz over HTTP on HOST:PORT, e.g. 127.0.0.1:9464;"
            + " off when unset"),
    STATUS_INTERVAL("status_interval", "1m", "how often at the latest the agent rewrites its status record in the"
            + " MMS_STATUS bucket (changes are written at once); minimum 1s; a node is stale after 3 intervals"
            + " without one"),
    PROMETHEUS_TEXTFILE_DIRECTORY("prometheus_textfile_directory", "none", "directory where nagios and metric"
            + " watchers write .prom files for node_exporter's text file collector"),
    SCOUT_OVERRIDES("scout_overrides", "none", "JSON file of per-machine overrides for nagios plugin commands (the"
            + " o template function) and goss variables");

    private final String key;
    private final String defaultText;
    private final String description;

    Setting(String key, String defaultText, String description) {
        this.key = key;
        this.defaultText = defaultText;
        this.description = description;
    }

    /** The key in the configuration file, e.g. {@code log_level}. */
    public String key() {
        return key;
    }

    /** The environment variable, e.g. {@code MMS_LOG_LEVEL}. */
    public String environmentVariable() {
        return "MMS_" + key.toUpperCase(Locale.ROOT);
    }

    /** The command-line flag, e.g. {@code --log-level}. */
    public String flag() {
        return "--" + key.replace('_', '-');
    }

    /** The default, as documentation text. */
    public String defaultText() {
        return defaultText;
    }

    /** What it does. */
    public String description() {
        return description;
    }
}
