package mms.watcher.exec;

import java.util.Optional;
import mms.duration.GoDuration;
import mms.event.WatcherStateReader;
import mms.watcher.MachineInfo;
import mms.watcher.Watcher;
import mms.watcher.WatcherConfigException;
import mms.watcher.WatcherFactory;
import mms.watcher.WatcherProperties;
import mms.watcher.WatcherSettings;

/** Provides the {@code exec} watcher type. */
public final class ExecWatcherFactory implements WatcherFactory {

    @Override
    public String type() {
        return "exec";
    }

    @Override
    public Optional<WatcherStateReader> stateReader() {
        return Optional.of(ExecStateNotification::read);
    }

    @Override
    public Watcher create(WatcherSettings settings, WatcherProperties properties, MachineInfo machine)
            throws WatcherConfigException {
        if (settings.hasInterval() && settings.interval().compareTo(ExecWatcher.MIN_INTERVAL) < 0) {
            throw new WatcherConfigException("interval of " + settings.describe() + ": "
                    + GoDuration.format(settings.interval()) + " is too small, minimum is "
                    + GoDuration.format(ExecWatcher.MIN_INTERVAL));
        }
        return new ExecWatcher(settings, ExecProperties.parse(properties));
    }
}
