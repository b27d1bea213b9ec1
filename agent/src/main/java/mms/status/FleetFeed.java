package mms.status;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import mms.kv.BucketNotFound;
import mms.kv.Entry;
import mms.kv.KeyValueBucket;
import mms.kv.KeyValueStore;
import mms.kv.KvException;
import mms.kv.KvWatch;
import mms.kv.WatchClosed;
import mms.kv.WatchEvent;
import mms.kv.WatchOptions;
import mms.time.Wakeup;

/**
 * The fleet as the store shows it, kept up to date: every node's status record (watched in bucket
 * {@value NodeStatus#BUCKET}) and the specification in the manager's bucket and key (watched, with
 * its history). One watch per bucket, however many nodes: a reader of ten thousand records gets
 * them in one stream, not ten thousand reads. A bucket that does not exist yet counts as empty and
 * is looked for again every second; the watches ride out store outages as the store's watches do.
 * {@link #view} computes a {@link FleetView} from what was read. Thread safe.
 */
public final class FleetFeed implements AutoCloseable {
    /** How long a missing bucket or a failed watch waits before it is tried again. */
    static final Duration RETRY = Duration.ofSeconds(1);

    private final KeyValueStore store;
    private final String bucket;
    private final String key;
    /** Record key → its record, or why it is not one. */
    private final Map<String, Object> records = new ConcurrentHashMap<>();
    private volatile Optional<PublishedSpecification> specification = Optional.empty();
    private volatile Optional<String> lastError = Optional.empty();
    private final CountDownLatch initial = new CountDownLatch(2);
    private final Wakeup changed = new Wakeup();
    private final Wakeup stopping = new Wakeup();
    private final List<Thread> threads = new ArrayList<>();
    private final List<KvWatch> watches = new ArrayList<>();
    private volatile boolean closed;

    private FleetFeed(KeyValueStore store, String bucket, String key) {
        this.store = store;
        this.bucket = bucket;
        this.key = key;
    }

    /**
     * Starts reading.
     *
     * @param store  the store, not null; it stays the caller's to close (after this feed)
     * @param bucket the specification's bucket ({@code manage_bucket}), not null
     * @param key    the specification's key ({@code manage_key}), not null
     */
    public static FleetFeed open(KeyValueStore store, String bucket, String key) {
        FleetFeed feed = new FleetFeed(Objects.requireNonNull(store, "store"), Objects.requireNonNull(bucket, "bucket"),
                Objects.requireNonNull(key, "key"));
        synchronized (feed.threads) {
            feed.threads.add(Thread.ofVirtual().name("fleet#status").start(() -> feed.follow(NodeStatus.BUCKET, ">",
                    feed.new Records())));
            feed.threads.add(Thread.ofVirtual().name("fleet#specification").start(() -> feed.follow(bucket, key,
                    feed.new Specifications())));
        }
        return feed;
    }

    /**
     * Waits until every record and the specification that existed when the feed opened were read.
     *
     * @return whether they were, within {@code timeout}
     * @throws InterruptedException when interrupted
     */
    public boolean awaitInitial(Duration timeout) throws InterruptedException {
        return initial.await(timeout.toNanos(), TimeUnit.NANOSECONDS);
    }

    /**
     * Waits for a change of a record or of the specification, at most {@code timeout}; changes
     * since the last call count.
     *
     * @return whether something changed
     * @throws InterruptedException when interrupted
     */
    public boolean awaitChange(Duration timeout) throws InterruptedException {
        return changed.await(timeout);
    }

    /** The records read so far. */
    public FleetRecords records() {
        List<NodeStatus> nodes = new ArrayList<>();
        Map<String, String> unreadable = new java.util.TreeMap<>();
        records.forEach((k, v) -> {
            switch (v) {
                case NodeStatus n -> nodes.add(n);
                case String reason -> unreadable.put(k, reason);
                default -> throw new IllegalStateException("unexpected record " + v.getClass());
            }
        });
        return new FleetRecords(nodes, unreadable);
    }

    /** The specification as last read; empty when the key holds none. */
    public Optional<PublishedSpecification> specification() {
        return specification;
    }

    /** The last failure to read the store, if the latest attempt failed; for "could not read" messages. */
    public Optional<String> lastError() {
        return lastError;
    }

    /** The view of what was read, at {@code now}. */
    public FleetView view(Instant now, Optional<String> machine) {
        return FleetView.of(records(), specification, now, machine);
    }

    /** Stops the watches and waits for their threads. Idempotent. */
    @Override
    public void close() {
        closed = true;
        stopping.signal();
        List<Thread> toJoin;
        synchronized (threads) {
            watches.forEach(KvWatch::close);
            toJoin = List.copyOf(threads);
        }
        for (Thread t : toJoin) {
            t.interrupt();
            try {
                t.join(Duration.ofSeconds(5));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    /** What to do with what a watch delivers. */
    private interface Handler {
        /** Takes one entry. */
        void accept(KeyValueBucket bucket, Entry entry) throws KvException;

        /**
         * The current values were all delivered: {@code keys} are those the bucket holds now
         * (none when it does not exist). What was kept of other keys (deleted while no watch ran)
         * goes.
         */
        void current(Set<String> keys);
    }

    /**
     * Watches {@code pattern} of {@code bucketName} until closed: entries go to {@code handler};
     * the initial values done (or the bucket missing) counts down {@link #initial} once.
     */
    private void follow(String bucketName, String pattern, Handler handler) {
        boolean counted = false;
        while (!closed) {
            try {
                KeyValueBucket b = store.bucket(bucketName);
                KvWatch watch = register(b.watch(pattern, WatchOptions.CURRENT_THEN_CHANGES));
                try {
                    lastError = Optional.empty();
                    Set<String> current = new HashSet<>(); // the keys of the initial values; null after them
                    while (!closed) {
                        switch (watch.next()) {
                            case WatchEvent.Update(Entry entry) -> {
                                handler.accept(b, entry);
                                if (current == null) {
                                    changed.signal();
                                } else if (!entry.isMarker()) {
                                    current.add(entry.key());
                                }
                            }
                            case WatchEvent.EndOfInitialData() -> {
                                handler.current(current);
                                current = null;
                                changed.signal();
                                if (!counted) {
                                    counted = true;
                                    initial.countDown();
                                }
                            }
                        }
                    }
                } finally {
                    unregister(watch);
                }
            } catch (BucketNotFound e) {
                lastError = Optional.empty();
                handler.current(Set.of());
                changed.signal();
                if (!counted) {
                    counted = true;
                    initial.countDown();
                }
            } catch (WatchClosed e) {
                if (closed) {
                    return;
                }
            } catch (KvException e) {
                lastError = Optional.of(e.getMessage());
            } catch (InterruptedException e) {
                return;
            }
            try {
                if (stopping.await(RETRY)) {
                    return;
                }
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    private KvWatch register(KvWatch watch) {
        synchronized (threads) {
            if (closed) {
                watch.close();
            } else {
                watches.add(watch);
            }
        }
        return watch;
    }

    private void unregister(KvWatch watch) {
        synchronized (threads) {
            watches.remove(watch);
        }
        watch.close();
    }

    /** The status bucket's entries into {@link #records}. */
    private final class Records implements Handler {
        @Override
        public void accept(KeyValueBucket b, Entry entry) {
            if (entry.isMarker()) {
                records.remove(entry.key());
                return;
            }
            try {
                records.put(entry.key(), NodeStatus.parse(entry.value()));
            } catch (IOException e) {
                records.put(entry.key(), e.getMessage());
            }
        }

        @Override
        public void current(Set<String> keys) {
            records.keySet().retainAll(keys);
        }
    }

    /** The specification key's entries into {@link #specification}, with the key's history. */
    private final class Specifications implements Handler {
        @Override
        public void accept(KeyValueBucket b, Entry entry) throws KvException {
            specification = PublishedSpecification.of(bucket, key, b.history(key));
        }

        @Override
        public void current(Set<String> keys) {
            if (!keys.contains(key)) {
                specification = Optional.empty();
            }
        }
    }
}
