package mms.watcher.ccmmanifest;

import java.util.Optional;
import mms.duration.GoDuration;
import mms.event.WatcherStateReader;
import mms.watcher.MachineInfo;
import mms.watcher.Watcher;
import mms.watcher.WatcherConfigException;
import mms.watcher.WatcherFactory;
import mms.watcher.WatcherProperties;
import mms.watcher.WatcherSettings;

/** Provides the {@code ccm_manifest} watcher type. */
public final class CcmManifestWatcherFactory implements WatcherFactory {

    @Override
    public String type() {
        return "ccm_manifest";
    }

    @Override
    public Optional<WatcherStateReader> stateReader() {
        return Optional.of(CcmManifestStateNotification::read);
    }

    @Override
    public Watcher create(WatcherSettings settings, WatcherProperties properties, MachineInfo machine)
            throws WatcherConfigException {
        CcmManifestProperties parsed = CcmManifestProperties.parse(properties);
        if (settings.hasInterval() && settings.interval().compareTo(CcmManifestWatcher.MIN_INTERVAL) < 0) {
            throw new WatcherConfigException("interval of " + settings.describe() + ": "
                    + GoDuration.format(settings.interval()) + " is too small, minimum is "
                    + GoDuration.format(CcmManifestWatcher.MIN_INTERVAL));
        }
        properties.warn(parsed.manifest().isEmpty() ? "manifest_file" : "manifest", parsed.describe(),
                CcmManifestWatcher.NOT_APPLIED);
        return new CcmManifestWatcher(settings, parsed, machine.directory());
    }
}
