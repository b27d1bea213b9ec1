package mms.cli;

import java.nio.file.Path;
import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;
import mms.config.AgentConfig;
import mms.config.ConfigException;
import mms.config.Setting;
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

    AgentConfig resolve(Map<String, String> environment) {
        Map<Setting, String> flags = new EnumMap<>(Setting.class);
        put(flags, Setting.MACHINES, machines);
        put(flags, Setting.IDENTITY, identity);
        put(flags, Setting.FACTS, facts);
        put(flags, Setting.LOG_LEVEL, logLevel);
        put(flags, Setting.LOG_FORMAT, logFormat);
        put(flags, Setting.EVENTS_FILE, eventsFile);
        put(flags, Setting.SIGNING_KEY, signingKey);
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
