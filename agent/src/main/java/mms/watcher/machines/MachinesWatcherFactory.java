package mms.watcher.machines;

import java.io.IOException;
import java.util.List;
import java.util.Optional;
import mms.duration.GoDuration;
import mms.event.WatcherStateReader;
import mms.spec.CompiledKeys;
import mms.spec.CompiledTrust;
import mms.spec.SpecificationException;
import mms.spec.TrustDocument;
import mms.spec.Ed25519PublicKey;
import mms.spec.KeyFormatException;
import mms.watcher.MachineInfo;
import mms.watcher.Watcher;
import mms.watcher.WatcherConfigException;
import mms.watcher.WatcherFactory;
import mms.watcher.WatcherProperties;
import mms.watcher.WatcherSettings;

/** Provides the {@code machines} watcher type. */
public final class MachinesWatcherFactory implements WatcherFactory {

    @Override
    public String type() {
        return "machines";
    }

    @Override
    public Optional<WatcherStateReader> stateReader() {
        return Optional.of(MachinesStateNotification::read);
    }

    @Override
    public Watcher create(WatcherSettings settings, WatcherProperties properties, MachineInfo machine)
            throws WatcherConfigException {
        if (settings.hasInterval() && settings.interval().compareTo(MachinesWatcher.MIN_INTERVAL) < 0) {
            throw new WatcherConfigException("interval of " + settings.describe() + ": "
                    + GoDuration.format(settings.interval()) + " is too small, minimum is "
                    + GoDuration.format(MachinesWatcher.MIN_INTERVAL));
        }
        if (machine.directory() == null || machine.directory().toAbsolutePath().getParent() == null) {
            throw new WatcherConfigException(settings.describe() + ": machine store is not configured");
        }
        List<Ed25519PublicKey> compiled;
        try {
            compiled = CompiledKeys.load();
        } catch (KeyFormatException | IOException e) {
            throw new WatcherConfigException("cannot read the compiled-in public keys: " + e.getMessage(), e);
        }
        Optional<TrustDocument> compiledTrust;
        try {
            compiledTrust = CompiledTrust.load();
        } catch (SpecificationException | IOException e) {
            throw new WatcherConfigException("cannot read the compiled-in trust document: " + e.getMessage(), e);
        }
        return new MachinesWatcher(settings, MachinesProperties.parse(properties), compiled, compiledTrust);
    }
}
