package mms.machine;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A watcher entry of {@code machine.yaml}, before its type interprets {@code properties}.
 *
 * @param name                 unique within the machine
 * @param type                 the registered watcher type, e.g. {@code exec}
 * @param stateMatch           states in which the watcher is active; empty means all
 * @param foreignStateRequired other machines' states that must also hold
 * @param failTransition       event fired on the failure outcome, empty for none
 * @param successTransition    event fired on the success outcome, empty for none
 * @param interval             raw Choria duration text, empty when unset
 * @param announceInterval     raw Choria duration text, empty when unset
 * @param properties           type-specific settings as decoded from YAML (strings, numbers, booleans, lists, maps)
 */
public record WatcherDefinition(
        String name,
        String type,
        List<String> stateMatch,
        List<ForeignState> foreignStateRequired,
        String failTransition,
        String successTransition,
        String interval,
        String announceInterval,
        Map<String, Object> properties) {

    public WatcherDefinition {
        stateMatch = List.copyOf(stateMatch);
        foreignStateRequired = List.copyOf(foreignStateRequired);
        properties = Collections.unmodifiableMap(new LinkedHashMap<>(properties));
    }

    /** Requires machine {@code machineName} to be in {@code state}. */
    public record ForeignState(String machineName, String state) {}
}
