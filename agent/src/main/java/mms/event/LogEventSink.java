package mms.event;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Logs every event at INFO in the host notifier's wording:
 * {@code <machine> transitioned via event <t>: from <a> into <b>}, and watcher states and rollout
 * transitions in their text form.
 */
public final class LogEventSink implements EventSink {
    private static final Logger LOG = LoggerFactory.getLogger("mms.events");

    @Override
    public void publish(MachineEvent event) {
        switch (event) {
            case TransitionNotification t -> LOG.info("{} transitioned via event {}: from {} into {}",
                    t.machine(), t.transition(), t.fromState(), t.toState());
            case WatcherStateNotification s -> LOG.info("{}", s.text());
            case RolloutTransition r -> LOG.info("{}", r.text());
        }
    }
}
