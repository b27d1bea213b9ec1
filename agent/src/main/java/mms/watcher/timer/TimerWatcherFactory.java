package mms.watcher.timer;

import java.util.Optional;
import mms.event.WatcherStateReader;
import mms.watcher.MachineInfo;
import mms.watcher.Watcher;
import mms.watcher.WatcherConfigException;
import mms.watcher.WatcherFactory;
import mms.watcher.WatcherProperties;
import mms.watcher.WatcherSettings;

/** Provides the {@code timer} watcher type. */
public final class TimerWatcherFactory implements WatcherFactory {

    @Override
    public String type() {
        return "timer";
    }

    @Override
    public Optional<WatcherStateReader> stateReader() {
        return Optional.of(TimerStateNotification::read);
    }

    @Override
    public Watcher create(WatcherSettings settings, WatcherProperties properties, MachineInfo machine)
            throws WatcherConfigException {
        if (!settings.successTransition().isEmpty()) {
            throw new WatcherConfigException("success_transition of " + settings.describe() + ": '"
                    + settings.successTransition() + "' is not supported, a timer only fires fail_transition when it expires");
        }
        return new TimerWatcher(settings, TimerProperties.parse(properties));
    }
}
