package mms.cli;

import java.util.Map;
import mms.config.AgentConfig;
import mms.config.Setting;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** Every agent setting as a flag: what the commands that run machines take. */
final class AgentOptions implements SettingsOptions.Group {
    @Mixin
    SettingsOptions.ConfigFile config = new SettingsOptions.ConfigFile();

    @Option(names = "--machines", paramLabel = "DIR",
            description = "machines directory (MMS_MACHINES, config 'machines'; default /etc/mms/machines)")
    String machines;

    @Mixin
    SettingsOptions.Node node = new SettingsOptions.Node();

    @Option(names = "--log-level", paramLabel = "LEVEL",
            description = "trace, debug, info, warn, error (MMS_LOG_LEVEL, config 'log_level'; default info)")
    String logLevel;

    @Option(names = "--log-format", paramLabel = "FORMAT",
            description = "text or json (MMS_LOG_FORMAT, config 'log_format'; default text)")
    String logFormat;

    @Option(names = "--events-file", paramLabel = "FILE",
            description = "append events as CloudEvents JSON lines (MMS_EVENTS_FILE, config 'events_file')")
    String eventsFile;

    @Mixin
    SettingsOptions.Trust trust = new SettingsOptions.Trust();

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

    @Option(names = "--plugins-download", arity = "0..1", fallbackValue = "true", paramLabel = "BOOL",
            description = "run the built-in plugins manager, the original's plugin.machines.download"
                    + " (MMS_PLUGINS_DOWNLOAD, config 'plugins_download'; default false)")
    String pluginsDownload;

    @Option(names = "--plugins-bucket", paramLabel = "BUCKET",
            description = "bucket of the plugins specification (MMS_PLUGINS_BUCKET, config 'plugins_bucket';"
                    + " default CHORIA_PLUGINS)")
    String pluginsBucket;

    @Option(names = "--plugins-key", paramLabel = "KEY",
            description = "key of the plugins specification (MMS_PLUGINS_KEY, config 'plugins_key'; default plugins)")
    String pluginsKey;

    @Option(names = "--plugins-purge", arity = "0..1", fallbackValue = "true", paramLabel = "BOOL",
            description = "remove plugins not in the specification (MMS_PLUGINS_PURGE, config 'plugins_purge';"
                    + " default true)")
    String pluginsPurge;

    @Option(names = "--plugins-poll-interval", paramLabel = "DURATION",
            description = "safety-net re-read of the plugins specification (MMS_PLUGINS_POLL_INTERVAL, config"
                    + " 'plugins_poll_interval'; default 1m)")
    String pluginsPollInterval;

    @Option(names = "--plugins-check-interval", paramLabel = "DURATION",
            description = "plugins watcher and manager re-check period (MMS_PLUGINS_CHECK_INTERVAL, config"
                    + " 'plugins_check_interval'; default 30s)")
    String pluginsCheckInterval;

    @Option(names = "--plugins-signing-key", paramLabel = "KEY",
            description = "ed25519 public key (hex or file) the plugins specification must be signed with"
                    + " (MMS_PLUGINS_SIGNING_KEY, config 'plugins_signing_key')")
    String pluginsSigningKey;

    @Option(names = "--http-listen", paramLabel = "HOST:PORT",
            description = "serve /metrics and /healthz over HTTP, e.g. 127.0.0.1:9464 (MMS_HTTP_LISTEN, config"
                    + " 'http_listen'; default: off)")
    String httpListen;

    @Option(names = "--main-collective", paramLabel = "NAME",
            description = "the original's main collective, the first token of every governor subject"
                    + " (MMS_MAIN_COLLECTIVE, config 'main_collective'; default choria)")
    String mainCollective;

    @Option(names = "--status-interval", paramLabel = "DURATION",
            description = "rewrite this node's status record at least this often; changes are written at once"
                    + " (MMS_STATUS_INTERVAL, config 'status_interval'; default 1m, minimum 1s)")
    String statusInterval;

    @Option(names = "--prometheus-textfile-directory", paramLabel = "DIR",
            description = "write the .prom files of nagios and metric watchers here, for node_exporter's text file"
                    + " collector (MMS_PROMETHEUS_TEXTFILE_DIRECTORY, config 'prometheus_textfile_directory')")
    String prometheusTextfileDirectory;

    @Option(names = "--scout-overrides", paramLabel = "FILE",
            description = "JSON overrides for nagios plugin commands and goss variables (MMS_SCOUT_OVERRIDES,"
                    + " config 'scout_overrides')")
    String scoutOverrides;

    @Mixin
    SettingsOptions.Store store = new SettingsOptions.Store();

    @Override
    public void addTo(Map<Setting, String> flags) {
        SettingsOptions.put(flags, Setting.MACHINES, machines);
        SettingsOptions.put(flags, Setting.LOG_LEVEL, logLevel);
        SettingsOptions.put(flags, Setting.LOG_FORMAT, logFormat);
        SettingsOptions.put(flags, Setting.EVENTS_FILE, eventsFile);
        SettingsOptions.put(flags, Setting.MANAGE, manage);
        SettingsOptions.put(flags, Setting.MANAGE_BUCKET, manageBucket);
        SettingsOptions.put(flags, Setting.MANAGE_KEY, manageKey);
        SettingsOptions.put(flags, Setting.MANAGE_INTERVAL, manageInterval);
        SettingsOptions.put(flags, Setting.MANAGE_PURGE, managePurge);
        SettingsOptions.put(flags, Setting.PLUGINS_DOWNLOAD, pluginsDownload);
        SettingsOptions.put(flags, Setting.PLUGINS_BUCKET, pluginsBucket);
        SettingsOptions.put(flags, Setting.PLUGINS_KEY, pluginsKey);
        SettingsOptions.put(flags, Setting.PLUGINS_PURGE, pluginsPurge);
        SettingsOptions.put(flags, Setting.PLUGINS_POLL_INTERVAL, pluginsPollInterval);
        SettingsOptions.put(flags, Setting.PLUGINS_CHECK_INTERVAL, pluginsCheckInterval);
        SettingsOptions.put(flags, Setting.PLUGINS_SIGNING_KEY, pluginsSigningKey);
        SettingsOptions.put(flags, Setting.HTTP_LISTEN, httpListen);
        SettingsOptions.put(flags, Setting.STATUS_INTERVAL, statusInterval);
        SettingsOptions.put(flags, Setting.PROMETHEUS_TEXTFILE_DIRECTORY, prometheusTextfileDirectory);
        SettingsOptions.put(flags, Setting.SCOUT_OVERRIDES, scoutOverrides);
        SettingsOptions.put(flags, Setting.MAIN_COLLECTIVE, mainCollective);
    }

    /** The resolved configuration; see {@link SettingsOptions#resolve}. */
    AgentConfig resolve(Map<String, String> environment) {
        return SettingsOptions.resolve(config, environment, this, node, trust, store);
    }
}
