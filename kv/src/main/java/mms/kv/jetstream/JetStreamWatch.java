package mms.kv.jetstream;

import io.nats.client.Dispatcher;
import io.nats.client.JetStream;
import io.nats.client.JetStreamApiException;
import io.nats.client.JetStreamSubscription;
import io.nats.client.NUID;
import io.nats.client.PushSubscribeOptions;
import io.nats.client.api.AckPolicy;
import io.nats.client.api.ConsumerConfiguration;
import io.nats.client.api.ConsumerInfo;
import io.nats.client.api.DeliverPolicy;
import io.nats.client.api.KeyValueEntry;
import io.nats.client.api.KeyValueOperation;
import java.io.IOException;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import mms.kv.KeyPattern;
import mms.kv.KvWatch;
import mms.kv.WatchClosed;
import mms.kv.WatchEvent;
import mms.kv.WatchOptions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A watch as a chain of jnats ordered push consumers ("generations") on one dispatcher, feeding a
 * blocking queue.
 *
 * <p>Two nats-server faults are worked around here, because a lost delete or put is a machine left
 * in the wrong state (both seen with Debian's nats-server 2.9.10 in about 1 of 150 watches on a loaded
 * machine, as {@code put b; delete a; purge b} arriving as {@code put b; purge b}):
 * <ul>
 * <li>A subject purge (a KV purge is a roll-up) moves every consumer's cursor to the purge marker,
 * skipping other keys' revisions it had not yet delivered. A purge marker that arrives after a gap is
 * therefore not delivered at once: the consumer is replaced by one reading again after the last
 * delivered revision, which delivers any skipped revision before the marker.
 * <li>Current values come from a <em>snapshot</em> consumer (deliver last per subject), whose gaps are
 * normal (older revisions of a key) so a skip cannot be told from them. It is trusted only up to the
 * stream's last sequence read before it was created; at the snapshot's end it is handed over to a
 * plain consumer starting after the last delivered revision, so every later revision is read by a
 * consumer whose gaps can be checked.
 * </ul>
 *
 * <p>jnats repairs an ordered consumer only from its heartbeat alarm, and when that one re-create
 * fails (a cluster still electing after a node loss does not answer) it waits for the next alarm, 15
 * to 30 s later, so a watch could lag a minute or more behind. This class supervises it: on an alarm
 * for its consumer it lets jnats' own attempt finish, and if the consumer was not re-created,
 * replaces it with a new one starting after the last revision handed to the caller, retrying with
 * backoff until the server serves again. Revisions at or below the last delivered one are dropped,
 * so the caller sees no gap and no duplicate, and end of initial data once. (A revision the
 * bucket's history limit removed before the new consumer read it is gone from the stream; the watch
 * then resumes at the next one still stored, as any JetStream watch would.)
 */
final class JetStreamWatch implements KvWatch {
    private static final Logger LOG = LoggerFactory.getLogger(JetStreamWatch.class);
    private static final Object CLOSED = new Object();
    private static final Duration FIRST_RETRY = Duration.ofMillis(100);
    private static final Duration MAX_RETRY = Duration.ofSeconds(5);

    private final JetStreamStore store;
    private final JetStream js;
    private final String bucket;
    private final KeyPattern pattern;
    private final WatchOptions options;
    /** How long jnats' own re-create, started by the same alarm, may take: one request timeout and a margin. */
    private final Duration grace;
    private final Dispatcher dispatcher;
    private final LinkedBlockingQueue<Object> queue = new LinkedBlockingQueue<>();
    private final ReentrantLock lock = new ReentrantLock();

    // guarded by lock
    /** The stream's last sequence when the watch opened: the end of the snapshot of current values. */
    private long startAfter;
    private long lastRevision;
    private boolean endOfDataSent;
    private Generation current;
    /** The purge marker last read again after a gap, so that a gap nothing was skipped in is read once. */
    private long recheckedPurge;
    private Thread supervisor;
    private boolean closed;

    private JetStreamWatch(JetStreamStore store, String bucket, KeyPattern pattern, WatchOptions options)
            throws IOException {
        this.store = store;
        this.js = store.connection().jetStream(store.kvOptions().getJetStreamOptions());
        this.bucket = bucket;
        this.pattern = pattern;
        this.options = options;
        this.grace = store.kvOptions().getJetStreamOptions().getRequestTimeout().plusSeconds(2);
        this.dispatcher = store.connection().createDispatcher();
    }

    /**
     * Opens a watch: reads where the stream ends (the snapshot of current values ends there, and
     * changes-only watches start after it) and subscribes the first consumer.
     */
    static JetStreamWatch open(JetStreamStore store, String bucket, KeyPattern pattern, WatchOptions options)
            throws IOException, JetStreamApiException {
        long last = store.kvm().getStatus(bucket).getBackingStreamInfo().getStreamState().getLastSequence();
        JetStreamWatch w = new JetStreamWatch(store, bucket, pattern, options);
        try {
            w.lock.lock();
            try {
                w.startAfter = last;
                if (!options.includeCurrent()) {
                    w.sendEndOfData();
                }
            } finally {
                w.lock.unlock();
            }
            store.register(w);
            w.subscribe(w.nextGeneration());
            return w;
        } catch (IOException | JetStreamApiException | RuntimeException e) {
            w.close();
            throw e;
        }
    }

    /** Makes a new generation the current one, so its messages count from the moment it subscribes. */
    private Generation nextGeneration() {
        lock.lock();
        try {
            current = new Generation(!endOfDataSent);
            return current;
        } finally {
            lock.unlock();
        }
    }

    private void subscribe(Generation g) throws IOException, JetStreamApiException {
        long from;
        lock.lock();
        try {
            from = Math.max(lastRevision, startAfter) + 1;
        } finally {
            lock.unlock();
        }
        // a snapshot starts over (current values, dropping those already delivered); after it, every
        // revision after the last delivered one
        ConsumerConfiguration cc = ConsumerConfiguration.builder()
                .name(g.prefix)
                .ackPolicy(AckPolicy.None)
                .deliverPolicy(g.snapshot ? DeliverPolicy.LastPerSubject : DeliverPolicy.ByStartSequence)
                .startSequence(g.snapshot ? ConsumerConfiguration.ULONG_UNSET : from)
                .build();
        PushSubscribeOptions pso = PushSubscribeOptions.builder().stream("KV_" + bucket).ordered(true).configuration(cc).build();
        try {
            JetStreamSubscription sub = js.subscribe("$KV." + bucket + "." + pattern.pattern(), dispatcher,
                    m -> onMessage(g, new KeyValueEntry(m)), false, pso);
            g.attach(sub);
            // with something to deliver, a message ends the snapshot in order (see onMessage)
            ConsumerInfo ci = g.snapshot ? sub.getConsumerInfo() : null;
            if (ci != null && ci.getCalculatedPending() == 0 && ci.getDelivered().getConsumerSequence() == 0) {
                lock.lock();
                try {
                    if (!closed && g == current) {
                        endSnapshot(g);
                    }
                } finally {
                    lock.unlock();
                }
            }
        } catch (IOException | JetStreamApiException | RuntimeException e) {
            g.unsubscribe();
            throw e;
        }
    }

    private void onMessage(Generation g, KeyValueEntry e) {
        boolean stale;
        lock.lock();
        try {
            stale = closed || g != current || g.retired;
            if (!stale) {
                accept(g, e);
            }
        } finally {
            lock.unlock();
        }
        if (stale) {
            // a replaced consumer that jnats brought back after we let it go, or a retired one
            g.unsubscribe();
        }
    }

    /** Hands a message of the current generation to the caller, or retires the generation; lock held. */
    private void accept(Generation g, KeyValueEntry e) {
        long revision = e.getRevision();
        if (!g.snapshot && e.getOperation() == KeyValueOperation.PURGE && revision > lastRevision + 1
                && revision != recheckedPurge) {
            // the purge may have moved the consumer past revisions of other keys (see the class comment)
            recheckedPurge = revision;
            LOG.debug("watch of {} > {}: purge at revision {} after {}, reading the gap again", bucket, pattern,
                    revision, lastRevision);
            retire(g);
            return;
        }
        // past the snapshot's end a last-per-subject consumer is not trusted (see the class comment)
        boolean beyondSnapshot = g.snapshot && revision > startAfter;
        if (!beyondSnapshot && revision > lastRevision) {
            lastRevision = revision;
            if (!options.ignoreDeletes() || e.getOperation() == KeyValueOperation.PUT) {
                queue.add(new WatchEvent.Update(JetStreamBucket.entry(e)));
            }
        }
        if (g.snapshot && (beyondSnapshot || e.getDelta() == 0)) {
            endSnapshot(g);
        }
    }

    /** Ends the initial data and hands the finished snapshot over to a plain consumer; lock held. */
    private void endSnapshot(Generation snapshot) {
        sendEndOfData();
        retire(snapshot);
    }

    /** Drops the generation's further messages and replaces it by a consumer after the last delivered revision; lock held. */
    private void retire(Generation g) {
        g.retired = true;
        if (supervisor == null) {
            // otherwise the running supervisor sees the retired generation and replaces it
            supervisor = Thread.ofVirtual().name("kv-watch " + bucket + " > " + pattern)
                    .unstarted(() -> supervise(g, null, null, Duration.ZERO, false));
            supervisor.start();
        }
    }

    private void sendEndOfData() {
        if (!endOfDataSent) {
            endOfDataSent = true;
            queue.add(new WatchEvent.EndOfInitialData());
        }
    }

    /**
     * Called from the connection's error listener for every heartbeat alarm; takes it when the
     * subscription is this watch's current consumer.
     *
     * @return true when the alarm was for this watch
     */
    boolean heartbeatAlarm(JetStreamSubscription sub) {
        String consumer = sub.getConsumerName();
        Generation g;
        long after;
        lock.lock();
        try {
            g = current;
            if (closed || g == null || consumer == null || !consumer.startsWith(g.prefix)) {
                return false;
            }
            if (supervisor != null) {
                return true;
            }
            after = lastRevision;
            supervisor = Thread.ofVirtual().name("kv-watch " + bucket + " > " + pattern)
                    .unstarted(() -> supervise(g, sub, consumer, grace, true));
            supervisor.start();
        } finally {
            lock.unlock();
        }
        LOG.warn("watch of {} > {} stalled after revision {}: no heartbeat from its consumer, re-creating it",
                bucket, pattern, after);
        return true;
    }

    /** Replaces the current consumer at once, as after an alarm that jnats did not repair; for tests. */
    void replaceConsumer() {
        lock.lock();
        try {
            if (closed || supervisor != null || current == null || current.subscription() == null) {
                return;
            }
            Generation g = current;
            supervisor = Thread.ofVirtual().name("kv-watch " + bucket + " > " + pattern)
                    .unstarted(() -> supervise(g, null, null, Duration.ZERO, false));
            supervisor.start();
        } finally {
            lock.unlock();
        }
    }

    /**
     * Replaces {@code stalled} by a new generation, retrying with backoff. With an alarmed
     * subscription ({@code sub}, {@code consumer}) it first waits whether jnats re-creates the
     * consumer itself; a retired generation is replaced without waiting.
     */
    private void supervise(Generation stalled, JetStreamSubscription sub, String consumer, Duration wait, boolean announced) {
        try {
            if (sub != null) {
                Thread.sleep(wait);
                if (!consumer.equals(sub.getConsumerName()) && !isRetired(stalled)) {
                    // jnats re-created the consumer itself on this alarm; it resumes after its last sequence
                    if (finish(stalled) == Outcome.CURRENT && announced) {
                        LOG.info("watch of {} > {} resumed", bucket, pattern);
                    }
                    return;
                }
            }
            Generation old = stalled;
            Duration delay = FIRST_RETRY;
            while (true) {
                old.unsubscribe();
                Generation g = nextGeneration();
                try {
                    subscribe(g);
                    Outcome outcome = finish(g);
                    if (outcome == Outcome.RETIRED) {
                        // retired already (a snapshot that ended, a purge after a gap): replace it at once
                        old = g;
                        delay = FIRST_RETRY;
                        continue;
                    }
                    if (outcome == Outcome.CURRENT && announced) {
                        LOG.info("watch of {} > {} resumed after revision {}", bucket, pattern, lastDelivered());
                    }
                    return;
                } catch (IOException | JetStreamApiException | RuntimeException e) {
                    LOG.debug("re-creating the consumer of watch {} > {} failed, retrying in {}: {}",
                            bucket, pattern, delay, e.toString());
                }
                old = g;
                long ms = delay.toMillis();
                Thread.sleep(ms - ms / 8 + ThreadLocalRandom.current().nextLong(ms / 4 + 1));
                delay = delay.multipliedBy(2).compareTo(MAX_RETRY) > 0 ? MAX_RETRY : delay.multipliedBy(2);
            }
        } catch (InterruptedException e) {
            // closed while waiting; close() released the subscriptions
        }
    }

    private enum Outcome { CURRENT, RETIRED, GONE }

    /**
     * Ends supervision with {@code g} current; {@code RETIRED} (supervision goes on) when g was
     * retired meanwhile, {@code GONE} when the watch was closed (or moved on).
     */
    private Outcome finish(Generation g) {
        lock.lock();
        try {
            if (!closed && g == current) {
                if (g.retired) {
                    return Outcome.RETIRED;
                }
                supervisor = null;
                return Outcome.CURRENT;
            }
            supervisor = null;
        } finally {
            lock.unlock();
        }
        g.unsubscribe();
        return Outcome.GONE;
    }

    private boolean isRetired(Generation g) {
        lock.lock();
        try {
            return g.retired;
        } finally {
            lock.unlock();
        }
    }

    private long lastDelivered() {
        lock.lock();
        try {
            return lastRevision;
        } finally {
            lock.unlock();
        }
    }

    @Override
    public WatchEvent next() throws InterruptedException, WatchClosed {
        return unwrap(queue.take());
    }

    @Override
    public Optional<WatchEvent> poll(Duration timeout) throws InterruptedException, WatchClosed {
        Object o = queue.poll(timeout.toNanos(), TimeUnit.NANOSECONDS);
        return o == null ? Optional.empty() : Optional.of(unwrap(o));
    }

    private WatchEvent unwrap(Object o) throws WatchClosed {
        if (o == CLOSED) {
            queue.add(CLOSED);
            throw new WatchClosed("watch of " + bucket + " > " + pattern + " is closed");
        }
        return (WatchEvent) o;
    }

    @Override
    public void close() {
        Thread s;
        lock.lock();
        try {
            if (closed) {
                return;
            }
            closed = true;
            s = supervisor;
            current = null;
            queue.clear();
            queue.add(CLOSED);
        } finally {
            lock.unlock();
        }
        if (s != null) {
            s.interrupt();
        }
        store.unregister(this);
        try {
            store.connection().closeDispatcher(dispatcher);
        } catch (RuntimeException e) {
            // the connection may already be closed; nothing left to release then
            LOG.debug("closing watch of {} > {}: {}", bucket, pattern, e.toString());
        }
    }

    /** One consumer of this watch; its name prefix ties jnats' heartbeat alarms to it. */
    private final class Generation {
        final String prefix = "mms_" + NUID.nextGlobal();
        /** Delivers the current values (last per subject) up to the watch's start; see the class comment. */
        final boolean snapshot;
        /** To be replaced (a snapshot that ended, a purge after a gap): its messages are dropped; guarded by the watch's lock. */
        boolean retired;
        // guarded by this: a subscription released before jnats handed it over is unsubscribed on arrival
        private JetStreamSubscription subscription;
        private boolean released;

        Generation(boolean snapshot) {
            this.snapshot = snapshot;
        }

        synchronized JetStreamSubscription subscription() {
            return subscription;
        }

        void attach(JetStreamSubscription sub) {
            synchronized (this) {
                if (!released) {
                    subscription = sub;
                    return;
                }
            }
            release(sub);
        }

        void unsubscribe() {
            JetStreamSubscription sub;
            synchronized (this) {
                released = true;
                sub = subscription;
                subscription = null;
            }
            if (sub != null) {
                release(sub);
            }
        }

        private void release(JetStreamSubscription sub) {
            try {
                dispatcher.unsubscribe(sub);
            } catch (RuntimeException e) {
                // already gone with the dispatcher or the connection
                LOG.debug("unsubscribing a consumer of watch {} > {}: {}", bucket, pattern, e.toString());
            }
        }
    }
}
