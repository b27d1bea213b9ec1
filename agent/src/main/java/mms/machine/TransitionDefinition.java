package mms.machine;

import java.util.List;

/**
 * One FSM event. The same name may appear in several entries with different {@code from} lists;
 * each (name, from-state) pair is an edge.
 *
 * @param name        the event name watchers fire
 * @param from        states the event may fire from
 * @param destination the state it leads to
 * @param subscribe   other machines' events that fire this one
 * @param description human text for graphs and docs, may be empty
 */
public record TransitionDefinition(
        String name, List<String> from, String destination, List<Subscription> subscribe, String description) {

    public TransitionDefinition {
        from = List.copyOf(from);
        subscribe = List.copyOf(subscribe);
    }

    /** Fire the owning transition when machine {@code machineName} completes {@code event}. */
    public record Subscription(String machineName, String event) {}
}
