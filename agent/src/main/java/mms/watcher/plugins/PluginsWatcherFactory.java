package mms.watcher.plugins;

import java.util.Optional;
import mms.event.WatcherStateReader;
import mms.watcher.MachineInfo;
import mms.watcher.Watcher;
import mms.watcher.WatcherConfigException;
import mms.watcher.WatcherFactory;
import mms.watcher.WatcherProperties;
import mms.watcher.WatcherSettings;
import mms.watcher.machines.MachinesWatcherFactory;

/**
 * Provides the {@code plugins} watcher type. Its managers are written next to the watcher's own
 * machine directory even when {@code plugins_directory} sends the plugins elsewhere, so that
 * directory is always required.
 */
public final class PluginsWatcherFactory implements WatcherFactory {

    @Override
    public String type() {
        return "plugins";
    }

    @Override
    public Optional<WatcherStateReader> stateReader() {
        return Optional.of(PluginsStateNotification::read);
    }

    @Override
    public Watcher create(WatcherSettings settings, WatcherProperties properties, MachineInfo machine)
            throws WatcherConfigException {
        MachinesWatcherFactory.checkPlacement(settings, machine);
        return new PluginsWatcher(settings, PluginsProperties.parse(properties), MachinesWatcherFactory.compiledKeys(),
                MachinesWatcherFactory.compiledTrust());
    }
}
