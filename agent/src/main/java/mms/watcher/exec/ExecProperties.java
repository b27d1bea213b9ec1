package mms.watcher.exec;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import mms.process.CommandLine;
import mms.template.Template;
import mms.watcher.WatcherConfigException;
import mms.watcher.WatcherProperties;

/**
 * The {@code properties} of an exec watcher.
 *
 * @param command                 {@code command}: the command line (template), required; split
 *                                into words without a shell (see {@link CommandLine})
 * @param environment             {@code environment}: {@code NAME=value} entries (each a template)
 *                                added to the child's environment; default none
 * @param timeout                 {@code timeout}: Go duration after which the process and its
 *                                descendants are killed; default 1s when absent or 0
 * @param governor                {@code governor}: governor name (template); default none
 * @param governorTimeout         {@code governor_timeout}: Go duration to wait for a governor slot;
 *                                default 5m when a governor is set and this is 0
 * @param parseAsData             {@code parse_as_data}: the output must be a JSON object whose
 *                                members are stored in machine data; default false
 * @param suppressSuccessAnnounce {@code suppress_success_announce}: do not publish on success;
 *                                default false
 * @param gatherInitialState      {@code gather_initial_state}: the first interval run happens after
 *                                a random delay below 30s instead of one interval; default false
 * @param disown                  {@code disown}: start the command without a timeout and wait for it
 *                                only while the machine runs; incompatible with {@code parse_as_data};
 *                                default false
 * @param runAtStart              {@code run_at_start} (mms only): run once when the machine starts,
 *                                before any state change or interval; default false, as the
 *                                original, which never runs an exec watcher at start
 */
public record ExecProperties(
        String command,
        List<String> environment,
        Duration timeout,
        Optional<String> governor,
        Duration governorTimeout,
        boolean parseAsData,
        boolean suppressSuccessAnnounce,
        boolean gatherInitialState,
        boolean disown,
        boolean runAtStart) {

    static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(1);
    static final Duration DEFAULT_GOVERNOR_TIMEOUT = Duration.ofMinutes(5);

    public ExecProperties {
        environment = List.copyOf(environment);
    }

    /**
     * Reads and validates the properties, applying defaults.
     *
     * @throws WatcherConfigException naming the bad property and value
     */
    public static ExecProperties parse(WatcherProperties p) throws WatcherConfigException {
        String command = p.requiredString("command");
        if (!Template.isTemplate(command)) {
            try {
                if (CommandLine.split(command).isEmpty()) {
                    throw p.bad("command", command, "has no words to run");
                }
            } catch (IllegalArgumentException e) {
                throw p.bad("command", command, "cannot be split into words: " + e.getMessage());
            }
        }
        List<String> environment = p.strings("environment");
        for (String entry : environment) {
            if (!Template.isTemplate(entry) && entry.indexOf('=') < 1) {
                throw p.bad("environment", entry, "is not an entry like NAME=value");
            }
        }
        Duration timeout = nonNegative(p, "timeout").orElse(Duration.ZERO);
        if (timeout.isZero()) {
            timeout = DEFAULT_TIMEOUT;
        }
        Optional<String> governor = p.string("governor").filter(s -> !s.isBlank());
        Duration governorTimeout = nonNegative(p, "governor_timeout").orElse(Duration.ZERO);
        if (governor.isPresent() && governorTimeout.isZero()) {
            governorTimeout = DEFAULT_GOVERNOR_TIMEOUT;
        }
        boolean parseAsData = p.bool("parse_as_data", false);
        boolean suppress = p.bool("suppress_success_announce", false);
        boolean gather = p.bool("gather_initial_state", false);
        boolean disown = p.bool("disown", false);
        boolean runAtStart = p.bool("run_at_start", false);
        if (disown && parseAsData) {
            throw new WatcherConfigException("properties 'disown' and 'parse_as_data' of " + p.owner()
                    + " cannot both be true: cannot parse output as data while disowning child processes");
        }
        return new ExecProperties(command, environment, timeout, governor, governorTimeout, parseAsData,
                suppress, gather, disown, runAtStart);
    }

    private static Optional<Duration> nonNegative(WatcherProperties p, String key) throws WatcherConfigException {
        Optional<Duration> d = p.duration(key);
        if (d.isPresent() && d.get().isNegative()) {
            throw p.bad(key, p.raw(key).orElseThrow(), "is negative");
        }
        return d;
    }
}
