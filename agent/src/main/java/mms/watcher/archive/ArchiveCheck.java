package mms.watcher.archive;

import java.net.MalformedURLException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.time.Duration;
import java.util.Optional;
import java.util.regex.Pattern;
import mms.archive.ArchiveDeployer;
import mms.archive.ArchiveException;
import mms.archive.Checksum;
import mms.archive.ChecksumMismatchException;
import mms.archive.ContentCheck;
import mms.archive.ContentVerificationException;
import mms.archive.Deployment;
import mms.archive.Downloader;
import mms.archive.FileFailure;
import mms.archive.Installer;
import mms.archive.InvalidChecksumsException;
import mms.archive.VerificationResult;
import mms.archive.source.ArchiveSource;
import mms.archive.source.ArchiveSources;
import mms.archive.source.HttpSourceOptions;
import mms.duration.GoDuration;
import mms.kv.KeyValueStore;
import mms.template.TemplateException;
import mms.url.Urls;
import mms.watcher.GovernedRun;
import mms.watcher.MachineContext;
import mms.watcher.WatcherLog;
import mms.watcher.WatcherRuntime;
import mms.watcher.WatcherSettings;

/**
 * One check of an archive watcher ({@code watchers.md} §3 "One check"), with the library doing the
 * work:
 * <ol>
 *   <li>not active → {@code skipped};</li>
 *   <li>verify what is installed: {@code <target>/<creates>} missing → download; {@code verify}
 *       unset → {@code verified}; the checksums file missing, its digest not {@code verify_checksum}
 *       (a new version was published, or it was edited), or any listed file missing or changed (or,
 *       with {@code strict}, an unlisted file present) → download, which repairs it; otherwise
 *       {@code verified};</li>
 *   <li>with {@code governor}: hold a slot for the rest of the check;</li>
 *   <li>download (HTTP status checked, SHA-256 while streaming, {@code max_size}), extract safely,
 *       verify the content, install atomically ({@link ArchiveDeployer}) → {@code downloaded};
 *       content failing verification → {@code verify_failed}; anything else → {@code error}. The
 *       installed version is only replaced when every step succeeded.</li>
 * </ol>
 */
final class ArchiveCheck {

    private static final Duration MAX_CONNECT_TIMEOUT = Duration.ofSeconds(HttpSourceOptions.DEFAULT_CONNECT_TIMEOUT_SECONDS);

    /**
     * What one check found.
     *
     * @param state        the outcome
     * @param error        why it failed, empty unless {@code error} or {@code verify_failed}
     * @param runTimeNanos how long it took
     * @param source       the rendered source for notifications (redacted), when it got that far
     * @param downloadedBytes the size of the archive installed by this check, 0 unless {@code downloaded}
     */
    record Result(ArchiveState state, String error, long runTimeNanos, Optional<String> source, long downloadedBytes) {}

    /** Ends a check early with an outcome. */
    private static final class Stop extends Exception {
        private static final long serialVersionUID = 1L;
        final ArchiveState state;

        Stop(ArchiveState state, String message) {
            super(message, null, false, false);
            this.state = state;
        }
    }

    private final WatcherSettings settings;
    private final ArchiveProperties properties;
    private final Installer installer;
    private final WatcherRuntime runtime;
    private final MachineContext machine;
    private final WatcherLog log;
    private final ArchiveDeployer deployer;
    private ArchiveState lastOutcome = ArchiveState.UNKNOWN;
    private Optional<String> renderedSource = Optional.empty();
    private long downloadedBytes;

    ArchiveCheck(WatcherSettings settings, ArchiveProperties properties, Installer installer, WatcherRuntime runtime) {
        this.settings = settings;
        this.properties = properties;
        this.installer = installer;
        this.runtime = runtime;
        this.machine = runtime.machine();
        this.log = runtime.log();
        Downloader downloader = new Downloader(machine.time(), ArchiveWatcher.PROGRESS_INTERVAL,
                (what, received, total, elapsed) -> log.info("downloading {}: {} of {} bytes after {}", what,
                        received, total.isPresent() ? total.getAsLong() : "unknown", GoDuration.format(elapsed)));
        this.deployer = new ArchiveDeployer(installer, downloader, properties.limits());
    }

    /** Runs one check. @throws InterruptedException when the machine stops meanwhile */
    Result run() throws InterruptedException {
        if (!runtime.shouldWatch()) {
            return new Result(ArchiveState.SKIPPED, "", 0, Optional.empty(), 0);
        }
        long started = System.nanoTime();
        renderedSource = Optional.empty();
        downloadedBytes = 0;
        ArchiveState state;
        String error = "";
        try {
            state = manage();
        } catch (Stop stop) {
            state = stop.state;
            error = stop.getMessage();
        }
        lastOutcome = state;
        return new Result(state, error, System.nanoTime() - started, renderedSource, downloadedBytes);
    }

    private ArchiveState manage() throws Stop, InterruptedException {
        Optional<String> verifyChecksum = properties.verifyChecksum().isPresent()
                ? Optional.of(digest("verify_checksum", render("verify_checksum", properties.verifyChecksum().get())))
                : Optional.empty();
        ArchiveState found = verifyInstalled(verifyChecksum);
        if (found == ArchiveState.VERIFIED) {
            return found;
        }
        if (properties.governor().isEmpty() || properties.governor().get().isBlank()) {
            return deploy(verifyChecksum);
        }
        try {
            return GovernedRun.holding(runtime, settings.name(), properties.governor().get(),
                    properties.governorTimeout(), () -> deploy(verifyChecksum));
        } catch (GovernedRun.Refused e) {
            throw new Stop(ArchiveState.ERROR, e.getMessage());
        }
    }

    /** Steps 3.1–3.5: what is installed now. Returns VERIFIED or the reason to download. */
    private ArchiveState verifyInstalled(Optional<String> verifyChecksum) throws Stop {
        if (!Files.isDirectory(installer.installed(), LinkOption.NOFOLLOW_LINKS)) {
            log.info("{} does not exist, downloading", installer.installed());
            return ArchiveState.NO_CREATES;
        }
        if (properties.verify().isEmpty() || verifyChecksum.isEmpty()) {
            return ArchiveState.VERIFIED;
        }
        String verify = properties.verify().get();
        VerificationResult result;
        try {
            result = installer.verifyInstalled(verify, verifyChecksum.get(), properties.limits().strict());
        } catch (InvalidChecksumsException e) {
            log.warn("checksums file {} is not usable in {}, triggering download: {}", verify, installer.installed(),
                    e.getMessage());
            return ArchiveState.NO_CHECKSUMS;
        } catch (ChecksumMismatchException e) {
            log.warn("checksums file {} in {} does not match verify_checksum (a new version, or it was changed), "
                    + "triggering download: expected {}, found {}", verify, installer.installed(), e.expected(), e.actual());
            return ArchiveState.NO_CHECKSUMS;
        } catch (ArchiveException e) {
            throw new Stop(ArchiveState.ERROR, e.getMessage());
        }
        if (result.ok()) {
            if (lastOutcome == ArchiveState.VERIFIED) {
                log.debug("checksums of {} verified successfully using {}", installer.installed(), verify);
            } else {
                log.info("checksums of {} verified successfully using {}", installer.installed(), verify);
            }
            return ArchiveState.VERIFIED;
        }
        for (FileFailure failure : result.failures()) {
            log.warn("verification failed for {}", failure.describe());
        }
        log.warn("checksum verification of {} failed, triggering download to repair it: {} of {} files failed",
                installer.installed(), result.failures().size(), result.checked());
        return ArchiveState.VERIFY_FAILED;
    }

    /** Steps 5–8: download, verify, extract, install. */
    private ArchiveState deploy(Optional<String> verifyChecksum) throws Stop, InterruptedException {
        String source = render("source", properties.source());
        renderedSource = Optional.of(Urls.redact(source));
        String checksum = digest("checksum", render("checksum", properties.checksum()));
        HttpSourceOptions options = HttpSourceOptions.defaults()
                .withInsecure(properties.insecure())
                .withTimeouts(min(MAX_CONNECT_TIMEOUT, properties.timeout()), properties.timeout());
        if (properties.username().isPresent()) {
            String user = renderOptional("username", properties.username().get());
            if (!user.isEmpty()) {
                options = options.withBasicAuth(user, renderOptional("password", properties.password().orElse("")));
            }
        }
        ArchiveSource archive;
        try {
            // nats-os:// reads through the agent's store; an SQLite store (or none) has no objects
            archive = ArchiveSources.of(source, options, machine.services().store().flatMap(KeyValueStore::objects));
        } catch (MalformedURLException | IllegalArgumentException e) {
            throw new Stop(ArchiveState.ERROR, "property 'source': " + e.getMessage());
        }
        Optional<ContentCheck> content = properties.verify().map(v -> new ContentCheck(v, verifyChecksum.orElseThrow()));
        log.info("downloading {} to install {}", archive.description(), installer.installed());
        Deployment deployment;
        try {
            deployment = deployer.deploy(archive, checksum, content);
        } catch (ContentVerificationException e) {
            throw new Stop(ArchiveState.VERIFY_FAILED, e.getMessage());
        } catch (ArchiveException e) {
            throw new Stop(ArchiveState.ERROR, e.getMessage());
        }
        log.info("archive {} was deployed successfully to {}: {} bytes, {} entries, {} bytes extracted",
                deployment.source(), deployment.installed(), deployment.size(), deployment.entries(), deployment.bytes());
        downloadedBytes = deployment.size();
        return ArchiveState.DOWNLOADED;
    }

    private String render(String property, String template) throws Stop {
        String out = renderOptional(property, template);
        if (out.isEmpty()) {
            throw new Stop(ArchiveState.ERROR, property + " template resulted in an empty string");
        }
        return out;
    }

    private String renderOptional(String property, String template) throws Stop {
        try {
            return machine.render(template).strip();
        } catch (TemplateException e) {
            throw new Stop(ArchiveState.ERROR, property + " template processing failed: " + e.getMessage());
        }
    }

    private static String digest(String property, String value) throws Stop {
        try {
            return Checksum.normalise(property, value);
        } catch (ArchiveException e) {
            throw new Stop(ArchiveState.ERROR, e.getMessage());
        }
    }

    private static Duration min(Duration a, Duration b) {
        return a.compareTo(b) <= 0 ? a : b;
    }

}
