package mms.kv.jetstream;

import io.nats.client.api.KeyValueEntry;
import io.nats.client.api.KeyValueWatcher;
import io.nats.client.impl.NatsKeyValueWatchSubscription;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import mms.kv.KeyPattern;
import mms.kv.KvWatch;
import mms.kv.WatchClosed;
import mms.kv.WatchEvent;
import mms.kv.WatchOptions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Adapts jnats' callback watcher (called on a dispatcher thread) to a blocking queue. */
final class JetStreamWatch implements KvWatch, KeyValueWatcher {
    private static final Logger LOG = LoggerFactory.getLogger(JetStreamWatch.class);
    private static final Object CLOSED = new Object();

    private final JetStreamStore store;
    private final String bucket;
    private final KeyPattern pattern;
    private final LinkedBlockingQueue<Object> queue = new LinkedBlockingQueue<>();
    private final AtomicBoolean endOfDataSent = new AtomicBoolean();
    private volatile NatsKeyValueWatchSubscription subscription;
    private volatile boolean closed;

    JetStreamWatch(JetStreamStore store, String bucket, KeyPattern pattern, WatchOptions options) {
        this.store = store;
        this.bucket = bucket;
        this.pattern = pattern;
        if (!options.includeCurrent()) {
            // jnats may or may not signal end of data for updates-only watches; we promise it first
            endOfData();
        }
        store.register(this);
    }

    void start(NatsKeyValueWatchSubscription sub) {
        this.subscription = sub;
        if (closed) {
            unsubscribe(sub);
        }
    }

    @Override
    public void watch(KeyValueEntry entry) {
        if (!closed) {
            queue.add(new WatchEvent.Update(JetStreamBucket.entry(entry)));
        }
    }

    @Override
    public void endOfData() {
        if (!closed && endOfDataSent.compareAndSet(false, true)) {
            queue.add(new WatchEvent.EndOfInitialData());
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
        if (closed) {
            return;
        }
        closed = true;
        store.unregister(this);
        NatsKeyValueWatchSubscription sub = subscription;
        if (sub != null) {
            unsubscribe(sub);
        }
        queue.clear();
        queue.add(CLOSED);
    }

    private void unsubscribe(NatsKeyValueWatchSubscription sub) {
        try {
            sub.unsubscribe();
        } catch (RuntimeException e) {
            // the connection may already be closed; nothing left to release then
            LOG.debug("unsubscribing watch of {} > {}: {}", bucket, pattern, e.toString());
        }
    }
}
