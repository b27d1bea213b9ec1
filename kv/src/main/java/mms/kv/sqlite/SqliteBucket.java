package mms.kv.sqlite;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import mms.kv.BucketStatus;
import mms.kv.Entry;
import mms.kv.KeyExists;
import mms.kv.KeyPattern;
import mms.kv.KeyValueBucket;
import mms.kv.KvException;
import mms.kv.KvNames;
import mms.kv.KvWatch;
import mms.kv.Operation;
import mms.kv.WatchOptions;
import mms.kv.WrongRevision;
import mms.kv.sqlite.SqliteStore.BucketRow;

final class SqliteBucket implements KeyValueBucket {
    static final String ENTRY_COLUMNS = "seq, key, op, value, created_ns";

    private final SqliteStore store;
    private final String name;

    SqliteBucket(SqliteStore store, String name) {
        this.store = store;
        this.name = name;
    }

    static long nanos(Instant t) {
        return Math.addExact(Math.multiplyExact(t.getEpochSecond(), 1_000_000_000L), t.getNano());
    }

    static Instant instant(long nanos) {
        return Instant.ofEpochSecond(Math.floorDiv(nanos, 1_000_000_000L), Math.floorMod(nanos, 1_000_000_000L));
    }

    /** Reads the entry at the result set's current row (columns as {@link #ENTRY_COLUMNS}). */
    static Entry entry(String bucket, ResultSet rs, long delta) throws SQLException {
        byte[] value = rs.getBytes(4);
        return new Entry(bucket, rs.getString(2), value, rs.getLong(1), instant(rs.getLong(5)), delta,
                Operation.values()[rs.getInt(3)]);
    }

    private long now() {
        return nanos(store.clock().instant());
    }

    @Override
    public String name() {
        return name;
    }

    private Optional<Entry> last(Connection c, BucketRow row, String key) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT " + ENTRY_COLUMNS
                + " FROM kv_entry WHERE bucket=? AND key=? AND created_ns>? ORDER BY seq DESC LIMIT 1")) {
            ps.setString(1, name);
            ps.setString(2, key);
            ps.setLong(3, row.cutoff(now()));
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(entry(name, rs, 0)) : Optional.empty();
            }
        }
    }

    private long append(Connection c, BucketRow row, String key, Operation op, byte[] value) throws SQLException {
        long now = now();
        if (row.ttlNs() > 0) {
            try (PreparedStatement ps = c.prepareStatement("DELETE FROM kv_entry WHERE bucket=? AND created_ns<=?")) {
                ps.setString(1, name);
                ps.setLong(2, row.cutoff(now));
                ps.executeUpdate();
            }
        }
        long seq = row.lastSeq() + 1;
        try (PreparedStatement ps = c.prepareStatement(
                "INSERT INTO kv_entry(bucket, seq, key, op, value, created_ns) VALUES (?, ?, ?, ?, ?, ?)")) {
            ps.setString(1, name);
            ps.setLong(2, seq);
            ps.setString(3, key);
            ps.setInt(4, op.ordinal());
            ps.setBytes(5, value);
            ps.setLong(6, now);
            ps.executeUpdate();
        }
        try (PreparedStatement ps = c.prepareStatement("UPDATE kv_bucket SET last_seq=? WHERE name=?")) {
            ps.setLong(1, seq);
            ps.setString(2, name);
            ps.executeUpdate();
        }
        if (op == Operation.PURGE) {
            // a purge is a rollup: only its marker remains
            try (PreparedStatement ps = c.prepareStatement("DELETE FROM kv_entry WHERE bucket=? AND key=? AND seq<?")) {
                ps.setString(1, name);
                ps.setString(2, key);
                ps.setLong(3, seq);
                ps.executeUpdate();
            }
        } else {
            // keep the newest `history` entries of this key, markers included, as JetStream's max per subject
            try (PreparedStatement ps = c.prepareStatement("""
                    DELETE FROM kv_entry WHERE bucket=?1 AND key=?2 AND seq < (
                      SELECT MIN(seq) FROM (SELECT seq FROM kv_entry WHERE bucket=?1 AND key=?2
                                            ORDER BY seq DESC LIMIT ?3))""")) {
                ps.setString(1, name);
                ps.setString(2, key);
                ps.setInt(3, row.history());
                ps.executeUpdate();
            }
        }
        return seq;
    }

    @Override
    public Optional<Entry> get(String key) throws KvException {
        KvNames.key(key);
        return store.read("get " + name + " > " + key,
                c -> last(c, store.bucketRow(c, name), key).filter(e -> e.operation() == Operation.PUT));
    }

    @Override
    public long put(String key, byte[] value) throws KvException {
        KvNames.key(key);
        Objects.requireNonNull(value, "value");
        return store.write("put " + name + " > " + key,
                c -> append(c, store.bucketRow(c, name), key, Operation.PUT, value));
    }

    @Override
    public long create(String key, byte[] value) throws KvException {
        KvNames.key(key);
        Objects.requireNonNull(value, "value");
        return store.write("create " + name + " > " + key, c -> {
            BucketRow row = store.bucketRow(c, name);
            Optional<Entry> last = last(c, row, key);
            if (last.isPresent() && last.get().operation() == Operation.PUT) {
                throw new KeyExists("key '" + key + "' in bucket '" + name + "' already exists at revision "
                        + last.get().revision());
            }
            return append(c, row, key, Operation.PUT, value);
        });
    }

    @Override
    public long update(String key, byte[] value, long expectedRevision) throws KvException {
        KvNames.key(key);
        Objects.requireNonNull(value, "value");
        if (expectedRevision < 0) {
            throw new IllegalArgumentException("expected revision " + expectedRevision + " of key '" + key + "' must be >= 0");
        }
        return store.write("update " + name + " > " + key, c -> {
            BucketRow row = store.bucketRow(c, name);
            long actual = last(c, row, key).map(Entry::revision).orElse(0L);
            if (actual != expectedRevision) {
                throw new WrongRevision("key '" + key + "' in bucket '" + name + "' is at revision " + actual
                        + ", expected " + expectedRevision);
            }
            return append(c, row, key, Operation.PUT, value);
        });
    }

    @Override
    public void delete(String key) throws KvException {
        KvNames.key(key);
        store.write("delete " + name + " > " + key,
                c -> append(c, store.bucketRow(c, name), key, Operation.DELETE, new byte[0]));
    }

    @Override
    public void purge(String key) throws KvException {
        KvNames.key(key);
        store.write("purge " + name + " > " + key,
                c -> append(c, store.bucketRow(c, name), key, Operation.PURGE, new byte[0]));
    }

    @Override
    public List<String> keys() throws KvException {
        return store.read("list keys of " + name, c -> {
            BucketRow row = store.bucketRow(c, name);
            List<String> keys = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement("""
                    SELECT key FROM kv_entry e WHERE bucket=?1 AND created_ns>?2 AND op=0
                      AND seq=(SELECT MAX(seq) FROM kv_entry WHERE bucket=?1 AND key=e.key) ORDER BY key""")) {
                ps.setString(1, name);
                ps.setLong(2, row.cutoff(now()));
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        keys.add(rs.getString(1));
                    }
                }
            }
            return keys;
        });
    }

    @Override
    public List<Entry> history(String key) throws KvException {
        KvNames.key(key);
        return store.read("history of " + name + " > " + key, c -> {
            BucketRow row = store.bucketRow(c, name);
            List<Entry> entries = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement("SELECT " + ENTRY_COLUMNS
                    + " FROM kv_entry WHERE bucket=? AND key=? AND created_ns>? ORDER BY seq")) {
                ps.setString(1, name);
                ps.setString(2, key);
                ps.setLong(3, row.cutoff(now()));
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        entries.add(entry(name, rs, 0));
                    }
                }
            }
            return entries;
        });
    }

    @Override
    public KvWatch watch(KeyPattern pattern, WatchOptions options) throws KvException {
        Objects.requireNonNull(pattern, "pattern");
        Objects.requireNonNull(options, "options");
        return store.poller().start(name, pattern, options);
    }

    @Override
    public BucketStatus status() throws KvException {
        return store.read("status of " + name, c -> {
            BucketRow row = store.bucketRow(c, name);
            try (PreparedStatement ps = c.prepareStatement(
                    "SELECT COUNT(*), COALESCE(SUM(LENGTH(key) + LENGTH(value)), 0) FROM kv_entry WHERE bucket=? AND created_ns>?")) {
                ps.setString(1, name);
                ps.setLong(2, row.cutoff(now()));
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    return new BucketStatus(name, rs.getLong(1), row.history(), Duration.ofNanos(row.ttlNs()),
                            rs.getLong(2), row.replicas(), row.storage(), "SQLite " + store.file());
                }
            }
        });
    }

    @Override
    public String toString() {
        return "sqlite bucket " + name + " in " + store.file();
    }
}
