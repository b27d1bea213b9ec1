package mms.watcher.ccmmanifest;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import mms.duration.GoDuration;
import mms.event.WatcherState;
import mms.time.FailureSeries;
import mms.watcher.Watcher;
import mms.watcher.WatcherRuntime;
import mms.watcher.WatcherSettings;

/**
 * The original's ccm_manifest watcher as far as it runs without Choria's Configuration
 * Management engine, which mms does not include: it checks when the original would (every
 * {@code interval}, the first one at once or after the splay, and on every state change while
 * active), reads the manifest as the original does, and then cannot apply it.
 *
 * <p>A manifest that cannot be read or is not YAML is the original's error: {@code error},
 * published, {@code fail_transition}. A manifest that could be applied by the original ends as
 * {@code error} too, published, but fires no transition: the failure is this agent's, not the
 * node's, and a transition on every node of a fleet for it would act on a doubt. Each problem is
 * logged at ERROR when it starts, again every ten minutes while it lasts.
 */
public final class CcmManifestWatcher implements Watcher {
    /** The smallest {@code interval}, as the original's. */
    public static final Duration MIN_INTERVAL = Duration.ofMillis(500);
    /** The largest random delay of the first check with {@code splay}, as the original's. */
    static final Duration MAX_SPLAY = Duration.ofSeconds(30);
    /** How long the same problem stays quiet after it was reported. */
    static final Duration REMINDER = Duration.ofMinutes(10);
    /** Why nothing is applied, for the load warning and the log. */
    static final String NO_ENGINE = "mms has no Choria Configuration Management engine";
    /** What the load warns about every ccm_manifest watcher. */
    static final String NOT_APPLIED = "is not applied: " + NO_ENGINE
            + "; each check reports error without firing a transition";

    private static final YAMLMapper YAML = new YAMLMapper();

    private final WatcherSettings settings;
    private final CcmManifestProperties properties;
    private final Path directory;
    private volatile CcmManifestStateNotification current =
            new CcmManifestStateNotification(CcmManifestState.UNKNOWN, 0);
    /** Problems of checks in a row; loop thread only. */
    private final FailureSeries problems = new FailureSeries(REMINDER);

    CcmManifestWatcher(WatcherSettings settings, CcmManifestProperties properties, Path directory) {
        this.settings = settings;
        this.properties = properties;
        this.directory = directory;
    }

    @Override
    public WatcherSettings settings() {
        return settings;
    }

    /** The validated properties. */
    public CcmManifestProperties properties() {
        return properties;
    }

    @Override
    public WatcherState currentState() {
        return current;
    }

    @Override
    public void run(WatcherRuntime runtime) throws InterruptedException {
        runtime.log().info("watcher for {} manifest starting", properties.describe());
        Instant next = Instant.MAX;
        if (settings.hasInterval()) {
            Duration first = Duration.ZERO;
            if (properties.splay()) {
                first = Duration.ofNanos(runtime.machine().random().nextLong(MAX_SPLAY.toNanos()));
                runtime.log().info("performing initial execution after {}", GoDuration.format(first));
            }
            next = runtime.now().plus(first);
        }
        while (true) {
            boolean woken = runtime.awaitWakeup(next);
            if (woken) {
                check(runtime);
            } else if (!runtime.now().isBefore(next)) {
                check(runtime);
                next = runtime.now().plus(settings.interval());
            }
        }
    }

    /** One check: skipped when inactive; otherwise read the manifest and report that it cannot be applied. */
    private void check(WatcherRuntime runtime) throws InterruptedException {
        if (!runtime.shouldWatch()) {
            current = new CcmManifestStateNotification(CcmManifestState.SKIPPED, current.previousRunTime());
            return;
        }
        Instant started = runtime.now();
        Optional<String> unreadable = readManifest();
        current = new CcmManifestStateNotification(CcmManifestState.ERROR,
                Duration.between(started, runtime.now()).toNanos());
        problem(runtime, unreadable.orElse("cannot apply " + properties.describe() + " manifest: " + NO_ENGINE));
        runtime.publish();
        runtime.ran();
        if (unreadable.isPresent()) {
            runtime.failure();
        }
    }

    /**
     * Reads and parses the manifest as the original reads it: {@code manifest_file} by its file
     * name in the machine directory.
     *
     * @return why it cannot be used; empty when it is YAML
     */
    private Optional<String> readManifest() {
        if (!properties.manifest().isEmpty()) {
            return Optional.empty(); // already YAML: it came from machine.yaml
        }
        Path file = directory.resolve(Path.of(properties.manifestFile()).getFileName().toString());
        try {
            YAML.readTree(Files.readAllBytes(file));
            return Optional.empty();
        } catch (NoSuchFileException e) {
            return Optional.of("invalid manifest file: " + file + " does not exist");
        } catch (JsonProcessingException e) {
            return Optional.of("invalid manifest file: " + file + " is not YAML: " + e.getOriginalMessage());
        } catch (IOException e) {
            return Optional.of("invalid manifest file: cannot read " + file + ": " + e.getMessage());
        }
    }

    private void problem(WatcherRuntime runtime, String message) {
        switch (problems.failed(message, runtime.now())) {
            case NEW -> runtime.log().error("{}", message);
            case REMINDER -> runtime.log().error("{} (still, {} times since {})", message, problems.failures(),
                    problems.since().orElseThrow());
            case QUIET -> runtime.log().debug("{}", message);
        }
    }
}
