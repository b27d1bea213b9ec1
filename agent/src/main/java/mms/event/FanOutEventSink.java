package mms.event;

import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Delivers each event to several sinks; one failing sink does not stop the others. */
public final class FanOutEventSink implements EventSink {
    private static final Logger LOG = LoggerFactory.getLogger(FanOutEventSink.class);
    private final List<EventSink> sinks;

    public FanOutEventSink(List<EventSink> sinks) {
        this.sinks = List.copyOf(sinks);
    }

    @Override
    public void publish(MachineEvent event) {
        for (EventSink sink : sinks) {
            try {
                sink.publish(event);
            } catch (RuntimeException e) {
                LOG.warn("event sink {} failed: {}", sink.getClass().getSimpleName(), e.toString());
            }
        }
    }

    @Override
    public void ran(WatcherStateNotification run) {
        for (EventSink sink : sinks) {
            try {
                sink.ran(run);
            } catch (RuntimeException e) {
                LOG.warn("event sink {} failed: {}", sink.getClass().getSimpleName(), e.toString());
            }
        }
    }

    @Override
    public void close() {
        sinks.forEach(EventSink::close);
    }
}
