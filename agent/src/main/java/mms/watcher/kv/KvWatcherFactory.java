package mms.watcher.kv;

import java.util.Optional;
import mms.event.WatcherStateReader;
import mms.watcher.MachineInfo;
import mms.watcher.Watcher;
import mms.watcher.WatcherConfigException;
import mms.watcher.WatcherFactory;
import mms.watcher.WatcherProperties;
import mms.watcher.WatcherSettings;

/** Registers the {@code kv} watcher type. */
public final class KvWatcherFactory implements WatcherFactory {

    @Override
    public String type() {
        return "kv";
    }

    @Override
    public Optional<WatcherStateReader> stateReader() {
        return Optional.of(KvStateNotification::read);
    }

    @Override
    public Watcher create(WatcherSettings settings, WatcherProperties properties, MachineInfo machine)
            throws WatcherConfigException {
        return new KvWatcher(settings, KvProperties.parse(settings, properties));
    }
}
