package mms.watcher.schedule;

import java.util.Optional;
import mms.event.WatcherStateReader;
import mms.watcher.MachineInfo;
import mms.watcher.Watcher;
import mms.watcher.WatcherConfigException;
import mms.watcher.WatcherFactory;
import mms.watcher.WatcherProperties;
import mms.watcher.WatcherSettings;

/** Provides the {@code schedule} watcher type. */
public final class ScheduleWatcherFactory implements WatcherFactory {

    @Override
    public String type() {
        return "schedule";
    }

    @Override
    public Optional<WatcherStateReader> stateReader() {
        return Optional.of(ScheduleStateNotification::read);
    }

    @Override
    public Watcher create(WatcherSettings settings, WatcherProperties properties, MachineInfo machine)
            throws WatcherConfigException {
        return new ScheduleWatcher(settings, ScheduleProperties.parse(properties));
    }
}
