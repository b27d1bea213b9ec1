package mms.watcher.nagios;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Collections;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import mms.duration.ChoriaDuration;
import mms.duration.DurationFormatException;
import mms.watcher.WatcherConfigException;
import mms.watcher.WatcherProperties;

/**
 * The {@code properties} of a nagios watcher. Exactly one of {@code plugin} and {@code builtin}.
 *
 * @param plugin        {@code plugin}: the Nagios plugin command line, a template in which
 *                      {@code o PATH DEFAULT} reads the Scout overrides (and {@code lookup} works as
 *                      elsewhere); split into words without a shell
 * @param builtin       {@code builtin}: {@code heartbeat}, {@code goss} or {@code choria_status}
 * @param gossfile      {@code gossfile}: the goss file of the {@code goss} builtin (required there),
 *                      relative to the machine directory
 * @param lastMessage   {@code last_message}: how long ago the agent may last have reached its store
 *                      before {@code choria_status} is CRITICAL (required there)
 * @param pubcertExpire {@code pubcert_expire}: {@code choria_status} is CRITICAL when the store
 *                      client certificate expires within this; 0 (default) for no check
 * @param tokenExpire   {@code token_expire}: the same for the JWT of the store credentials
 * @param timeout       {@code timeout}: how long a plugin may run before it and its descendants are
 *                      killed; default 1s, for the goss builtin 1m (the original runs goss in
 *                      process, without a limit)
 * @param annotations   {@code annotations}: copied into every notification; default none
 */
public record NagiosProperties(Optional<String> plugin, Optional<Builtin> builtin, Optional<Path> gossfile,
                               Duration lastMessage, Duration pubcertExpire, Duration tokenExpire, Duration timeout,
                               Map<String, String> annotations) {

    static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(1);
    static final Duration DEFAULT_GOSS_TIMEOUT = Duration.ofMinutes(1);

    /** The checks built into the watcher. */
    public enum Builtin {
        /** Always OK, with the Unix time as output. */
        HEARTBEAT("heartbeat"),
        /** Runs a goss file with the {@code goss} program. */
        GOSS("goss"),
        /** The agent's own health (the original's server status file). */
        CHORIA_STATUS("choria_status");

        private final String wireName;

        Builtin(String wireName) {
            this.wireName = wireName;
        }

        /** The {@code builtin} value. */
        public String wireName() {
            return wireName;
        }
    }

    /** Copies and sorts the annotations. */
    public NagiosProperties {
        annotations = Collections.unmodifiableMap(new TreeMap<>(annotations));
    }

    /**
     * Reads and validates the properties, applying defaults.
     *
     * @param p         the properties
     * @param directory the machine directory, against which a relative {@code gossfile} resolves
     * @throws WatcherConfigException naming the bad property and value
     */
    public static NagiosProperties parse(WatcherProperties p, Path directory) throws WatcherConfigException {
        Optional<String> plugin = p.string("plugin").filter(s -> !s.isBlank());
        Optional<String> builtinName = p.string("builtin").filter(s -> !s.isBlank());
        if (plugin.isPresent() && builtinName.isPresent()) {
            throw new WatcherConfigException("properties of " + p.owner() + ": cannot set plugin and builtin");
        }
        if (plugin.isEmpty() && builtinName.isEmpty()) {
            throw new WatcherConfigException("properties of " + p.owner() + ": plugin or builtin is required");
        }
        Optional<Builtin> builtin = Optional.empty();
        if (builtinName.isPresent()) {
            builtin = Optional.of(builtin(p, builtinName.get()));
        }
        Optional<Path> gossfile = p.string("gossfile").filter(s -> !s.isBlank()).map(directory::resolve);
        if (builtin.equals(Optional.of(Builtin.GOSS)) && gossfile.isEmpty()) {
            throw new WatcherConfigException("properties of " + p.owner()
                    + ": gossfile property is required for the goss builtin check");
        }
        Duration lastMessage = longDuration(p, "last_message");
        if (builtin.equals(Optional.of(Builtin.CHORIA_STATUS)) && lastMessage.isZero()) {
            throw new WatcherConfigException("properties of " + p.owner()
                    + ": last_message property is required for the choria_status builtin check");
        }
        Duration timeout = nonNegative(p, "timeout", p.duration("timeout").orElse(Duration.ZERO));
        if (timeout.isZero()) {
            timeout = builtin.equals(Optional.of(Builtin.GOSS)) ? DEFAULT_GOSS_TIMEOUT : DEFAULT_TIMEOUT;
        }
        Map<String, String> annotations = p.stringMap("annotations");
        return new NagiosProperties(plugin, builtin, gossfile, lastMessage, longDuration(p, "pubcert_expire"),
                longDuration(p, "token_expire"), timeout, annotations);
    }

    private static Builtin builtin(WatcherProperties p, String name) throws WatcherConfigException {
        for (Builtin b : Builtin.values()) {
            if (b.wireName().equals(name)) {
                return b;
            }
        }
        throw p.bad("builtin", name, "is an unsupported builtin, known are heartbeat, goss and choria_status");
    }

    /**
     * A Go duration, or a number of days or weeks ({@code 1d}, {@code 2w}): the original's
     * documentation writes {@code token_expire: 1d}, which its Go parser refuses.
     */
    private static Duration longDuration(WatcherProperties p, String key) throws WatcherConfigException {
        Optional<Object> raw = p.raw(key);
        if (raw.isPresent() && raw.get() instanceof String text && text.strip().matches("[0-9.]+[dDwW]")) {
            try {
                return ChoriaDuration.parse(text);
            } catch (DurationFormatException e) {
                throw p.bad(key, text, "is not a duration like 1h, 90m or 1d (" + e.getMessage() + ")");
            }
        }
        return nonNegative(p, key, p.duration(key).orElse(Duration.ZERO));
    }

    private static Duration nonNegative(WatcherProperties p, String key, Duration value) throws WatcherConfigException {
        if (value.isNegative()) {
            throw p.bad(key, p.raw(key).orElseThrow(), "is negative");
        }
        return value;
    }
}
