package mms.kv.sqlite;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import mms.kv.Entry;
import mms.kv.KeyPattern;
import mms.kv.KvException;
import mms.kv.KvWatch;
import mms.kv.Operation;
import mms.kv.WatchEvent;
import mms.kv.WatchOptions;
import mms.kv.sqlite.SqliteStore.BucketRow;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Feeds every watch of one store from one virtual thread and its own connection. Wakes at once
 * when this process commits (wake) and otherwise checks PRAGMA data_version every poll interval,
 * which changes only when another connection (any process) committed.
 */
final class WatchPoller {
    private static final Logger LOG = LoggerFactory.getLogger(WatchPoller.class);

    private final SqliteStore store;
    private final FileConnection file;
    private final long intervalNanos;
    private final CopyOnWriteArrayList<SqliteWatch> watches = new CopyOnWriteArrayList<>();
    private final ArrayBlockingQueue<Boolean> wakeups = new ArrayBlockingQueue<>(1);
    private final Object startLock = new Object();
    private Thread thread;
    private volatile boolean closed;
    private long dataVersion = Long.MIN_VALUE;
    private PreparedStatement dataVersionQuery;
    /** The connection {@link #dataVersionQuery} was prepared on. */
    private long preparedGeneration = -1;
    /** Why the last poll failed, null while polls work: a broken file is logged once, not 20 times a second. */
    private String failure;

    WatchPoller(SqliteStore store, FileConnection file, Duration interval) {
        this.store = store;
        this.file = file;
        this.intervalNanos = Math.max(1_000_000L, interval.toNanos());
    }

    void wake() {
        wakeups.offer(Boolean.TRUE);
    }

    KvWatch start(String bucket, KeyPattern pattern, WatchOptions options) throws KvException {
        List<WatchEvent> initial = new ArrayList<>();
        long lastSeq = store.read("watch " + bucket + " > " + pattern, c -> {
            BucketRow row = store.bucketRow(c, bucket);
            if (options.includeCurrent()) {
                List<Entry> current = new ArrayList<>();
                try (PreparedStatement ps = c.prepareStatement("SELECT " + SqliteBucket.ENTRY_COLUMNS + " " + """
                         FROM kv_entry e WHERE bucket=?1 AND created_ns>?2
                          AND seq=(SELECT MAX(seq) FROM kv_entry WHERE bucket=?1 AND key=e.key) ORDER BY seq""")) {
                    ps.setString(1, bucket);
                    ps.setLong(2, row.cutoff(SqliteBucket.nanos(store.clock().instant())));
                    try (ResultSet rs = ps.executeQuery()) {
                        while (rs.next()) {
                            Entry e = SqliteBucket.entry(bucket, rs, 0);
                            if (pattern.matches(e.key()) && !(options.ignoreDeletes() && e.isMarker())) {
                                current.add(e);
                            }
                        }
                    }
                }
                for (int i = 0; i < current.size(); i++) {
                    Entry e = current.get(i);
                    initial.add(new WatchEvent.Update(withDelta(e, current.size() - 1 - i)));
                }
            }
            return row.lastSeq();
        });
        SqliteWatch watch = new SqliteWatch(this, bucket, pattern, options, lastSeq);
        initial.forEach(watch::deliver);
        watch.deliver(new WatchEvent.EndOfInitialData());
        watches.add(watch);
        ensureThread();
        wake();
        return watch;
    }

    private static Entry withDelta(Entry e, long delta) {
        return new Entry(e.bucket(), e.key(), e.value(), e.revision(), e.created(), delta, e.operation());
    }

    void remove(SqliteWatch watch) {
        watches.remove(watch);
    }

    private void ensureThread() {
        synchronized (startLock) {
            if (thread == null && !closed) {
                thread = Thread.ofVirtual().name("kv-sqlite-watch " + store.file().getFileName()).start(this::run);
            }
        }
    }

    private void run() {
        try {
            while (!closed) {
                boolean woken = wakeups.poll(intervalNanos, TimeUnit.NANOSECONDS) != null;
                if (closed) {
                    return;
                }
                if (watches.isEmpty()) {
                    continue;
                }
                try {
                    Connection conn = file.get();
                    long version = dataVersion(conn);
                    if (woken || version != dataVersion) {
                        dataVersion = version;
                        for (SqliteWatch w : watches) {
                            poll(conn, w);
                        }
                    }
                    if (failure != null) {
                        LOG.info("sqlite store {}: watches work again", store.file());
                        failure = null;
                    }
                } catch (SQLException | RuntimeException e) {
                    // busy, I/O, a damaged or replaced file (a garbage row can fail as a RuntimeException):
                    // keep the watches and look again on the next tick, where a repaired file is picked up;
                    // a dead thread here would leave every watch silent until a restart
                    if (e instanceof SQLException sql) {
                        file.failed(sql);
                    }
                    String reason = e instanceof SQLException ? e.getMessage() : e.toString();
                    if (!reason.equals(failure)) {
                        LOG.warn("sqlite store {}: watch poll failed, retrying every {} ms: {}", store.file(),
                                intervalNanos / 1_000_000, reason);
                    } else {
                        LOG.debug("sqlite store {}: watch poll failed again: {}", store.file(), reason);
                    }
                    failure = reason;
                    dataVersion = Long.MIN_VALUE;
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private long dataVersion(Connection conn) throws SQLException {
        // prepared once per connection: this runs 20 times a second for as long as anything watches
        if (dataVersionQuery == null || preparedGeneration != file.generation()) {
            dataVersionQuery = conn.prepareStatement("PRAGMA data_version");
            preparedGeneration = file.generation();
            dataVersion = Long.MIN_VALUE; // another file's counter: look at every watch once
        }
        try (ResultSet rs = dataVersionQuery.executeQuery()) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private void poll(Connection conn, SqliteWatch w) throws SQLException {
        if (w.isClosed()) {
            return;
        }
        long bucketLast;
        try (PreparedStatement ps = conn.prepareStatement("SELECT last_seq FROM kv_bucket WHERE name=?")) {
            ps.setString(1, w.bucket);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    return; // bucket removed: nothing more to see until it is created again
                }
                bucketLast = rs.getLong(1);
            }
        }
        if (bucketLast < w.lastSeq) {
            w.lastSeq = 0; // bucket removed and created again: its revisions restarted
        }
        if (bucketLast == w.lastSeq) {
            return;
        }
        List<Entry> batch = new ArrayList<>();
        try (PreparedStatement ps = conn.prepareStatement("SELECT " + SqliteBucket.ENTRY_COLUMNS
                + " FROM kv_entry WHERE bucket=? AND seq>? ORDER BY seq")) {
            ps.setString(1, w.bucket);
            ps.setLong(2, w.lastSeq);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    Entry e = SqliteBucket.entry(w.bucket, rs, 0);
                    w.lastSeq = Math.max(w.lastSeq, e.revision());
                    if (w.pattern.matches(e.key()) && !(w.options.ignoreDeletes() && e.operation() != Operation.PUT)) {
                        batch.add(e);
                    }
                }
            }
        }
        w.lastSeq = Math.max(w.lastSeq, bucketLast);
        for (int i = 0; i < batch.size(); i++) {
            w.deliver(new WatchEvent.Update(withDelta(batch.get(i), batch.size() - 1 - i)));
        }
    }

    void close() {
        closed = true;
        Thread t;
        synchronized (startLock) {
            t = thread;
        }
        if (t != null) {
            t.interrupt();
            try {
                t.join(Duration.ofSeconds(10));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        for (SqliteWatch w : watches) {
            w.close();
        }
        file.close();
    }
}
