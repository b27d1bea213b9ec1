package mms.runtime;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import mms.duration.ChoriaDuration;
import mms.duration.DurationFormatException;
import mms.duration.GoDuration;
import mms.machine.MachineDefinition;
import mms.machine.Manifest;
import mms.machine.ManifestException;
import mms.machine.ManifestParser;
import mms.machine.TransitionDefinition;
import mms.machine.WatcherDefinition;
import mms.watcher.MachineInfo;
import mms.watcher.Watcher;
import mms.watcher.WatcherConfigException;
import mms.watcher.WatcherFactory;
import mms.watcher.WatcherProperties;
import mms.watcher.WatcherSettings;

/**
 * Validates a machine completely and builds its watchers. The original's checks come first and in
 * its order (name, version, initial state, transitions, watchers, then per watcher: announce
 * interval, state_match, fail and success transitions, then subscriptions); after them come the
 * checks the original only makes when the machine starts, or never: transition shape, watcher
 * names, duplicates, types, intervals and properties. Every problem is reported, not just the first.
 */
public final class MachineLoader {
    private static final Duration MIN_ANNOUNCE = Duration.ofMinutes(1);

    private final WatcherRegistry registry;

    public MachineLoader(WatcherRegistry registry) {
        this.registry = registry;
    }

    /**
     * The outcome of checking a manifest.
     *
     * @param errors   problems that make the machine unusable, each naming file, field and value
     * @param warnings things worth fixing that do not stop it (unknown keys, unused properties)
     * @param watchers the built watchers, in file order; complete only when {@code errors} is empty
     */
    public record Check(List<String> errors, List<String> warnings, List<Watcher> watchers) {
        public Check {
            errors = List.copyOf(errors);
            warnings = List.copyOf(warnings);
            watchers = List.copyOf(watchers);
        }

        /** Whether the machine can run. */
        public boolean ok() {
            return errors.isEmpty();
        }
    }

    /** Reads and checks {@code directory/machine.yaml}, collecting every problem. */
    public Check check(Path directory) {
        return checkFile(directory.resolve(ManifestParser.FILE_NAME));
    }

    /**
     * Reads and checks a manifest file of any name; its directory is the machine directory (where
     * relative paths in properties resolve).
     */
    public Check checkFile(Path file) {
        Path absolute = file.toAbsolutePath();
        try {
            return check(ManifestParser.readFile(absolute), absolute.getParent(), true);
        } catch (ManifestException e) {
            return new Check(e.problems(), List.of(), List.of());
        }
    }

    /**
     * Checks a decoded manifest.
     *
     * @param fileBased whether it came from a file (compiled-in machines skip the subscription check, as the original)
     */
    public Check check(Manifest manifest, Path directory, boolean fileBased) {
        MachineDefinition m = manifest.definition();
        String file = manifest.source().toString();
        List<String> errors = new ArrayList<>();
        List<String> warnings = new ArrayList<>(manifest.warnings());

        // the original's checks, in its order
        if (m.name().isEmpty()) {
            errors.add(file + ": name: a machine name is required");
        }
        if (m.version().isEmpty()) {
            errors.add(file + ": version: a machine version is required");
        }
        if (m.initialState().isEmpty()) {
            errors.add(file + ": initial_state: an initial state is required");
        }
        if (m.transitions().isEmpty()) {
            errors.add(file + ": transitions: no transitions defined");
        }
        if (m.watchers().isEmpty()) {
            errors.add(file + ": watchers: no watchers defined");
        }
        Set<String> states = m.knownStates();
        Set<String> transitions = m.knownTransitions();
        List<Duration> announce = new ArrayList<>();
        for (int i = 0; i < m.watchers().size(); i++) {
            WatcherDefinition w = m.watchers().get(i);
            String at = file + ": " + watcherLabel(i, w);
            Duration a = Duration.ZERO;
            if (!w.announceInterval().isBlank()) {
                try {
                    a = ChoriaDuration.parse(w.announceInterval());
                    if (a.compareTo(MIN_ANNOUNCE) < 0) {
                        errors.add(at + ": announce_interval: " + GoDuration.format(a) + " is too small, minimum is 1m");
                    }
                } catch (DurationFormatException e) {
                    errors.add(at + ": announce_interval: '" + w.announceInterval() + "' is not a duration: " + e.getMessage());
                }
            }
            announce.add(a);
            for (String s : w.stateMatch()) {
                if (!states.contains(s)) {
                    errors.add(at + ": state_match: invalid state " + s + ", known states are " + String.join(", ", states));
                }
            }
            if (!w.failTransition().isEmpty() && !transitions.contains(w.failTransition())) {
                errors.add(at + ": fail_transition: invalid transition " + w.failTransition()
                        + ", known transitions are " + String.join(", ", transitions));
            }
            if (!w.successTransition().isEmpty() && !transitions.contains(w.successTransition())) {
                errors.add(at + ": success_transition: invalid transition " + w.successTransition()
                        + ", known transitions are " + String.join(", ", transitions));
            }
        }
        if (fileBased) {
            for (TransitionDefinition t : m.transitions()) {
                for (TransitionDefinition.Subscription s : t.subscribe()) {
                    if (s.machineName().isEmpty()) {
                        errors.add(file + ": transition '" + t.name() + "': subscribe: machine name is required on subscription for transition \"" + t.name() + "\"");
                    }
                    if (s.event().isEmpty()) {
                        errors.add(file + ": transition '" + t.name() + "': subscribe: event name is required on subscription for transition \"" + t.name() + "\"");
                    }
                }
            }
        }

        // checks the original defers to start time or never makes
        for (int i = 0; i < m.transitions().size(); i++) {
            TransitionDefinition t = m.transitions().get(i);
            String at = file + ": transitions[" + i + "]" + (t.name().isEmpty() ? "" : " '" + t.name() + "'");
            if (t.name().isEmpty()) {
                errors.add(at + ": name: a transition name is required");
            }
            if (t.from().isEmpty()) {
                errors.add(at + ": from: at least one state is required, otherwise the transition can never fire");
            }
            if (t.destination().isEmpty()) {
                errors.add(at + ": destination: a destination state is required");
            }
        }
        if (m.splayStart() < 0) {
            errors.add(file + ": splay_start: " + m.splayStart() + " is negative");
        }
        Set<String> names = new HashSet<>();
        List<Watcher> watchers = new ArrayList<>();
        MachineInfo info = new MachineInfo(m.name(), m.version(), directory.toAbsolutePath());
        for (int i = 0; i < m.watchers().size(); i++) {
            WatcherDefinition w = m.watchers().get(i);
            String at = file + ": " + watcherLabel(i, w);
            if (w.name().isEmpty()) {
                errors.add(at + ": name: a watcher name is required");
            } else if (!names.add(w.name())) {
                errors.add(at + ": name: watcher " + w.name() + " already exists in this machine");
            }
            if (w.type().isEmpty()) {
                errors.add(at + ": type: a watcher type is required, known types are " + String.join(", ", registry.types()));
                continue;
            }
            var factory = registry.get(w.type());
            if (factory.isEmpty()) {
                errors.add(at + ": type: unknown watcher type '" + w.type() + "', known types are " + String.join(", ", registry.types()));
                continue;
            }
            Duration interval = Duration.ZERO;
            if (!w.interval().isBlank()) {
                try {
                    interval = ChoriaDuration.parse(w.interval());
                    if (interval.isNegative()) {
                        errors.add(at + ": interval: " + w.interval() + " is negative");
                    }
                } catch (DurationFormatException e) {
                    errors.add(at + ": interval: '" + w.interval() + "' is not a duration: " + e.getMessage());
                    continue;
                }
            }
            WatcherSettings settings = new WatcherSettings(w.name(), w.type(), w.stateMatch(),
                    w.foreignStateRequired(), w.failTransition(), w.successTransition(), interval, announce.get(i));
            WatcherProperties properties = new WatcherProperties(settings.describe(), w.properties());
            try {
                watchers.add(create(factory.get(), settings, properties, info));
                for (String unused : properties.unusedKeys()) {
                    warnings.add(at + ": properties: unknown property '" + unused + "' is ignored");
                }
            } catch (WatcherConfigException e) {
                errors.add(at + ": " + e.getMessage());
            }
        }
        return new Check(errors, warnings, watchers);
    }

    private static Watcher create(WatcherFactory factory, WatcherSettings settings, WatcherProperties properties,
                                  MachineInfo info) throws WatcherConfigException {
        try {
            return factory.create(settings, properties, info);
        } catch (RuntimeException e) {
            throw new WatcherConfigException("could not create " + settings.describe() + ": " + e, e);
        }
    }

    /**
     * Loads a machine ready to start.
     *
     * @throws ManifestException listing every problem when the machine cannot run
     */
    public Machine load(Manifest manifest, Path directory, boolean fileBased, MachineEnvironment environment)
            throws ManifestException {
        Check check = check(manifest, directory, fileBased);
        if (!check.ok()) {
            throw new ManifestException(String.join("; ", check.errors()), check.errors(), null);
        }
        return new Machine(manifest, directory.toAbsolutePath(), check.watchers(), check.warnings(), environment);
    }

    private static String watcherLabel(int index, WatcherDefinition w) {
        return "watchers[" + index + "]" + (w.name().isEmpty() ? "" : " '" + w.name() + "'");
    }
}
