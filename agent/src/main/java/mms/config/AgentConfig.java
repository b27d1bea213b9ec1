package mms.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import mms.kv.ConnectOptions;
import mms.kv.GovernorStorage;
import mms.kv.InvalidName;
import mms.kv.StoreUrl;
import mms.spec.Ed25519PublicKey;
import mms.spec.KeyFormatException;
import mms.spec.SpecificationException;
import mms.spec.Trust;
import mms.spec.TrustDocument;
import mms.spec.VersionedSpecification;
import mms.status.StatusPublisher;

/**
 * The agent's resolved configuration.
 *
 * @param machines   machines directory
 * @param identity   the configured node identity, empty for the default one: see {@link #identity()}
 * @param facts      facts file, if any
 * @param logLevel   log level
 * @param logFormat  log format
 * @param eventsFile JSON-lines events file, if any
 * @param stateDir   the agent's state directory
 * @param store      the key-value store kv watchers and {@code mms kv} use
 * @param sources    for each setting that was set, where its value came from (for {@code --debug} and errors)
 * @param signingKey the public key machines specifications must be signed with, if configured
 * @param allowUnsigned whether, with no public key configured anywhere, specifications are applied
 *                   without checking them ({@code allow_unsigned}, default false)
 * @param manager    the built-in manager machine's settings, when {@code manage} is on
 * @param httpListen where the agent's HTTP listener binds, when {@code http_listen} is set
 * @param specification where the fleet's signed specification is ({@code manage_bucket},
 *                   {@code manage_key}), whether or not this agent manages: {@code mms fleet status}
 *                   reads it
 * @param statusInterval how often at the latest the agent rewrites its status record
 *                   ({@code status_interval}, default 1m, minimum 1s)
 * @param policy     the rest of the trust policy: {@code trust_file}, {@code allow_legacy}, {@code audience}
 * @param monitoring the Scout settings of nagios and metric watchers
 * @param mainCollective the first token of the governor subjects ({@code main_collective}, default {@code choria})
 * @param plugins    the built-in plugins manager's settings, when {@code plugins_download} is on
 */
public record AgentConfig(
        Path machines,
        String identity,
        Optional<Path> facts,
        LogLevel logLevel,
        LogFormat logFormat,
        Optional<Path> eventsFile,
        Path stateDir,
        StoreSettings store,
        Map<Setting, String> sources,
        Optional<Ed25519PublicKey> signingKey,
        boolean allowUnsigned,
        Optional<ManagerSettings> manager,
        Optional<HttpListen> httpListen,
        SpecificationKey specification,
        java.time.Duration statusInterval,
        TrustPolicy policy,
        Monitoring monitoring,
        String mainCollective,
        Optional<PluginsManagerSettings> plugins) {

    /**
     * The node's identity: the configured one, else the default one ({@link Identity}), looked up
     * when first asked for. The default can take a DNS lookup, which commands that never name the
     * node ({@code mms kv}, {@code mms object}) should not wait for.
     */
    @Override
    public String identity() {
        return identity.isEmpty() ? Identity.defaultIdentity() : identity;
    }

    /** The agent's part of the trust decision: its keys or trust document, and what it accepts. */
    public Trust trust() {
        Trust trust = Trust.of(signingKey, allowUnsigned).withAudience(policy.audience());
        trust = policy.document().map(trust::withDocument).orElse(trust);
        return policy.allowLegacy().map(trust::withAllowLegacy).orElse(trust);
    }

    /**
     * The trust settings beyond the original's signing key.
     *
     * @param document    the self-signed trust document of {@code trust_file}, if set
     * @param allowLegacy {@code allow_legacy}, if set
     * @param audience    {@code audience}, default {@code <manage_bucket>/<manage_key>}
     */
    public record TrustPolicy(Optional<TrustDocument> document, Optional<Boolean> allowLegacy,
                              String audience) {}

    /**
     * The settings of the original's Scout checks.
     *
     * @param textFileDirectory where nagios and metric watchers write {@code .prom} files
     *                          ({@code prometheus_textfile_directory}); empty: none are written
     * @param overrides         per-machine overrides of nagios plugin commands ({@code scout_overrides})
     */
    public record Monitoring(Optional<Path> textFileDirectory, Optional<Path> overrides) {}

    /**
     * The built-in manager machine: a kv watcher on {@code bucket}/{@code key} and a machines watcher.
     *
     * @param bucket   bucket of the signed specification
     * @param key      key of the signed specification
     * @param interval safety-net period of both watchers
     * @param purge    remove machines not in the specification
     */
    public record ManagerSettings(String bucket, String key, java.time.Duration interval, boolean purge) {}

    /**
     * The built-in plugins manager (the original's {@code plugin.machines.*} settings, host.md §4.2):
     * kv watchers on {@code bucket}/{@code key} and a plugins watcher installing into the machines
     * directory.
     *
     * @param bucket        {@code plugins_bucket}, default {@code CHORIA_PLUGINS}
     * @param key           {@code plugins_key}, default {@code plugins}; also the data item
     * @param purge         {@code plugins_purge}, default true
     * @param pollInterval  {@code plugins_poll_interval}, default 1m: the kv watchers' safety net
     * @param checkInterval {@code plugins_check_interval}, default 30s: the plugins watcher's interval
     *                      and the generated managers' archive interval
     * @param signingKey    {@code plugins_signing_key}: the plugins watcher's {@code public_key}
     */
    public record PluginsManagerSettings(String bucket, String key, boolean purge, java.time.Duration pollInterval,
                                         java.time.Duration checkInterval, Optional<Ed25519PublicKey> signingKey) {}

    /**
     * Where the fleet's signed specification is kept.
     *
     * @param bucket the bucket ({@code manage_bucket}, default {@code MACHINES})
     * @param key    the key ({@code manage_key}, default {@code machines})
     */
    public record SpecificationKey(String bucket, String key) {}

    /**
     * Where the key-value store is and how to authenticate to it.
     *
     * @param url     {@code sqlite:PATH} or {@code nats://host:port[,...]}, never blank
     * @param connect NATS authentication and TLS (ignored for SQLite); its {@code toString} hides secrets
     */
    public record StoreSettings(String url, ConnectOptions connect) {}

    /**
     * Where the agent's HTTP listener binds ({@code http_listen}): a host name or IP address (IPv6
     * in brackets) and a port. Resolved when the agent binds it, not here.
     *
     * @param host the host name or IP address, without brackets; never blank
     * @param port 0 to 65535; 0 picks a free port
     */
    public record HttpListen(String host, int port) {

        /** Rejects a blank host and ports outside 0–65535. */
        public HttpListen {
            if (host == null || host.isBlank()) {
                throw new IllegalArgumentException("http_listen needs a host");
            }
            if (port < 0 || port > 65_535) {
                throw new IllegalArgumentException("http_listen port " + port + " is not between 0 and 65535");
            }
        }

        /**
         * Parses {@code HOST:PORT}, {@code [IPV6]:PORT}.
         *
         * @throws IllegalArgumentException saying what is wrong with {@code text}
         */
        public static HttpListen parse(String text) {
            String host;
            String port;
            if (text.startsWith("[")) {
                int end = text.indexOf(']');
                if (end < 0 || !text.startsWith(":", end + 1)) {
                    throw new IllegalArgumentException("an IPv6 address goes in brackets before the port, e.g. [::1]:9464");
                }
                host = text.substring(1, end);
                port = text.substring(end + 2);
            } else {
                int colon = text.lastIndexOf(':');
                if (colon < 0) {
                    throw new IllegalArgumentException("the port is missing, e.g. 127.0.0.1:9464");
                }
                host = text.substring(0, colon);
                port = text.substring(colon + 1);
            }
            if (host.isEmpty()) {
                throw new IllegalArgumentException("the host is missing, e.g. 127.0.0.1:9464 (0.0.0.0:9464 listens on"
                        + " every interface)");
            }
            if (!host.chars().allMatch(c -> Character.isLetterOrDigit(c) || c == '.' || c == '-' || c == ':'
                    || c == '%' || c == '_')) {
                throw new IllegalArgumentException("host '" + host + "' is not a host name or IP address");
            }
            if (host.contains(":") && !text.startsWith("[")) {
                throw new IllegalArgumentException("an IPv6 address goes in brackets, e.g. [::1]:9464");
            }
            if (port.isEmpty() || port.length() > 5 || !port.chars().allMatch(c -> c >= '0' && c <= '9')
                    || Integer.parseInt(port) > 65_535) {
                throw new IllegalArgumentException("port '" + port + "' is not a number from 0 to 65535");
            }
            return new HttpListen(host, Integer.parseInt(port));
        }

        /** {@code host:port}, with an IPv6 address in brackets. */
        @Override
        public String toString() {
            return (host.contains(":") ? "[" + host + "]" : host) + ":" + port;
        }
    }

    /** Log levels, lowest first. */
    public enum LogLevel { TRACE, DEBUG, INFO, WARN, ERROR }

    /** Log line formats. */
    public enum LogFormat { TEXT, JSON }

    /**
     * Resolves the configuration: {@code flags} over {@code environment} over the file over defaults.
     *
     * @param configFile  the YAML file, if one was given
     * @param environment the process environment (only {@code MMS_*} variables are read)
     * @param flags       values given on the command line, by setting
     * @throws ConfigException naming the file or variable or flag, the setting and the bad value
     */
    public static AgentConfig resolve(Optional<Path> configFile, Map<String, String> environment,
                                      Map<Setting, String> flags) throws ConfigException {
        Map<Setting, String> values = new EnumMap<>(Setting.class);
        Map<Setting, String> sources = new EnumMap<>(Setting.class);
        if (configFile.isPresent()) {
            readFile(configFile.get(), values, sources);
        }
        for (Setting s : Setting.values()) {
            String v = environment.get(s.environmentVariable());
            if (v != null && !v.isBlank()) {
                values.put(s, v);
                sources.put(s, "environment variable " + s.environmentVariable());
            }
        }
        flags.forEach((s, v) -> {
            if (v != null) {
                values.put(s, v);
                sources.put(s, "flag " + s.flag());
            }
        });

        Path machines = Path.of(values.getOrDefault(Setting.MACHINES, "/etc/mms/machines"));
        String identity = values.getOrDefault(Setting.IDENTITY, "").strip();
        LogLevel level = parseEnum(LogLevel.class, Setting.LOG_LEVEL, values, sources, LogLevel.INFO);
        LogFormat format = parseEnum(LogFormat.class, Setting.LOG_FORMAT, values, sources, LogFormat.TEXT);
        Path stateDir = Path.of(values.getOrDefault(Setting.STATE_DIR, "/var/lib/mms").strip());
        return new AgentConfig(machines, identity, path(values.get(Setting.FACTS)), level, format,
                path(values.get(Setting.EVENTS_FILE)), stateDir, store(values, sources, stateDir), sources,
                signingKey(values, sources), bool(Setting.ALLOW_UNSIGNED, values, sources, false),
                manager(values, sources), httpListen(values, sources), specificationKey(values),
                duration(Setting.STATUS_INTERVAL, values, sources, "1m", StatusPublisher.Options.MIN_INTERVAL),
                policy(values, sources), new Monitoring(path(values.get(Setting.PROMETHEUS_TEXTFILE_DIRECTORY)),
                        path(values.get(Setting.SCOUT_OVERRIDES))),
                mainCollective(values, sources), plugins(values, sources));
    }

    private static Optional<PluginsManagerSettings> plugins(Map<Setting, String> values, Map<Setting, String> sources)
            throws ConfigException {
        if (!bool(Setting.PLUGINS_DOWNLOAD, values, sources, false)) {
            return Optional.empty();
        }
        if (bool(Setting.MANAGE, values, sources, false)) {
            throw new ConfigException(sources.get(Setting.PLUGINS_DOWNLOAD) + ": plugins_download and manage cannot both"
                    + " be on (" + sources.get(Setting.MANAGE) + "): both built-in managers keep their managers as"
                    + " mm_<name> in the machines directory, and each would purge the other's");
        }
        java.time.Duration minimum = java.time.Duration.ofSeconds(10);
        return Optional.of(new PluginsManagerSettings(
                values.getOrDefault(Setting.PLUGINS_BUCKET, "CHORIA_PLUGINS").strip(),
                values.getOrDefault(Setting.PLUGINS_KEY, "plugins").strip(),
                bool(Setting.PLUGINS_PURGE, values, sources, true),
                duration(Setting.PLUGINS_POLL_INTERVAL, values, sources, "1m", minimum),
                duration(Setting.PLUGINS_CHECK_INTERVAL, values, sources, "30s", minimum),
                publicKey(Setting.PLUGINS_SIGNING_KEY, values, sources)));
    }

    private static String mainCollective(Map<Setting, String> values, Map<Setting, String> sources)
            throws ConfigException {
        String collective = values.getOrDefault(Setting.MAIN_COLLECTIVE, GovernorStorage.DEFAULT_COLLECTIVE).strip();
        try {
            return GovernorStorage.checkCollective(collective);
        } catch (IllegalArgumentException e) {
            throw new ConfigException(sources.get(Setting.MAIN_COLLECTIVE) + ": main_collective: " + e.getMessage(), e);
        }
    }

    private static SpecificationKey specificationKey(Map<Setting, String> values) {
        return new SpecificationKey(values.getOrDefault(Setting.MANAGE_BUCKET, "MACHINES").strip(),
                values.getOrDefault(Setting.MANAGE_KEY, "machines").strip());
    }

    /** A duration setting as the original writes them ({@code 30s}, {@code 5m}), at least {@code minimum}. */
    private static java.time.Duration duration(Setting setting, Map<Setting, String> values,
                                               Map<Setting, String> sources, String fallback,
                                               java.time.Duration minimum) throws ConfigException {
        String text = values.getOrDefault(setting, fallback).strip();
        java.time.Duration value;
        try {
            value = mms.duration.ChoriaDuration.parse(text);
        } catch (mms.duration.DurationFormatException e) {
            throw new ConfigException(sources.get(setting) + ": " + setting.key() + " '" + text
                    + "' is not a duration like 30s or 5m: " + e.getMessage(), e);
        }
        if (value.compareTo(minimum) < 0) {
            throw new ConfigException(sources.get(setting) + ": " + setting.key() + " '" + text
                    + "' is too small, minimum is " + mms.duration.GoDuration.format(minimum));
        }
        return value;
    }

    private static Optional<HttpListen> httpListen(Map<Setting, String> values, Map<Setting, String> sources)
            throws ConfigException {
        String v = values.getOrDefault(Setting.HTTP_LISTEN, "").strip();
        if (v.isEmpty()) {
            return Optional.empty();
        }
        try {
            return Optional.of(HttpListen.parse(v));
        } catch (IllegalArgumentException e) {
            throw new ConfigException(sources.get(Setting.HTTP_LISTEN) + ": http_listen '" + v + "' is not HOST:PORT: "
                    + e.getMessage(), e);
        }
    }

    private static TrustPolicy policy(Map<Setting, String> values, Map<Setting, String> sources) throws ConfigException {
        Optional<TrustDocument> document = Optional.empty();
        Optional<Path> file = path(values.get(Setting.TRUST_FILE));
        if (file.isPresent()) {
            try {
                document = Optional.of(TrustDocument.parseSelfSigned(Files.readString(file.get()),
                        "trust_file " + file.get()));
            } catch (IOException e) {
                throw new ConfigException(sources.get(Setting.TRUST_FILE) + ": cannot read trust_file " + file.get()
                        + ": " + e.getMessage(), e);
            } catch (SpecificationException e) {
                throw new ConfigException(sources.get(Setting.TRUST_FILE) + ": " + e.getMessage(), e);
            }
        }
        Optional<Boolean> legacy = values.get(Setting.ALLOW_LEGACY) == null || values.get(Setting.ALLOW_LEGACY).isBlank()
                ? Optional.empty() : Optional.of(bool(Setting.ALLOW_LEGACY, values, sources, false));
        String audience = values.getOrDefault(Setting.AUDIENCE, "").strip();
        if (audience.isEmpty()) {
            audience = values.getOrDefault(Setting.MANAGE_BUCKET, "MACHINES").strip() + "/"
                    + values.getOrDefault(Setting.MANAGE_KEY, "machines").strip();
        }
        String problem = VersionedSpecification.audienceProblem(audience);
        if (problem != null) {
            throw new ConfigException(sources.getOrDefault(Setting.AUDIENCE, sources.get(Setting.MANAGE_BUCKET)) + ": "
                    + problem);
        }
        return new TrustPolicy(document, legacy, audience);
    }

    private static Optional<ManagerSettings> manager(Map<Setting, String> values, Map<Setting, String> sources)
            throws ConfigException {
        if (!bool(Setting.MANAGE, values, sources, false)) {
            return Optional.empty();
        }
        java.time.Duration every = duration(Setting.MANAGE_INTERVAL, values, sources, "1m", java.time.Duration.ofSeconds(10));
        SpecificationKey specification = specificationKey(values);
        if (specification.key().equals(TrustDocument.STORE_KEY)) {
            throw new ConfigException(sources.get(Setting.MANAGE_KEY) + ": manage_key '" + TrustDocument.STORE_KEY
                    + "' is where the trust document is published, not a specification");
        }
        return Optional.of(new ManagerSettings(specification.bucket(), specification.key(), every,
                bool(Setting.MANAGE_PURGE, values, sources, true)));
    }

    private static boolean bool(Setting setting, Map<Setting, String> values, Map<Setting, String> sources,
                                boolean fallback) throws ConfigException {
        String v = values.get(setting);
        if (v == null || v.isBlank()) {
            return fallback;
        }
        return switch (v.strip().toLowerCase(Locale.ROOT)) {
            case "true", "yes", "on", "1" -> true;
            case "false", "no", "off", "0" -> false;
            default -> throw new ConfigException(sources.get(setting) + ": " + setting.key() + " '" + v
                    + "' is not true or false");
        };
    }

    /** A hex public key, or the path of a file holding one. */
    private static Optional<Ed25519PublicKey> signingKey(Map<Setting, String> values, Map<Setting, String> sources)
            throws ConfigException {
        return publicKey(Setting.SIGNING_KEY, values, sources);
    }

    private static Optional<Ed25519PublicKey> publicKey(Setting setting, Map<Setting, String> values,
                                                        Map<Setting, String> sources) throws ConfigException {
        String v = values.get(setting);
        if (v == null || v.isBlank()) {
            return Optional.empty();
        }
        try {
            return Optional.of(Ed25519PublicKey.resolve(v.strip()));
        } catch (KeyFormatException | IOException e) {
            throw new ConfigException(sources.get(setting) + ": " + setting.key() + " '" + v.strip()
                    + "' is not a hex ed25519 public key or a file holding one: " + e.getMessage(), e);
        }
    }

    private static StoreSettings store(Map<Setting, String> values, Map<Setting, String> sources, Path stateDir)
            throws ConfigException {
        String url = values.getOrDefault(Setting.STORE, "").strip();
        if (url.isEmpty()) {
            url = "sqlite:" + stateDir.resolve("kv.db");
        } else {
            try {
                StoreUrl.parse(url);
            } catch (InvalidName e) {
                // refused now, not when a watcher first needs the store minutes later
                throw new ConfigException(sources.get(Setting.STORE) + ": " + e.getMessage(), e);
            }
        }
        ConnectOptions connect = ConnectOptions.NONE;
        try {
            Optional<Path> creds = path(values.get(Setting.STORE_CREDENTIALS));
            if (creds.isPresent()) {
                connect = connect.withCredentials(creds.get());
            }
            Optional<Path> nkey = path(values.get(Setting.STORE_NKEY));
            if (nkey.isPresent()) {
                connect = connect.withNkeySeed(nkey.get());
            }
            String user = values.getOrDefault(Setting.STORE_USER, "").strip();
            String password = values.getOrDefault(Setting.STORE_PASSWORD, "");
            if (!password.isEmpty() && user.isEmpty()) {
                throw new ConfigException(sources.get(Setting.STORE_PASSWORD) + ": store_password needs store_user");
            }
            if (!user.isEmpty()) {
                connect = connect.withUserPassword(user, password);
            }
            String token = values.getOrDefault(Setting.STORE_TOKEN, "");
            if (!token.isBlank()) {
                connect = connect.withToken(token.strip());
            }
            Optional<Path> ca = path(values.get(Setting.STORE_TLS_CA));
            if (ca.isPresent()) {
                connect = connect.withTlsCa(ca.get());
            }
            Optional<Path> cert = path(values.get(Setting.STORE_TLS_CERT));
            Optional<Path> key = path(values.get(Setting.STORE_TLS_KEY));
            if (cert.isPresent() != key.isPresent()) {
                Setting given = cert.isPresent() ? Setting.STORE_TLS_CERT : Setting.STORE_TLS_KEY;
                throw new ConfigException(sources.get(given) + ": store_tls_cert and store_tls_key go together");
            }
            if (cert.isPresent()) {
                connect = connect.withTlsClient(cert.get(), key.get());
            }
        } catch (IllegalArgumentException e) {
            throw new ConfigException("store settings: " + e.getMessage(), e);
        }
        return new StoreSettings(url, connect);
    }

    private static Optional<Path> path(String value) {
        return value == null || value.isBlank() ? Optional.empty() : Optional.of(Path.of(value.strip()));
    }

    private static <E extends Enum<E>> E parseEnum(Class<E> type, Setting setting, Map<Setting, String> values,
                                                   Map<Setting, String> sources, E fallback) throws ConfigException {
        String v = values.get(setting);
        if (v == null) {
            return fallback;
        }
        try {
            return Enum.valueOf(type, v.strip().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            List<String> allowed = new ArrayList<>();
            for (E c : type.getEnumConstants()) {
                allowed.add(c.name().toLowerCase(Locale.ROOT));
            }
            throw new ConfigException(sources.get(setting) + ": " + setting.key() + " '" + v + "' is not one of "
                    + String.join(", ", allowed));
        }
    }

    /**
     * Whether a configuration file holds nothing but comments and blank lines, as the package's
     * commented {@code /etc/mms/agent.yaml} does until it is edited: such a file sets nothing, so it
     * is not handed to the YAML parser, whose start was a tenth of a short command's.
     */
    static boolean onlyComments(byte[] text) {
        return new String(text, StandardCharsets.UTF_8).lines().map(String::strip)
                .allMatch(line -> line.isEmpty() || line.startsWith("#"));
    }

    private static void readFile(Path file, Map<Setting, String> values, Map<Setting, String> sources)
            throws ConfigException {
        JsonNode root;
        try {
            byte[] text = Files.readAllBytes(file);
            if (onlyComments(text)) {
                return;
            }
            root = new YAMLMapper().readTree(text);
        } catch (IOException e) {
            throw new ConfigException("configuration file " + file + ": " + e.getMessage().lines().findFirst().orElse(""), e);
        }
        if (root == null || root.isNull() || root.isMissingNode()) {
            return;
        }
        if (!root.isObject()) {
            throw new ConfigException("configuration file " + file + ": must be a mapping of settings");
        }
        var fields = root.properties().iterator();
        while (fields.hasNext()) {
            var field = fields.next();
            Setting setting = null;
            for (Setting s : Setting.values()) {
                if (s.key().equals(field.getKey())) {
                    setting = s;
                }
            }
            if (setting == null) {
                List<String> known = new ArrayList<>();
                for (Setting s : Setting.values()) {
                    known.add(s.key());
                }
                throw new ConfigException("configuration file " + file + ": unknown setting '" + field.getKey()
                        + "', known settings are " + String.join(", ", known));
            }
            JsonNode value = field.getValue();
            if (!value.isValueNode()) {
                throw new ConfigException("configuration file " + file + ": " + setting.key() + " must be a single value");
            }
            if (!value.isNull()) {
                values.put(setting, value.asText());
                sources.put(setting, "configuration file " + file);
            }
        }
    }
}
