package mms.watcher.gossip;

import java.util.Optional;
import mms.event.WatcherStateReader;
import mms.watcher.MachineInfo;
import mms.watcher.Watcher;
import mms.watcher.WatcherConfigException;
import mms.watcher.WatcherFactory;
import mms.watcher.WatcherProperties;
import mms.watcher.WatcherSettings;

/** Provides the {@code gossip} watcher type. */
public final class GossipWatcherFactory implements WatcherFactory {

    @Override
    public String type() {
        return "gossip";
    }

    @Override
    public Optional<WatcherStateReader> stateReader() {
        return Optional.of(GossipStateNotification::read);
    }

    @Override
    public Watcher create(WatcherSettings settings, WatcherProperties properties, MachineInfo machine)
            throws WatcherConfigException {
        return new GossipWatcher(settings, GossipProperties.parse(settings, properties));
    }
}
