package mms.watcher.archive;

import java.time.Duration;
import java.time.Instant;
import mms.archive.ArchiveException;
import mms.archive.Installer;
import mms.event.WatcherState;
import mms.watcher.MachineContext;
import mms.watcher.Watcher;
import mms.watcher.WatcherRuntime;
import mms.watcher.WatcherSettings;

/**
 * Keeps {@code <target>/<creates>} equal to the verified content of a {@code .tar.gz} archive.
 *
 * <h2>Run model</h2>
 * At start the installer recovers from an interrupted install ({@link Installer#recover()}), then
 * one check runs at once, another on every wake-up (a state change; a data change when
 * {@code source}, {@code checksum} or {@code verify_checksum} are templates) and, when
 * {@code interval} is set, one {@code interval} after the previous check ended. Checks are
 * serialised on the watcher's thread.
 *
 * <h2>Outcomes</h2>
 * See {@link ArchiveCheck} for one check. Then:
 * <ul>
 *   <li>{@code downloaded}: published; the success transition fires — after the atomic install,
 *       so the machine only moves once the new version is in place;</li>
 *   <li>{@code verified}: the success transition fires, as in the original, except when the last
 *       firing in this same machine state did nothing (the event is not valid there, or leads to the
 *       same state): firing it again could change nothing and would only log a warning and feed
 *       storm protection every interval. It is published only when the previous outcome was not
 *       {@code verified}; the original published on every interval, {@code announce_interval}
 *       serves periodic publication. The JSON is unchanged;</li>
 *   <li>{@code error} and {@code verify_failed}: logged, published; the failure transition fires;</li>
 *   <li>{@code skipped}: nothing.</li>
 * </ul>
 */
public final class ArchiveWatcher implements Watcher {
    /** Smallest accepted {@code interval}. */
    public static final Duration MIN_INTERVAL = Duration.ofSeconds(10);
    /** Pause between two progress log lines of one download. */
    static final Duration PROGRESS_INTERVAL = Duration.ofSeconds(10);

    private final WatcherSettings settings;
    private final ArchiveProperties properties;
    private final Installer installer;
    private volatile ArchiveStateNotification current;
    /** The machine state in which firing the success transition last did nothing, or null. */
    private String quietSuccessState;

    /**
     * A watcher with validated settings and properties.
     *
     * @throws IllegalArgumentException when {@code creates} is not a plain directory name (parse
     *                                  checks it first)
     */
    public ArchiveWatcher(WatcherSettings settings, ArchiveProperties properties) {
        this.settings = settings;
        this.properties = properties;
        try {
            this.installer = new Installer(properties.target(), properties.creates());
        } catch (ArchiveException e) {
            throw new IllegalArgumentException(e.getMessage(), e);
        }
        this.current = new ArchiveStateNotification(ArchiveCheck.redact(properties.source()), properties.creates(),
                ArchiveState.UNKNOWN, 0);
    }

    @Override
    public WatcherSettings settings() {
        return settings;
    }

    /** The validated properties. */
    public ArchiveProperties properties() {
        return properties;
    }

    @Override
    public WatcherState currentState() {
        return current;
    }

    @Override
    public boolean wakeOnDataChange() {
        return properties.templated();
    }

    @Override
    public void run(WatcherRuntime runtime) throws InterruptedException {
        runtime.log().info("archive watcher for {} starting", installer.installed());
        try {
            installer.recover();
        } catch (ArchiveException e) {
            runtime.log().error("{}", e.getMessage());
        }
        ArchiveCheck check = new ArchiveCheck(settings, properties, installer, runtime);
        while (true) {
            handle(runtime, check.run());
            Instant next = settings.hasInterval() ? runtime.now().plus(settings.interval()) : Instant.MAX;
            while (!runtime.awaitWakeup(next) && runtime.now().isBefore(next)) {
                // a spurious return before the deadline: keep waiting
            }
        }
    }

    private void handle(WatcherRuntime runtime, ArchiveCheck.Result result) throws InterruptedException {
        ArchiveState previous = current.previousOutcome();
        String source = result.source().orElse(current.source());
        current = new ArchiveStateNotification(source, properties.creates(), result.state(), result.runTimeNanos());
        switch (result.state()) {
            case DOWNLOADED -> {
                runtime.publish();
                quietSuccessState = null;
                success(runtime);
            }
            case VERIFIED -> {
                if (previous != ArchiveState.VERIFIED) {
                    runtime.publish();
                }
                success(runtime);
            }
            case ERROR, VERIFY_FAILED -> {
                runtime.log().error("managing archive failed: {}", result.error());
                runtime.publish();
                runtime.failure();
            }
            case SKIPPED, UNKNOWN, NO_CREATES, NO_CHECKSUMS -> {
                // inactive, or an intermediate step that never ends a check: nothing to tell
            }
        }
    }

    private void success(WatcherRuntime runtime) throws InterruptedException {
        MachineContext machine = runtime.machine();
        String before = machine.state();
        if (before.equals(quietSuccessState)) {
            return;
        }
        runtime.success();
        quietSuccessState = machine.state().equals(before) ? before : null;
    }
}
