package mms.watcher.archive;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import mms.archive.ArchiveException;
import mms.archive.Installer;
import mms.archive.Staging;
import mms.duration.GoDuration;
import mms.event.WatcherState;
import mms.time.Backoff;
import mms.time.FailureSeries;
import mms.url.Urls;
import mms.watcher.MachineContext;
import mms.watcher.Watcher;
import mms.watcher.WatcherRuntime;
import mms.watcher.WatcherSettings;

/**
 * Keeps {@code <target>/<creates>} equal to the verified content of a {@code .tar.gz} archive.
 *
 * <h2>Run model</h2>
 * At start the installer recovers from an interrupted install ({@link Installer#recover()}), then
 * one check runs at once, another on every wake-up (a state change; a change of machine data or
 * facts when {@code source}, {@code checksum} or {@code verify_checksum} are templates) and, when
 * {@code interval} is set, one {@code interval} after the previous check ended. A failed check
 * ({@code error}, {@code verify_failed}) is retried sooner, with a jittered exponential backoff:
 * between half and all of 5 s, 10 s, 20 s, … up to the interval (5 minutes without one), so a
 * fleet that failed together does not retry together; a successful check resets it. Checks are
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
 *   <li>{@code error} and {@code verify_failed}: the failure transition fires (except, as for
 *       success, when its last firing in this same state did nothing). Logged at ERROR and
 *       published when the failure is new (the first, or another message than the previous
 *       failure's); the same failure again is logged at DEBUG, with an ERROR reminder every
 *       10 minutes, and not published again: the original logged and published every one, at its
 *       slower pace;</li>
 *   <li>{@code skipped}: nothing.</li>
 * </ul>
 */
public final class ArchiveWatcher implements Watcher {
    /** Smallest accepted {@code interval}. */
    public static final Duration MIN_INTERVAL = Duration.ofSeconds(10);
    /** Pause between two progress log lines of one download. */
    static final Duration PROGRESS_INTERVAL = Duration.ofSeconds(10);
    /** The step of the first retry after a failed check; later ones double up to the interval. */
    static final Duration FIRST_RETRY = Duration.ofSeconds(5);
    /** The largest retry step of a watcher without an interval. */
    static final Duration RETRY_WITHOUT_INTERVAL = Duration.ofMinutes(5);
    /** How often a failure that keeps repeating is logged at ERROR again. */
    static final Duration FAILURE_REMINDER = Duration.ofMinutes(10);

    private final WatcherSettings settings;
    private final ArchiveProperties properties;
    private final Installer installer;
    private volatile ArchiveStateNotification current;
    /** The machine state in which firing the success transition last did nothing, or null. */
    private String quietSuccessState;
    /** The machine state in which firing the failure transition last did nothing, or null. */
    private String quietFailureState;
    /** Failed checks in a row; loop thread only. */
    private final FailureSeries failures = new FailureSeries(FAILURE_REMINDER);
    private final Backoff retry;

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
        this.current = new ArchiveStateNotification(Urls.redact(properties.source()), properties.creates(),
                ArchiveState.UNKNOWN, 0, 0, Optional.empty());
        this.retry = Backoff.exponential(FIRST_RETRY, settings.hasInterval() ? settings.interval() : RETRY_WITHOUT_INTERVAL);
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
            Instant next = handle(runtime, check.run());
            while (!runtime.awaitWakeup(next) && runtime.now().isBefore(next)) {
                // a spurious return before the deadline: keep waiting
            }
        }
    }

    /** Reports one check's outcome. @return when the next check is due, unless a wake-up comes first */
    private Instant handle(WatcherRuntime runtime, ArchiveCheck.Result result) throws InterruptedException {
        if (result.state() == ArchiveState.ERROR && Thread.interrupted()) {
            // the machine is stopping (its manager replaced or purged) and cut the check short, e.g. an
            // extraction whose file channel the interrupt closed: that is no failure to log or act on
            throw new InterruptedException("stopped during an archive check");
        }
        ArchiveState previous = current.previousOutcome();
        String source = result.source().orElse(current.source());
        Optional<String> error = switch (result.state()) {
            case ERROR, VERIFY_FAILED -> Optional.of(result.error());
            case UNKNOWN, SKIPPED, VERIFIED, NO_CREATES, NO_CHECKSUMS, DOWNLOADED -> Optional.empty();
        };
        current = new ArchiveStateNotification(source, properties.creates(), result.state(), result.runTimeNanos(),
                result.downloadedBytes(), error);
        switch (result.state()) {
            case DOWNLOADED -> {
                failures.succeeded();
                runtime.ran();
                runtime.publish();
                quietSuccessState = fire(runtime, runtime::success, null);
            }
            case VERIFIED -> {
                failures.succeeded();
                runtime.ran();
                if (previous != ArchiveState.VERIFIED) {
                    runtime.publish();
                }
                quietSuccessState = fire(runtime, runtime::success, quietSuccessState);
            }
            case ERROR, VERIFY_FAILED -> {
                runtime.ran();
                return runtime.now().plus(failed(runtime, result));
            }
            case SKIPPED, UNKNOWN, NO_CREATES, NO_CHECKSUMS -> {
                // inactive, or an intermediate step that never ends a check: nothing to tell
            }
        }
        return settings.hasInterval() ? runtime.now().plus(settings.interval()) : Instant.MAX;
    }

    /** Reports a failed check and fires the failure transition. @return the wait before the retry */
    private Duration failed(WatcherRuntime runtime, ArchiveCheck.Result result) throws InterruptedException {
        String error = result.state().wireName() + ": " + Staging.withoutRandomNames(result.error());
        FailureSeries.Report report = failures.failed(error, runtime.now());
        Duration wait = retry.delay(failures.failures(), runtime.machine().random());
        String again = GoDuration.format(wait);
        switch (report) {
            case NEW -> {
                runtime.log().error("managing archive failed, retrying in {}: {}", again, result.error());
                runtime.publish();
            }
            case REMINDER -> runtime.log().error("managing archive still failing ({} checks since {}), retrying in {}: {}",
                    failures.failures(), failures.since().orElseThrow(), again, result.error());
            case QUIET -> runtime.log().debug("managing archive failed again ({} checks), retrying in {}: {}",
                    failures.failures(), again, result.error());
        }
        quietFailureState = fire(runtime, runtime::failure, quietFailureState);
        return wait;
    }

    /** A transition firing through the runtime. */
    @FunctionalInterface
    private interface Firing {
        void fire() throws InterruptedException;
    }

    /**
     * Fires a transition unless its last firing in this same machine state did nothing (the event
     * is not valid there, or leads to the same state): firing it again could change nothing and
     * would only log a warning and feed storm protection on every check.
     *
     * @param quietState the state in which the last firing did nothing, or null
     * @return the new quiet state: the current one when this firing did nothing, else null
     */
    private static String fire(WatcherRuntime runtime, Firing firing, String quietState) throws InterruptedException {
        MachineContext machine = runtime.machine();
        String before = machine.state();
        if (before.equals(quietState)) {
            return quietState;
        }
        firing.fire();
        return machine.state().equals(before) ? before : null;
    }
}
