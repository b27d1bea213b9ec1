package mms.watcher.schedule;

import com.fasterxml.jackson.databind.node.ObjectNode;
import mms.event.WatcherState;

/**
 * The schedule-specific members of {@code io.choria.machine.watcher.schedule.v1.state}.
 *
 * @param state whether a window is open
 */
public record ScheduleStateNotification(ScheduleState state) implements WatcherState {

    @Override
    public void writeTo(ObjectNode data) {
        data.put("state", state.wireName());
    }

    @Override
    public String text(String identity, String machine, String watcher) {
        return identity + " " + machine + "#" + watcher + " schedule state: " + state.wireName();
    }
}
