package mms.watcher.kv;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.ReentrantLock;
import mms.event.WatcherState;
import mms.kv.BucketNotFound;
import mms.kv.Entry;
import mms.kv.KeyValueBucket;
import mms.kv.KeyValueStore;
import mms.kv.KvException;
import mms.kv.KvWatch;
import mms.kv.Messages;
import mms.kv.Operation;
import mms.kv.WatchClosed;
import mms.kv.WatchEvent;
import mms.kv.WatchOptions;
import mms.template.TemplateException;
import mms.time.Backoff;
import mms.watcher.Watcher;
import mms.watcher.WatcherLog;
import mms.watcher.WatcherRuntime;
import mms.watcher.WatcherSettings;

/**
 * Brings one key of a Key-Value bucket into machine data; see the package documentation.
 *
 * <p>Threads: the runtime's loop thread polls (at start, every interval, on every wake-up, and with
 * backoff while failing); in watch mode a second virtual thread, {@code machine#watcher#watch},
 * applies the watch's updates; with {@code republish_trigger} a third, {@code machine#watcher#republish},
 * applies the messages the bucket's stream republishes (the store's delivery thread only hands
 * them over). All decide under one lock, so a value is judged against the one applied before it,
 * and an update older than what was already applied is ignored.
 *
 * <p>Differences from the original, on purpose: {@code mode: watch} works; {@code interval} is
 * required in poll mode instead of crashing the agent; a state change polls at once instead of
 * being swallowed by the interval rate limit; malformed JSON is an error that keeps the last good
 * data instead of replacing it with {@code {}}; a failing store is retried with a jittered backoff
 * (1s doubling up to 30s or the interval) and the failure transition fires and the state is published once per
 * outage, not on every retry; the state is published again when the store recovers; in watch mode a
 * watch that cannot be opened while reads work is a warning, not an error outcome, and is retried
 * with the same backoff; a republish subscription that fails is tried again at the next poll, and
 * republished messages need not carry {@code Nats-Time-Stamp} (nats-server 2.9 adds none). A bucket that never existed yet and a key without a value are the normal
 * state of a fresh fleet: each is logged once at INFO ("waiting for ..."), not as an error.
 */
public final class KvWatcher implements Watcher {
    private static final Duration FIRST_RETRY = Duration.ofSeconds(1);
    private static final Duration MAX_RETRY = Duration.ofSeconds(30);
    /**
     * The headers without which a message on the republish subject is ignored: the original's but
     * {@code Nats-Time-Stamp}, which nats-server adds to republished messages only since 2.10 and
     * which nothing here reads, so that republishing works with 2.9 servers too.
     */
    private static final List<String> REPUBLISH_HEADERS = List.of("Nats-Stream", "Nats-Subject", "Nats-Sequence",
            "Nats-Last-Sequence");

    private final WatcherSettings settings;
    private final KvProperties props;
    private final ReentrantLock lock = new ReentrantLock();
    private volatile KvState state = KvState.UNKNOWN;

    // guarded by lock
    private KeyValueBucket bucket;
    private String previousDataKey;
    private Optional<JsonNode> previous = Optional.empty();
    private long previousRevision;
    /** The revision of the newest entry applied, to drop watch updates a poll has overtaken. */
    private long appliedRevision;
    private String currentKey;

    /** Whether the bucket was ever opened: a missing bucket is awaited before, an error after. */
    private boolean bucketSeen;
    /** The key whose absence was last announced, so "waiting for a value" is said once. */
    private String announcedAbsentKey;

    // guarded by this (outcome reporting)
    private String lastError;
    private boolean lastErrorWaiting;

    // republish trigger: the subscription and its pump are made and ended by the loop thread
    private volatile Messages.Subscription republishSubscription;
    private volatile Thread republishPump;
    private boolean republishUnsupported;
    private String lastRepublishError;
    /** The latest message received, waiting for the pump; coalesces like a wake-up. */
    private final AtomicReference<Republished> republished = new AtomicReference<>();
    private final BlockingQueue<Boolean> republishWakeup = new ArrayBlockingQueue<>(1);

    // loop thread only
    private String lastWatchError;
    private volatile KvWatch watch;
    private volatile String watchedKey;
    private volatile Thread pump;

    KvWatcher(WatcherSettings settings, KvProperties props) {
        this.settings = settings;
        this.props = props;
    }

    /** The validated properties. */
    public KvProperties properties() {
        return props;
    }

    @Override
    public WatcherSettings settings() {
        return settings;
    }

    @Override
    public WatcherState currentState() {
        return new KvStateNotification(state, props.bucket(), props.key(), props.mode());
    }

    @Override
    public boolean wakeOnDataChange() {
        return props.templated();
    }

    /** A Hiera document resolves against the facts: new facts may select other data. */
    @Override
    public boolean wakeOnFactsChange() {
        return props.hieraConfig();
    }

    /**
     * The outcome of one check, and what went wrong for errors. A {@code waiting} error is a bucket
     * that does not exist yet: the outcome is the original's error (failure transition, published
     * state), but it is the normal state of a fresh fleet before the first specification, so it is
     * logged at INFO rather than ERROR.
     */
    private record Check(KvState outcome, String error, boolean waiting) {
        static final Check SKIPPED = new Check(KvState.SKIPPED, "", false);
        static final Check UNCHANGED = new Check(KvState.UNCHANGED, "", false);
        static final Check CHANGED = new Check(KvState.CHANGED, "", false);

        static Check error(String message) {
            return new Check(KvState.ERROR, message, false);
        }

        static Check waiting(String message) {
            return new Check(KvState.ERROR, message, true);
        }
    }

    @Override
    public void run(WatcherRuntime runtime) throws InterruptedException {
        WatcherLog log = runtime.log();
        log.info("Key-Value watcher starting with bucket \"{}\" and key \"{}\" in \"{}\" mode",
                props.bucket(), props.key(), props.mode().wireName());
        Backoff retry = Backoff.exponential(FIRST_RETRY,
                props.interval().compareTo(MAX_RETRY) < 0 ? props.interval() : MAX_RETRY);
        int retries = 0;
        try {
            while (true) {
                ensureRepublish(runtime);
                Check check = pollOnce(runtime);
                report(runtime, check);
                Duration wait;
                if (check.outcome() == KvState.ERROR || watchPending(check)) {
                    wait = retry.delay(++retries, runtime.machine().random());
                } else {
                    wait = props.interval();
                    retries = 0;
                }
                runtime.awaitWakeup(wait);
            }
        } finally {
            stopWatch();
            stopRepublish();
        }
    }

    /** In watch mode, true while the key is read but its watch is not open: retry soon, not at the interval. */
    private boolean watchPending(Check check) {
        return props.mode() == KvProperties.Mode.WATCH && check.outcome() != KvState.SKIPPED && watch == null;
    }

    @Override
    public void close() {
        stopWatch();
        stopRepublish();
    }

    // --- one poll

    private Check pollOnce(WatcherRuntime runtime) throws InterruptedException {
        if (!runtime.shouldWatch()) {
            return Check.SKIPPED;
        }
        Optional<KeyValueStore> store = runtime.machine().services().store();
        if (store.isEmpty()) {
            return Check.error("no key-value store is configured on this agent");
        }
        String k;
        try {
            k = runtime.machine().render(props.key());
        } catch (TemplateException e) {
            return Check.error("could not parse key template '" + props.key() + "': " + e.getMessage());
        }
        Check check;
        lock.lockInterruptibly();
        try {
            check = poll(runtime, store.get(), k);
        } finally {
            lock.unlock();
        }
        if (props.mode() == KvProperties.Mode.WATCH) {
            if (check.outcome() == KvState.ERROR) {
                // reopen after the outage: the new watch starts from the current value
                stopWatch();
            } else if (check.outcome() != KvState.SKIPPED) {
                ensureWatch(runtime, k);
            }
        }
        return check;
    }

    private Check poll(WatcherRuntime runtime, KeyValueStore store, String k) {
        if (bucket == null) {
            try {
                bucket = store.bucket(props.bucket());
                bucketSeen = true;
            } catch (BucketNotFound e) {
                String message = "could not load key-value bucket " + props.bucket() + ": " + e.getMessage();
                return bucketSeen ? Check.error(message) : Check.waiting("bucket " + props.bucket()
                        + " does not exist yet in " + e.store() + ", waiting for it to be created");
            } catch (KvException e) {
                return Check.error("could not load key-value bucket " + props.bucket() + " from "
                        + store.description() + ": " + e.getMessage());
            }
        }
        runtime.log().debug("Polling for {}.{}", props.bucket(), k);
        currentKey = k;
        Optional<Entry> found;
        try {
            found = bucket.get(k);
        } catch (BucketNotFound e) {
            bucket = null;
            return Check.error("could not get " + props.bucket() + "." + k + ": " + e.getMessage());
        } catch (KvException e) {
            return Check.error("could not get " + props.bucket() + "." + k + ": " + e.getMessage());
        }
        Check check = decide(runtime, k, found, 0);
        found.ifPresent(e -> appliedRevision = e.revision());
        return check;
    }

    /**
     * The original's decision rules for one read: {@code found} empty means absent, deleted or
     * purged. Caller holds the lock.
     *
     * @param markerRevision the revision of a delete or purge marker, 0 when unknown (a get)
     */
    private Check decide(WatcherRuntime runtime, String k, Optional<Entry> found, long markerRevision) {
        String dataKey = dataKey(runtime);
        if (!dataKey.equals(previousDataKey)) {
            previous = runtime.machine().data(dataKey);
            previousDataKey = dataKey;
        }
        if (found.isEmpty()) {
            if (previous.isEmpty()) {
                if (!k.equals(announcedAbsentKey)) {
                    runtime.log().info("{}.{} has no value yet, waiting for one", props.bucket(), k);
                    announcedAbsentKey = k;
                }
                return Check.UNCHANGED;
            }
            try {
                runtime.machine().deleteData(dataKey);
            } catch (IOException e) {
                return Check.error("could not remove data item " + dataKey + ": " + e.getMessage());
            }
            runtime.log().info("{}.{} has no value any more, removed data item {}", props.bucket(), k, dataKey);
            previous = Optional.empty();
            previousRevision = markerRevision;
            return Check.CHANGED;
        }
        Entry entry = found.get();
        announcedAbsentKey = null;
        KvValues.Parsed parsed = KvValues.parse(entry.value(), props.query(),
                props.hieraConfig() ? Optional.of(runtime.machine().facts()) : Optional.empty());
        if (parsed instanceof KvValues.Parsed.Invalid invalid) {
            return Check.error("value of " + props.bucket() + "." + k + " revision " + entry.revision() + " "
                    + invalid.reason() + "; keeping the previous data");
        }
        JsonNode value = ((KvValues.Parsed.Value) parsed).node();
        if (previous.isEmpty() || !KvValues.deepEquals(value, previous.get())) {
            try {
                runtime.machine().putData(dataKey, value);
            } catch (IOException e) {
                return Check.error("could not store data item " + dataKey + ": " + e.getMessage());
            }
            runtime.log().info("stored {}.{} revision {} in data item {}", props.bucket(), k, entry.revision(), dataKey);
            previous = Optional.of(value);
            previousRevision = entry.revision();
            return Check.CHANGED;
        }
        if (props.onMatchingUpdate() && previousRevision > 0 && entry.revision() > previousRevision) {
            previousRevision = entry.revision();
            return Check.CHANGED;
        }
        previousRevision = entry.revision();
        return props.onSuccessfulGet() ? Check.CHANGED : Check.UNCHANGED;
    }

    private String dataKey(WatcherRuntime runtime) {
        String raw = props.storeKey().orElse(props.key());
        try {
            String k = runtime.machine().render(raw);
            return props.bucketPrefix() ? props.bucket() + "_" + k : k;
        } catch (TemplateException e) {
            runtime.log().warn("Failed to parse key value {}: {}", raw, e.getMessage());
            return props.key();
        }
    }

    // --- outcomes

    private void report(WatcherRuntime runtime, Check check) throws InterruptedException {
        boolean fail = false;
        boolean succeed = false;
        boolean publish = false;
        boolean ran = false;
        synchronized (this) {
            state = check.outcome();
            switch (check.outcome()) {
                case ERROR -> {
                    if (check.error().equals(lastError)) {
                        runtime.log().debug("still {}: {}", check.waiting() ? "waiting" : "failing", check.error());
                    } else if (check.waiting()) {
                        runtime.log().info("{}", check.error());
                    } else {
                        runtime.log().error("{}", check.error());
                    }
                    ran = true;
                    fail = publish = lastError == null;
                    lastError = check.error();
                    lastErrorWaiting = check.waiting();
                }
                case CHANGED, UNCHANGED -> {
                    if (lastError != null) {
                        if (lastErrorWaiting) {
                            runtime.log().info("bucket {} exists now", props.bucket());
                        } else {
                            runtime.log().info("{}.{} is reachable again", props.bucket(), props.key());
                        }
                        publish = true;
                        lastError = null;
                    }
                    ran = true;
                    succeed = check.outcome() == KvState.CHANGED;
                }
                case SKIPPED, UNKNOWN -> { }
            }
        }
        if (ran) {
            runtime.ran();
        }
        if (succeed) {
            runtime.success();
        }
        if (fail) {
            runtime.failure();
        }
        if (publish) {
            runtime.publish();
        }
    }

    // --- watch mode

    /**
     * Opens (or re-opens for a new key) the watch. A watch that cannot be opened is not an error
     * outcome: the read just before it worked and its outcome (a change fires the success
     * transition) stands, and the loop retries the watch with backoff. On NATS this happens while
     * a cluster comes back: the stream leader serves reads before the consumer a watch needs can be
     * created.
     */
    private void ensureWatch(WatcherRuntime runtime, String k) {
        if (watch != null && k.equals(watchedKey) && pump != null && pump.isAlive()) {
            return;
        }
        stopWatch();
        KeyValueBucket b;
        lock.lock();
        try {
            b = bucket;
        } finally {
            lock.unlock();
        }
        if (b == null) {
            return;
        }
        KvWatch w;
        try {
            w = b.watch(k, WatchOptions.CURRENT_THEN_CHANGES);
        } catch (KvException e) {
            String error = "could not watch " + props.bucket() + "." + k + ", reading it with backoff meanwhile: "
                    + e.getMessage();
            if (!error.equals(lastWatchError)) {
                runtime.log().warn("{}", error);
            } else {
                runtime.log().debug("still failing: {}", error);
            }
            lastWatchError = error;
            return;
        }
        watch = w;
        watchedKey = k;
        String name = runtime.machine().name() + "#" + settings.name() + "#watch";
        pump = Thread.ofVirtual().name(name).start(() -> pump(runtime, w, k));
        if (lastWatchError != null) {
            runtime.log().info("watching {}.{} again", props.bucket(), k);
            lastWatchError = null;
        } else {
            runtime.log().debug("watching {}.{}", props.bucket(), k);
        }
    }

    private void pump(WatcherRuntime runtime, KvWatch w, String k) {
        try {
            while (true) {
                WatchEvent event = w.next();
                if (event instanceof WatchEvent.Update update) {
                    Check check = applyWatched(runtime, k, update.entry());
                    if (check != null) {
                        report(runtime, check);
                    }
                }
            }
        } catch (WatchClosed e) {
            runtime.log().debug("watch of {}.{} closed", props.bucket(), k);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            // the loop notices the dead pump at its next poll and opens a new watch
            runtime.log().warn("watch of {}.{} failed: {}", props.bucket(), k, e.toString());
        }
    }

    private Check applyWatched(WatcherRuntime runtime, String k, Entry entry) throws InterruptedException {
        if (!runtime.shouldWatch()) {
            return Check.SKIPPED;
        }
        lock.lockInterruptibly();
        try {
            if (!k.equals(currentKey) || entry.revision() <= appliedRevision) {
                return null;
            }
            appliedRevision = entry.revision();
            return entry.isMarker()
                    ? decide(runtime, k, Optional.empty(), entry.revision())
                    : decide(runtime, k, Optional.of(entry), 0);
        } finally {
            lock.unlock();
        }
    }

    // --- republish trigger (push)

    /** A message JetStream republished from the bucket's stream: a put, delete or purge of the key. */
    private record Republished(String subject, Map<String, String> headers, byte[] body) {}

    /**
     * Subscribes to {@code republish_trigger} when it is set and not yet subscribed, as the
     * original at start; unlike it, a subscription that fails is tried again at the next poll
     * (said once). Only a NATS store carries messages; on another the property is said to be
     * ignored, once.
     */
    private void ensureRepublish(WatcherRuntime runtime) {
        if (props.republishTrigger().isEmpty() || republishSubscription != null || republishUnsupported) {
            return;
        }
        Optional<KeyValueStore> store = runtime.machine().services().store();
        if (store.isEmpty()) {
            return; // every poll reports it
        }
        Optional<Messages> messages = store.get().messages();
        if (messages.isEmpty()) {
            runtime.log().warn("republish_trigger '{}' is ignored: {} carries no messages (it needs a NATS store);"
                    + " reading {}.{} every interval instead", props.republishTrigger().get(), store.get().description(),
                    props.bucket(), props.key());
            republishUnsupported = true;
            return;
        }
        String subject;
        try {
            subject = runtime.machine().render(props.republishTrigger().get());
            Messages.Subscription subscription = messages.get().subscribe(subject, new Messages.Handler() {
                @Override
                public void onMessage(String on, byte[] body) {
                    onMessage(on, Map.of(), body);
                }

                @Override
                public void onMessage(String on, Map<String, String> headers, byte[] body) {
                    received(runtime, new Republished(on, headers, body));
                }
            });
            republishSubscription = subscription;
        } catch (TemplateException | KvException e) {
            String error = "could not set up the republish listener on '" + props.republishTrigger().get() + "': "
                    + e.getMessage();
            if (!error.equals(lastRepublishError)) {
                runtime.log().error("{}", error);
                lastRepublishError = error;
            }
            return;
        }
        lastRepublishError = null;
        runtime.log().info("Setting up republish listener on \"{}\"", subject);
        String name = runtime.machine().name() + "#" + settings.name() + "#republish";
        republishPump = Thread.ofVirtual().name(name).start(() -> pumpRepublished(runtime));
    }

    /**
     * On the store's delivery thread: keeps the message for the pump, which the original's
     * headers check lets through. Several messages arriving while one is applied coalesce into
     * the latest, which holds the key's whole value.
     */
    private void received(WatcherRuntime runtime, Republished message) {
        for (String header : REPUBLISH_HEADERS) {
            if (message.headers().getOrDefault(header, "").isEmpty()) {
                runtime.log().warn("Received non republished message on \"{}\" ({} bytes, no {} header), ignoring it",
                        message.subject(), message.body().length, header);
                return;
            }
        }
        republished.set(message);
        republishWakeup.offer(Boolean.TRUE);
    }

    private void pumpRepublished(WatcherRuntime runtime) {
        try {
            while (true) {
                republishWakeup.take();
                Republished message = republished.getAndSet(null);
                if (message != null) {
                    Check check = applyRepublished(runtime, message);
                    if (check != null) {
                        report(runtime, check);
                    }
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * The original's handling of a republished message: a poll without the read. The subject must
     * end with the key; {@code KV-Operation} {@code DEL} or {@code PURGE} is a deletion; the
     * revision is {@code Nats-Sequence}. A message no newer than what a read or an earlier message
     * applied changes nothing (null).
     */
    private Check applyRepublished(WatcherRuntime runtime, Republished message) throws InterruptedException {
        if (!runtime.shouldWatch()) {
            return Check.SKIPPED;
        }
        String k;
        try {
            k = runtime.machine().render(props.key());
        } catch (TemplateException e) {
            return Check.error("could not parse key template '" + props.key() + "': " + e.getMessage());
        }
        if (!message.subject().endsWith(k)) {
            return Check.error("received republish message on " + message.subject() + " that does not match expected key "
                    + k);
        }
        String sequence = message.headers().get("Nats-Sequence");
        long revision;
        try {
            revision = Long.parseUnsignedLong(sequence);
        } catch (NumberFormatException e) {
            return Check.error("republished message on " + message.subject() + " has Nats-Sequence '" + sequence
                    + "', not a sequence number");
        }
        if (revision < 1) {
            return Check.error("republished message on " + message.subject() + " has Nats-Sequence 0");
        }
        String operation = message.headers().getOrDefault("KV-Operation", "");
        runtime.log().debug("Received republish trigger on subject {}: revision {} {}", message.subject(), revision,
                operation.isEmpty() ? "PUT" : operation);
        lock.lockInterruptibly();
        try {
            if (revision <= appliedRevision) {
                return null;
            }
            appliedRevision = revision;
            if (operation.equals("DEL") || operation.equals("PURGE")) {
                return decide(runtime, k, Optional.empty(), revision);
            }
            return decide(runtime, k, Optional.of(new Entry(props.bucket(), k, message.body(), revision,
                    runtime.now(), 0, Operation.PUT)), 0);
        } finally {
            lock.unlock();
        }
    }

    private void stopRepublish() {
        Messages.Subscription subscription = republishSubscription;
        Thread t = republishPump;
        republishSubscription = null;
        republishPump = null;
        if (subscription != null) {
            subscription.close();
        }
        stopPump(t);
    }

    private void stopWatch() {
        KvWatch w = watch;
        Thread t = pump;
        watch = null;
        pump = null;
        watchedKey = null;
        if (w != null) {
            w.close();
        }
        stopPump(t);
    }

    /** Interrupts a pump thread and waits for it, unless it is the caller (a pump stopping itself). */
    private static void stopPump(Thread pump) {
        if (pump == null || pump == Thread.currentThread()) {
            return;
        }
        pump.interrupt();
        try {
            pump.join(Duration.ofSeconds(10));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
