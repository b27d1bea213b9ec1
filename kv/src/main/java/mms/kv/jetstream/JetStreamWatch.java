package mms.kv.jetstream;

import io.nats.client.Dispatcher;
import io.nats.client.JetStream;
import io.nats.client.JetStreamApiException;
import io.nats.client.JetStreamSubscription;
import io.nats.client.Message;
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
 * blocking queue. jnats repairs an ordered consumer only from its heartbeat alarm, and when that one
 * re-create fails (a cluster still electing after a node loss does not answer) it waits for the next
 * alarm, 15 to 30 s later, so a watch could lag a minute or more behind. This class supervises it:
 * on an alarm for its consumer it lets jnats' own attempt finish, and if the consumer was not
 * re-created, replaces it with a new one starting after the last revision handed to the caller,
 * retrying with backoff until the server serves again. Revisions at or below the last delivered one
 * are dropped, so the caller sees no gap and no duplicate, and end of initial data once. (A revision
 * the bucket's history limit removed before the new consumer read it is gone from the stream; the
 * watch then resumes at the next one still stored, as any JetStream watch would.)
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
    private long startAfter;
    private long lastRevision;
    private boolean endOfDataSent;
    private Generation current;
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
     * Opens a watch: reads where the stream ends (changes-only watches start after it, and a watch
     * that delivered nothing resumes after it) and subscribes the first consumer.
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
        Generation g = new Generation();
        lock.lock();
        try {
            current = g;
        } finally {
            lock.unlock();
        }
        return g;
    }

    private void subscribe(Generation g) throws IOException, JetStreamApiException {
        long from;
        boolean initial;
        lock.lock();
        try {
            initial = !endOfDataSent;
            from = Math.max(lastRevision, startAfter) + 1;
        } finally {
            lock.unlock();
        }
        // before end of initial data a watch starts over (current values, dropping those already delivered);
        // after it, every revision after the last delivered one
        ConsumerConfiguration cc = ConsumerConfiguration.builder()
                .name(g.prefix)
                .ackPolicy(AckPolicy.None)
                .deliverPolicy(initial ? DeliverPolicy.LastPerSubject : DeliverPolicy.ByStartSequence)
                .startSequence(initial ? ConsumerConfiguration.ULONG_UNSET : from)
                .build();
        PushSubscribeOptions pso = PushSubscribeOptions.builder().stream("KV_" + bucket).ordered(true).configuration(cc).build();
        try {
            g.subscription = js.subscribe("$KV." + bucket + "." + pattern.pattern(), dispatcher, g::onMessage, false, pso);
            // with something to deliver, the last message (pending 0) ends the initial data in order
            ConsumerInfo ci = initial ? g.subscription.getConsumerInfo() : null;
            if (ci != null && ci.getCalculatedPending() == 0 && ci.getDelivered().getConsumerSequence() == 0) {
                endOfData(g);
            }
        } catch (IOException | JetStreamApiException | RuntimeException e) {
            g.unsubscribe();
            throw e;
        }
    }

    private void deliver(Generation g, KeyValueEntry e) {
        boolean stale;
        lock.lock();
        try {
            stale = closed || g != current;
            if (!stale && e.getRevision() > lastRevision) {
                lastRevision = e.getRevision();
                if (!options.ignoreDeletes() || e.getOperation() == KeyValueOperation.PUT) {
                    queue.add(new WatchEvent.Update(JetStreamBucket.entry(e)));
                }
            }
        } finally {
            lock.unlock();
        }
        if (stale) {
            // a replaced consumer that jnats brought back after we let it go
            g.unsubscribe();
        }
    }

    private void endOfData(Generation g) {
        lock.lock();
        try {
            if (!closed && g == current) {
                sendEndOfData();
            }
        } finally {
            lock.unlock();
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
            if (closed || supervisor != null || current == null || current.subscription == null) {
                return;
            }
            Generation g = current;
            supervisor = Thread.ofVirtual().name("kv-watch " + bucket + " > " + pattern)
                    .unstarted(() -> supervise(g, g.subscription, g.subscription.getConsumerName(), Duration.ZERO, false));
            supervisor.start();
        } finally {
            lock.unlock();
        }
    }

    private void supervise(Generation stalled, JetStreamSubscription sub, String consumer, Duration wait, boolean announced) {
        try {
            Thread.sleep(wait);
            if (!consumer.equals(sub.getConsumerName())) {
                // jnats re-created the consumer itself on this alarm; it resumes after its last sequence
                if (finish(stalled) && announced) {
                    LOG.info("watch of {} > {} resumed", bucket, pattern);
                }
                return;
            }
            stalled.unsubscribe();
            Duration delay = FIRST_RETRY;
            while (true) {
                Generation g = nextGeneration();
                try {
                    subscribe(g);
                    if (finish(g) && announced) {
                        LOG.info("watch of {} > {} resumed after revision {}", bucket, pattern, lastDelivered());
                    }
                    return;
                } catch (IOException | JetStreamApiException | RuntimeException e) {
                    LOG.debug("re-creating the consumer of watch {} > {} failed, retrying in {}: {}",
                            bucket, pattern, delay, e.toString());
                }
                long ms = delay.toMillis();
                Thread.sleep(ms - ms / 8 + ThreadLocalRandom.current().nextLong(ms / 4 + 1));
                delay = delay.multipliedBy(2).compareTo(MAX_RETRY) > 0 ? MAX_RETRY : delay.multipliedBy(2);
            }
        } catch (InterruptedException e) {
            // closed while waiting; close() released the subscriptions
        }
    }

    /** Ends supervision with {@code g} current; false when the watch was closed (or moved on) meanwhile. */
    private boolean finish(Generation g) {
        lock.lock();
        try {
            supervisor = null;
            if (!closed && g == current) {
                return true;
            }
        } finally {
            lock.unlock();
        }
        g.unsubscribe();
        return false;
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
        volatile JetStreamSubscription subscription;

        void onMessage(Message m) {
            KeyValueEntry e = new KeyValueEntry(m);
            deliver(this, e);
            if (e.getDelta() == 0) {
                endOfData(this);
            }
        }

        void unsubscribe() {
            JetStreamSubscription sub = subscription;
            if (sub == null) {
                return;
            }
            try {
                dispatcher.unsubscribe(sub);
            } catch (RuntimeException e) {
                // already gone with the dispatcher or the connection
                LOG.debug("unsubscribing a consumer of watch {} > {}: {}", bucket, pattern, e.toString());
            }
        }
    }
}
