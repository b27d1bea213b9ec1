package mms.host;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.nio.file.ClosedWatchServiceException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardWatchEventKinds;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import mms.json.Json;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Facts from a JSON file (YAML when the name ends in {@code yaml} or {@code yml}), re-read when
 * the file changes.
 *
 * <p>A file that is missing or cannot be read or parsed gives the last good facts (no facts,
 * {@code {}}, before the first good read), with one warning per problem, not one per use: a facts
 * file caught half-written, or replaced by deleting and recreating it, must not look like a node
 * whose facts are all gone, since matchers over facts decide which machines a node runs.
 *
 * <p>{@link #watch} tells a listener when the facts change, so that what depends on them (the
 * machines watcher's matchers, templates) is evaluated again at once instead of at its next interval.
 */
public final class FactsSource implements Supplier<JsonNode>, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(FactsSource.class);
    /** How long filesystem events are gathered before the file is read, so one write is read once, whole. */
    private static final long SETTLE_MILLIS = 50;

    private final Optional<Path> file;
    private FileTime seenTime;
    private long seenSize = -1;
    private JsonNode facts = Json.object();
    private String lastProblem;
    private WatchService watchService;
    private Thread watcher;
    private volatile boolean closed;

    /** Facts read from {@code file}, or none when empty. */
    public FactsSource(Optional<Path> file) {
        this.file = file;
    }

    @Override
    public synchronized JsonNode get() {
        if (file.isEmpty()) {
            return facts;
        }
        Path path = file.get();
        try {
            FileTime time = Files.getLastModifiedTime(path);
            long size = Files.size(path);
            if (time.equals(seenTime) && size == seenSize) {
                return facts;
            }
            seenTime = time;
            seenSize = size;
            facts = read(path);
            if (lastProblem != null) {
                LOG.info("facts file {} is usable again", path);
            }
            lastProblem = null;
        } catch (NoSuchFileException e) {
            seenTime = null;
            problem("facts file " + path + " does not exist, " + keeping());
        } catch (IOException e) {
            problem(e.getMessage() + ", " + keeping());
        }
        return facts;
    }

    /**
     * Reads a facts file once: JSON, or YAML when the name ends in {@code yaml} or {@code yml}.
     *
     * @return the facts, a JSON object
     * @throws NoSuchFileException when the file does not exist
     * @throws IOException when it cannot be read, does not parse or holds no object; the message
     *     names the file and says why in one line
     */
    public static JsonNode read(Path file) throws IOException {
        String name = file.getFileName().toString();
        JsonNode parsed;
        try {
            byte[] bytes = Files.readAllBytes(file);
            parsed = name.endsWith("yaml") || name.endsWith("yml")
                    ? new YAMLMapper().readTree(bytes) : Json.mapper().readTree(bytes);
        } catch (NoSuchFileException e) {
            throw e;
        } catch (IOException e) {
            throw new IOException("could not read facts file " + file + ": "
                    + String.valueOf(e.getMessage()).lines().findFirst().orElse(""), e);
        }
        if (parsed == null || !parsed.isObject()) {
            throw new IOException("facts file " + file + " must hold a JSON object");
        }
        return parsed;
    }

    private String keeping() {
        return facts.isEmpty() ? "using no facts" : "keeping the facts read before";
    }

    /**
     * Starts watching the facts file: {@code onChange} runs (on the virtual thread
     * {@code facts#watch}) each time the facts differ from those of the previous call. Changes are
     * noticed through filesystem notifications on the file's directory, within a fraction of a
     * second, and by reading the file every {@code recheck} as a safety net. Does nothing without
     * a facts file; a second call does nothing either. {@link #close()} stops watching.
     *
     * @param recheck  how often the file is read when no notification came, positive
     * @param onChange told about each change; must not block for long
     */
    public synchronized void watch(Duration recheck, Runnable onChange) {
        Objects.requireNonNull(recheck, "recheck");
        Objects.requireNonNull(onChange, "onChange");
        if (file.isEmpty() || watcher != null || closed) {
            return;
        }
        Path path = file.get().toAbsolutePath();
        Path directory = path.getParent();
        try {
            watchService = directory.getFileSystem().newWatchService();
            directory.register(watchService, StandardWatchEventKinds.ENTRY_CREATE,
                    StandardWatchEventKinds.ENTRY_MODIFY, StandardWatchEventKinds.ENTRY_DELETE);
        } catch (IOException e) {
            LOG.warn("cannot watch {} for changes of facts file {}, reading it every {}s instead: {}", directory,
                    path.getFileName(), recheck.toSeconds(), e.getMessage());
            closeWatchService();
        }
        JsonNode initial = get();
        watcher = Thread.ofVirtual().name("facts#watch").start(() -> watchLoop(recheck, onChange, initial));
    }

    private void watchLoop(Duration recheck, Runnable onChange, JsonNode initial) {
        JsonNode told = initial;
        try {
            while (!closed) {
                awaitChange(recheck);
                JsonNode now = get();
                if (!now.equals(told)) {
                    told = now;
                    LOG.info("facts in {} changed", file.orElseThrow());
                    try {
                        onChange.run();
                    } catch (RuntimeException e) {
                        LOG.warn("could not tell about changed facts: {}", e.toString());
                    }
                }
            }
        } catch (InterruptedException | ClosedWatchServiceException e) {
            // closing
        }
    }

    /** Waits for a notification in the facts file's directory (then lets a burst settle) or {@code recheck}. */
    private void awaitChange(Duration recheck) throws InterruptedException {
        WatchService service;
        synchronized (this) {
            service = watchService;
        }
        if (service == null) {
            Thread.sleep(recheck);
            return;
        }
        WatchKey key = service.poll(recheck.toMillis(), TimeUnit.MILLISECONDS);
        if (key != null) {
            Thread.sleep(SETTLE_MILLIS);
            key.pollEvents();
            key.reset();
        }
    }

    private void problem(String message) {
        if (!message.equals(lastProblem)) {
            LOG.warn(message);
            lastProblem = message;
        }
    }

    /** Stops watching; {@link #get()} still works. Idempotent. */
    @Override
    public void close() {
        Thread thread;
        synchronized (this) {
            closed = true;
            thread = watcher;
            closeWatchService();
        }
        if (thread != null) {
            thread.interrupt();
            try {
                thread.join(Duration.ofSeconds(5));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private void closeWatchService() {
        if (watchService != null) {
            try {
                watchService.close();
            } catch (IOException e) {
                LOG.debug("closing the facts watch service", e);
            }
            watchService = null;
        }
    }
}
