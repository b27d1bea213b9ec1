package mms.watcher.nagios;

import java.util.Optional;
import mms.duration.GoDuration;
import mms.event.WatcherStateReader;
import mms.watcher.MachineInfo;
import mms.watcher.Watcher;
import mms.watcher.WatcherConfigException;
import mms.watcher.WatcherFactory;
import mms.watcher.WatcherProperties;
import mms.watcher.WatcherSettings;

/** Provides the {@code nagios} watcher type. */
public final class NagiosWatcherFactory implements WatcherFactory {

    @Override
    public String type() {
        return "nagios";
    }

    @Override
    public Optional<WatcherStateReader> stateReader() {
        return Optional.of(NagiosStateNotification::read);
    }

    @Override
    public Watcher create(WatcherSettings settings, WatcherProperties properties, MachineInfo machine)
            throws WatcherConfigException {
        if (settings.hasInterval() && settings.interval().compareTo(NagiosWatcher.MIN_INTERVAL) < 0) {
            throw new WatcherConfigException("interval of " + settings.describe() + ": "
                    + GoDuration.format(settings.interval()) + " is too small, minimum is "
                    + GoDuration.format(NagiosWatcher.MIN_INTERVAL));
        }
        return new NagiosWatcher(settings, NagiosProperties.parse(properties, machine.directory()));
    }
}
