package mms.watcher;

import java.time.Duration;
import java.util.List;
import mms.machine.WatcherDefinition.ForeignState;

/**
 * The settings every watcher has, parsed and validated.
 *
 * @param name                 unique within the machine
 * @param type                 watcher type
 * @param stateMatch           active states, empty for all
 * @param foreignStateRequired other machines' required states
 * @param failTransition       event on failure, empty for none
 * @param successTransition    event on success, empty for none
 * @param interval             the watcher-level {@code interval}, {@link Duration#ZERO} when unset
 * @param announceInterval     publish the state this often, {@link Duration#ZERO} for never
 */
public record WatcherSettings(
        String name,
        String type,
        List<String> stateMatch,
        List<ForeignState> foreignStateRequired,
        String failTransition,
        String successTransition,
        Duration interval,
        Duration announceInterval) {

    public WatcherSettings {
        stateMatch = List.copyOf(stateMatch);
        foreignStateRequired = List.copyOf(foreignStateRequired);
    }

    /** Whether {@code interval} was set. */
    public boolean hasInterval() {
        return !interval.isZero();
    }

    /** {@code <type> watcher '<name>'}, the way messages name a watcher. */
    public String describe() {
        return type + " watcher '" + name + "'";
    }
}
