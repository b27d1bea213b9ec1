package mms.watcher.schedule;

import com.fasterxml.jackson.databind.node.ObjectNode;
import mms.event.EventData;
import mms.event.EventFormatException;
import mms.event.WatcherState;

/**
 * The schedule-specific members of {@code io.choria.machine.watcher.schedule.v1.state}.
 *
 * @param state whether a window is open
 */
public record ScheduleStateNotification(ScheduleState state) implements WatcherState {

    /**
     * Reads the members {@link #writeTo} writes back from a received {@code io.choria.machine.watcher.schedule.v1.state}.
     *
     * @throws EventFormatException when a member is missing or has a value this watcher never writes
     */
    public static ScheduleStateNotification read(EventData data) throws EventFormatException {
        return new ScheduleStateNotification(data.wireName("state", ScheduleState.class, ScheduleState::wireName));
    }

    @Override
    public void writeTo(ObjectNode data) {
        data.put("state", state.wireName());
    }

    @Override
    public String text(String identity, String machine, String watcher) {
        return identity + " " + machine + "#" + watcher + " schedule state: " + state.wireName();
    }
}
