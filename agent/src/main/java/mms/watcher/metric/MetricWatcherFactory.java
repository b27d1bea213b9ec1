package mms.watcher.metric;

import java.util.Optional;
import mms.event.WatcherStateReader;
import mms.watcher.MachineInfo;
import mms.watcher.Watcher;
import mms.watcher.WatcherConfigException;
import mms.watcher.WatcherFactory;
import mms.watcher.WatcherProperties;
import mms.watcher.WatcherSettings;

/**
 * Provides the {@code metric} watcher type. Its period is the {@code interval} property; the
 * watcher-level {@code interval} is ignored, as in the original.
 */
public final class MetricWatcherFactory implements WatcherFactory {

    @Override
    public String type() {
        return "metric";
    }

    @Override
    public Optional<WatcherStateReader> stateReader() {
        return Optional.of(MetricStateNotification::read);
    }

    @Override
    public Watcher create(WatcherSettings settings, WatcherProperties properties, MachineInfo machine)
            throws WatcherConfigException {
        return new MetricWatcher(settings, MetricProperties.parse(properties, settings.name()));
    }
}
