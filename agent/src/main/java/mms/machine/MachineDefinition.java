package mms.machine;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * A machine as declared in {@code machine.yaml}.
 *
 * @param name         machine name, used in events, logs and cross-machine lookups
 * @param version      free text (the original's schema asks for N.N.N)
 * @param initialState state the machine enters on every load
 * @param transitions  the FSM's events, in file order
 * @param watchers     the watchers, in file order
 * @param splayStart   seconds; when positive the machine waits a random time below it before starting
 */
public record MachineDefinition(
        String name,
        String version,
        String initialState,
        List<TransitionDefinition> transitions,
        List<WatcherDefinition> watchers,
        int splayStart) {

    public MachineDefinition {
        transitions = List.copyOf(transitions);
        watchers = List.copyOf(watchers);
    }

    /** The initial state, every {@code from} state and every destination, in first-seen order. */
    public Set<String> knownStates() {
        Set<String> states = new LinkedHashSet<>();
        if (!initialState.isEmpty()) {
            states.add(initialState);
        }
        for (TransitionDefinition t : transitions) {
            states.addAll(t.from());
            if (!t.destination().isEmpty()) {
                states.add(t.destination());
            }
        }
        return states;
    }

    /** Every transition name, in first-seen order. */
    public Set<String> knownTransitions() {
        Set<String> names = new LinkedHashSet<>();
        transitions.forEach(t -> names.add(t.name()));
        return names;
    }
}
