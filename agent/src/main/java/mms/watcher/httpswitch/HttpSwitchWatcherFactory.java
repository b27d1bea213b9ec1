package mms.watcher.httpswitch;

import java.util.Optional;
import mms.event.WatcherStateReader;
import mms.watcher.MachineInfo;
import mms.watcher.Watcher;
import mms.watcher.WatcherConfigException;
import mms.watcher.WatcherFactory;
import mms.watcher.WatcherProperties;
import mms.watcher.WatcherSettings;

/** Provides the {@code httpswitch} watcher type. */
public final class HttpSwitchWatcherFactory implements WatcherFactory {

    @Override
    public String type() {
        return "httpswitch";
    }

    @Override
    public Optional<WatcherStateReader> stateReader() {
        return Optional.of(HttpSwitchStateNotification::read);
    }

    @Override
    public Watcher create(WatcherSettings settings, WatcherProperties properties, MachineInfo machine)
            throws WatcherConfigException {
        return new HttpSwitchWatcher(settings, HttpSwitchProperties.parse(properties));
    }
}
