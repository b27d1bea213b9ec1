package mms.dashboard;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import mms.json.Json;
import mms.status.FleetFeed;
import mms.status.FleetRecords;
import mms.status.FleetTable;
import mms.status.FleetView;

/**
 * The dashboard's data: the latest snapshot of a {@link FleetFeed}, as the page reads it, and a
 * thread that computes a new one when the feed changes (and every second, since a node goes stale
 * by the clock alone), at most every {@link #MIN_GAP}. Readers wait for a snapshot newer than the
 * one they have ({@link #awaitNewer}). Thread safe.
 *
 * <p>A snapshot is {@code {"time","store","reading"?,"error"?,"view":{…},"nodes":[…]}}: when it was
 * computed, the store's description, {@code "reading":true} until the feed read what the store held
 * when it opened, the feed's last read error while it lasts, the {@link FleetView#toJson() view}
 * and the {@link FleetTable#toJson() table}.
 */
final class FleetSnapshots implements AutoCloseable {
    /** The least time between two snapshots: during a rollout records change many times a second. */
    static final Duration MIN_GAP = Duration.ofMillis(500);
    /** How often a snapshot is computed without a change, to see nodes go stale. */
    static final Duration RECHECK = Duration.ofSeconds(1);

    /**
     * One computed snapshot.
     *
     * @param version increases with each new snapshot, from 1
     * @param json    the document
     */
    record Snapshot(long version, String json) {}

    private final FleetFeed feed;
    private final String store;
    private final InstantSource clock;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition published = lock.newCondition();
    private Snapshot latest;
    /** The latest snapshot's document without its time, to tell a change from the clock moving. */
    private String latestContent = "";
    private final Thread thread;
    private volatile boolean closed;

    private FleetSnapshots(FleetFeed feed, String store, InstantSource clock) {
        this.feed = feed;
        this.store = store;
        this.clock = clock;
        refresh();
        this.thread = Thread.ofVirtual().name("dashboard#snapshots").unstarted(this::follow);
    }

    /**
     * Computes the first snapshot and starts following {@code feed}.
     *
     * @param feed  the fleet, not null; it stays the caller's to close (after this)
     * @param store the store's description, shown on the page, not null
     * @param clock the time snapshots are computed at, not null
     */
    static FleetSnapshots follow(FleetFeed feed, String store, InstantSource clock) {
        FleetSnapshots snapshots = new FleetSnapshots(Objects.requireNonNull(feed, "feed"),
                Objects.requireNonNull(store, "store"), Objects.requireNonNull(clock, "clock"));
        snapshots.thread.start();
        return snapshots;
    }

    /** The latest snapshot. */
    Snapshot latest() {
        lock.lock();
        try {
            return latest;
        } finally {
            lock.unlock();
        }
    }

    /**
     * Waits until there is a snapshot newer than version {@code seen}, at most {@code timeout}.
     *
     * @return the latest snapshot when it is newer than {@code seen}; empty after the timeout
     * @throws InterruptedException when interrupted
     */
    Optional<Snapshot> awaitNewer(long seen, Duration timeout) throws InterruptedException {
        long nanos = timeout.toNanos();
        lock.lockInterruptibly();
        try {
            while (latest.version() <= seen) {
                if (nanos <= 0) {
                    return Optional.empty();
                }
                nanos = published.awaitNanos(nanos);
            }
            return Optional.of(latest);
        } finally {
            lock.unlock();
        }
    }

    /** Stops following the feed. Idempotent. */
    @Override
    public void close() {
        closed = true;
        thread.interrupt();
        try {
            thread.join(Duration.ofSeconds(5));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void follow() {
        try {
            while (!closed) {
                long began = System.nanoTime();
                feed.awaitChange(RECHECK);
                long rest = MIN_GAP.toNanos() - (System.nanoTime() - began);
                if (rest > 0) {
                    TimeUnit.NANOSECONDS.sleep(rest); // changes meanwhile are kept by the feed
                }
                refresh();
            }
        } catch (InterruptedException e) {
            // closed
        }
    }

    /** Computes a snapshot and publishes it when more than its time changed. */
    private void refresh() {
        Instant now = clock.instant();
        FleetRecords records = feed.records();
        FleetView view = FleetView.of(records, feed.specification(), now, Optional.empty());
        ObjectNode document = Json.object();
        document.put("store", store);
        try {
            if (!feed.awaitInitial(Duration.ZERO)) {
                document.put("reading", true);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        feed.lastError().ifPresent(error -> document.put("error", error));
        ObjectNode viewJson = view.toJsonTree();
        viewJson.remove("time");
        document.set("view", viewJson);
        document.set("nodes", FleetTable.of(records, view).toJson());
        String content = Json.write(document);
        lock.lock();
        try {
            if (content.equals(latestContent)) {
                return;
            }
            ObjectNode timed = Json.object();
            timed.put("time", now.toString());
            timed.setAll(document);
            latest = new Snapshot(latest == null ? 1 : latest.version() + 1, Json.write(timed));
            latestContent = content;
            published.signalAll();
        } finally {
            lock.unlock();
        }
    }
}
