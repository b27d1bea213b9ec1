package mms.watcher.file;

import java.util.Optional;
import mms.duration.GoDuration;
import mms.event.WatcherStateReader;
import mms.watcher.MachineInfo;
import mms.watcher.Watcher;
import mms.watcher.WatcherConfigException;
import mms.watcher.WatcherFactory;
import mms.watcher.WatcherProperties;
import mms.watcher.WatcherSettings;

/** Provides the {@code file} watcher type. */
public final class FileWatcherFactory implements WatcherFactory {

    @Override
    public String type() {
        return "file";
    }

    @Override
    public Optional<WatcherStateReader> stateReader() {
        return Optional.of(FileStateNotification::read);
    }

    @Override
    public Watcher create(WatcherSettings settings, WatcherProperties properties, MachineInfo machine)
            throws WatcherConfigException {
        if (settings.hasInterval() && settings.interval().compareTo(FileWatcher.MIN_INTERVAL) < 0) {
            throw new WatcherConfigException("interval of " + settings.describe() + ": "
                    + GoDuration.format(settings.interval()) + " is too small, minimum is "
                    + GoDuration.format(FileWatcher.MIN_INTERVAL));
        }
        return new FileWatcher(settings, FileProperties.parse(properties, machine.directory()));
    }
}
