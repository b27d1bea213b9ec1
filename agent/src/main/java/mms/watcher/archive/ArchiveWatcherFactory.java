package mms.watcher.archive;

import java.util.Optional;
import mms.duration.GoDuration;
import mms.event.WatcherStateReader;
import mms.watcher.MachineInfo;
import mms.watcher.Watcher;
import mms.watcher.WatcherConfigException;
import mms.watcher.WatcherFactory;
import mms.watcher.WatcherProperties;
import mms.watcher.WatcherSettings;

/** Provides the {@code archive} watcher type. */
public final class ArchiveWatcherFactory implements WatcherFactory {

    @Override
    public String type() {
        return "archive";
    }

    @Override
    public Optional<WatcherStateReader> stateReader() {
        return Optional.of(ArchiveStateNotification::read);
    }

    @Override
    public Watcher create(WatcherSettings settings, WatcherProperties properties, MachineInfo machine)
            throws WatcherConfigException {
        if (settings.hasInterval() && settings.interval().compareTo(ArchiveWatcher.MIN_INTERVAL) < 0) {
            throw new WatcherConfigException("interval of " + settings.describe() + ": "
                    + GoDuration.format(settings.interval()) + " is too small, minimum is "
                    + GoDuration.format(ArchiveWatcher.MIN_INTERVAL));
        }
        return new ArchiveWatcher(settings, ArchiveProperties.parse(properties, machine.directory()));
    }
}
