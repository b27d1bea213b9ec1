package mms.watcher.plugins;

import java.util.List;
import java.util.Objects;
import java.util.Optional;
import mms.spec.Ed25519PublicKey;
import mms.spec.TrustDocument;
import mms.watcher.Watcher;
import mms.watcher.WatcherRuntime;
import mms.watcher.WatcherSettings;
import mms.watcher.machines.MachinesStateNotification;
import mms.watcher.machines.MachinesWatcher;

/**
 * The {@code plugins} watcher: the machines watcher's check ({@link MachinesWatcher}, the same
 * specification gate and reconciler) run with the plugins watcher's {@link PluginsProperties#deployment()}
 * — the {@code plugins} envelope signed over its base64 text, managers named
 * {@code <manager_machine_prefix>_<name>}, plugins installed into {@code plugins_directory} —
 * and reporting its state under the plugins watcher's names.
 */
public final class PluginsWatcher implements Watcher {

    private final PluginsProperties properties;
    private final MachinesWatcher check;
    /** The check's last state and its plugins form, so that an unchanged state is the same object. */
    private volatile Published published;

    private record Published(MachinesStateNotification from, PluginsStateNotification state) {}

    /**
     * @param settings      the common settings, not null
     * @param properties    the parsed properties, not null
     * @param compiledKeys  the keys compiled into the build, not null
     * @param compiledTrust the trust document compiled into the build, not null
     */
    public PluginsWatcher(WatcherSettings settings, PluginsProperties properties, List<Ed25519PublicKey> compiledKeys,
                          Optional<TrustDocument> compiledTrust) {
        this.properties = Objects.requireNonNull(properties, "properties");
        this.check = new MachinesWatcher(settings, properties.common(), compiledKeys, compiledTrust,
                properties.deployment());
        MachinesStateNotification initial = check.currentState();
        this.published = new Published(initial, PluginsStateNotification.of(initial));
    }

    @Override
    public WatcherSettings settings() {
        return check.settings();
    }

    /** The parsed properties. */
    public PluginsProperties properties() {
        return properties;
    }

    @Override
    public void run(WatcherRuntime runtime) throws InterruptedException {
        check.run(runtime);
    }

    @Override
    public PluginsStateNotification currentState() {
        MachinesStateNotification now = check.currentState();
        Published last = published;
        if (last.from() != now) {
            last = new Published(now, PluginsStateNotification.of(now));
            published = last;
        }
        return last.state();
    }

    @Override
    public boolean wakeOnDataChange() {
        return check.wakeOnDataChange();
    }

    @Override
    public boolean wakeOnFactsChange() {
        return check.wakeOnFactsChange();
    }

    @Override
    public void close() {
        check.close();
    }
}
