package mms.watcher.expression;

import java.util.Optional;
import mms.duration.GoDuration;
import mms.event.WatcherStateReader;
import mms.watcher.MachineInfo;
import mms.watcher.Watcher;
import mms.watcher.WatcherConfigException;
import mms.watcher.WatcherFactory;
import mms.watcher.WatcherProperties;
import mms.watcher.WatcherSettings;

/** Provides the {@code expression} watcher type. */
public final class ExpressionWatcherFactory implements WatcherFactory {

    @Override
    public String type() {
        return "expression";
    }

    @Override
    public Optional<WatcherStateReader> stateReader() {
        return Optional.of(ExpressionStateNotification::read);
    }

    @Override
    public Watcher create(WatcherSettings settings, WatcherProperties properties, MachineInfo machine)
            throws WatcherConfigException {
        if (settings.hasInterval() && settings.interval().compareTo(ExpressionWatcher.MIN_INTERVAL) < 0) {
            throw new WatcherConfigException("interval of " + settings.describe() + ": "
                    + GoDuration.format(settings.interval()) + " is too small, minimum is "
                    + GoDuration.format(ExpressionWatcher.MIN_INTERVAL));
        }
        return new ExpressionWatcher(settings, ExpressionProperties.parse(properties));
    }
}
