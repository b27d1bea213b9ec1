package mms.runtime;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import mms.event.EventSink;
import mms.event.MachineEvent;
import mms.event.TransitionNotification;

/** Keeps every event, for assertions. */
final class RecordingSink implements EventSink {
    final List<MachineEvent> events = new CopyOnWriteArrayList<>();

    @Override
    public void publish(MachineEvent event) {
        events.add(event);
    }

    List<String> transitions() {
        return events.stream().filter(e -> e instanceof TransitionNotification)
                .map(e -> ((TransitionNotification) e).transition()).toList();
    }
}
