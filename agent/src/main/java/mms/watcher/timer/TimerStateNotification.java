package mms.watcher.timer;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import mms.duration.GoDuration;
import mms.event.EventData;
import mms.event.EventFormatException;
import mms.event.WatcherState;

/**
 * The timer-specific members of {@code io.choria.machine.watcher.timer.v1.state}.
 *
 * @param state the timer's state
 * @param timer the timer length (after splay), written in nanoseconds
 */
public record TimerStateNotification(TimerState state, Duration timer) implements WatcherState {

    /**
     * Reads the members {@link #writeTo} writes back from a received {@code io.choria.machine.watcher.timer.v1.state}.
     *
     * @throws EventFormatException when a member is missing or has a value this watcher never writes
     */
    public static TimerStateNotification read(EventData data) throws EventFormatException {
        return new TimerStateNotification(data.wireName("state", TimerState.class, TimerState::wireName),
                Duration.ofNanos(data.integer("timer")));
    }

    @Override
    public void writeTo(ObjectNode data) {
        data.put("state", state.wireName());
        data.put("timer", timer.toNanos());
    }

    @Override
    public String text(String identity, String machine, String watcher) {
        return identity + " timer " + machine + "#" + watcher + " state: " + state.wireName() + " with "
                + GoDuration.format(timer) + " timer";
    }
}
