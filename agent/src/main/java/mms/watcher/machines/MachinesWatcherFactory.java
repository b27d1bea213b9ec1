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
        checkPlacement(settings, machine);
        return new MachinesWatcher(settings, MachinesProperties.parse(properties), compiledKeys(), compiledTrust());
    }

    /**
     * What a watcher deploying from a specification needs of its settings and machine: an
     * {@code interval} of at least {@link MachinesWatcher#MIN_INTERVAL}, and a machine directory
     * with a parent, the machines directory the managers are written to. Shared with the plugins
     * watcher.
     *
     * @throws WatcherConfigException naming what is missing or too small
     */
    public static void checkPlacement(WatcherSettings settings, MachineInfo machine) throws WatcherConfigException {
        if (settings.hasInterval() && settings.interval().compareTo(MachinesWatcher.MIN_INTERVAL) < 0) {
            throw new WatcherConfigException("interval of " + settings.describe() + ": "
                    + GoDuration.format(settings.interval()) + " is too small, minimum is "
                    + GoDuration.format(MachinesWatcher.MIN_INTERVAL));
        }
        if (machine.directory() == null || machine.directory().toAbsolutePath().getParent() == null) {
            throw new WatcherConfigException(settings.describe() + ": machine store is not configured");
        }
    }

    /**
     * The public keys compiled into the build.
     *
     * @throws WatcherConfigException when they cannot be read
     */
    public static List<Ed25519PublicKey> compiledKeys() throws WatcherConfigException {
        try {
            return CompiledKeys.load();
        } catch (KeyFormatException | IOException e) {
            throw new WatcherConfigException("cannot read the compiled-in public keys: " + e.getMessage(), e);
        }
    }

    /**
     * The trust document compiled into the build, if any.
     *
     * @throws WatcherConfigException when it cannot be read
     */
    public static Optional<TrustDocument> compiledTrust() throws WatcherConfigException {
        try {
            return CompiledTrust.load();
        } catch (SpecificationException | IOException e) {
            throw new WatcherConfigException("cannot read the compiled-in trust document: " + e.getMessage(), e);
        }
    }
}
