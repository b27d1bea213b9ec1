package mms.event;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/** One sink failing never keeps an event, or a run report, from the others. */
class FanOutEventSinkTest {

    static final class Recording implements EventSink {
        final List<MachineEvent> events = new CopyOnWriteArrayList<>();
        final List<WatcherStateNotification> runs = new CopyOnWriteArrayList<>();

        @Override
        public void publish(MachineEvent event) {
            events.add(event);
        }

        @Override
        public void ran(WatcherStateNotification run) {
            runs.add(run);
        }
    }

    static final class Failing implements EventSink {
        @Override
        public void publish(MachineEvent event) {
            throw new IllegalStateException("broken");
        }

        @Override
        public void ran(WatcherStateNotification run) {
            throw new IllegalStateException("broken");
        }
    }

    static final WatcherState STATE = new WatcherState() {
        @Override
        public void writeTo(ObjectNode data) {}

        @Override
        public String text(String identity, String machine, String watcher) {
            return "";
        }
    };

    @Test
    void deliversEventsAndRunsToEverySinkPastAFailingOne() {
        Recording first = new Recording();
        Recording last = new Recording();
        var run = new WatcherStateNotification("node1", "id", "1.0.0", 0, "probe", "m", "w", STATE);
        var transition = new TransitionNotification("node1", "id", "1.0.0", 0, "m", "go", "a", "b");

        try (FanOutEventSink fanOut = new FanOutEventSink(List.of(first, new Failing(), last))) {
            fanOut.publish(transition);
            fanOut.ran(run);
        }

        assertThat(first.events).containsExactly(transition);
        assertThat(last.events).containsExactly(transition);
        assertThat(first.runs).containsExactly(run);
        assertThat(last.runs).containsExactly(run);
    }

    @Test
    void sinksThatDoNotCountRunsIgnoreThem() {
        List<MachineEvent> events = new CopyOnWriteArrayList<>();
        EventSink plain = events::add;

        plain.ran(new WatcherStateNotification("node1", "id", "1.0.0", 0, "probe", "m", "w", STATE));

        assertThat(events).isEmpty();
        assertThat(STATE.outcome()).isEmpty();
        assertThat(STATE.runTime()).isEmpty();
    }
}
