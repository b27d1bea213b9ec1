package mms.kv.sqlite;

import java.io.IOException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.locks.ReentrantLock;
import mms.kv.BucketConfig;
import mms.kv.BucketNotFound;
import mms.kv.GovernorStorage;
import mms.kv.KeyValueBucket;
import mms.kv.KeyValueStore;
import mms.kv.KvException;
import mms.kv.KvNames;
import mms.kv.StorageType;
import mms.kv.StoreState;
import mms.kv.StoreUnavailable;
import mms.posix.PrivateFiles;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

final class SqliteStore implements KeyValueStore {
    private static final Logger LOG = LoggerFactory.getLogger(SqliteStore.class);
    /** SQLite's primary result code for a lock another connection holds. */
    private static final int SQLITE_BUSY = 5;
    private static final int SCHEMA_VERSION = 1;
    /** How long a transaction waits for another process's lock before it fails, naming the lock. */
    static final Duration DEFAULT_BUSY_TIMEOUT = Duration.ofSeconds(15);

    interface SqlWork<T> {
        T run(Connection c) throws SQLException, KvException;
    }

    private final Path file;
    private final Clock clock;
    private final Duration busyTimeout;
    private final FileConnection writeConn;
    private final FileConnection readConn;
    private final ReentrantLock writeLock = new ReentrantLock();
    private final ReentrantLock readLock = new ReentrantLock();
    private final WatchPoller poller;
    private final SqliteGovernors governors = new SqliteGovernors(this);
    private volatile boolean closed;

    SqliteStore(Path file, Clock clock, Duration pollInterval) throws KvException {
        this(file, clock, pollInterval, DEFAULT_BUSY_TIMEOUT);
    }

    SqliteStore(Path file, Clock clock, Duration pollInterval, Duration busyTimeout) throws KvException {
        this.file = file.toAbsolutePath().normalize();
        this.clock = clock;
        this.busyTimeout = busyTimeout;
        Path parent = this.file.getParent();
        try {
            if (parent != null) {
                PrivateFiles.createDirectories(parent);
            }
        } catch (IOException e) {
            throw new StoreUnavailable("sqlite store " + this.file + ": cannot create its directory: " + e.getMessage(), e);
        }
        try {
            // the store holds specifications with download passwords: created 0600 before SQLite
            // creates it with the umask; its -wal and -shm files take its mode
            PrivateFiles.createFile(this.file);
        } catch (IOException e) {
            throw new StoreUnavailable("sqlite store " + this.file + ": cannot create it: " + e.getMessage(), e);
        }
        FileConnection[] opened = openConnections();
        warnIfExposed(parent);
        this.writeConn = opened[0];
        this.readConn = opened[1];
        this.poller = new WatchPoller(this, opened[2], pollInterval);
    }

    /**
     * The writer (schema migrated), reader and poller connections. Opening is tried again while
     * SQLite answers busy, within the busy timeout: setting a connection up can get SQLITE_BUSY at
     * once, without SQLite's busy handler waiting, while another connection sets up the same file
     * (seen when an agent opening its store lazily and a CLI call opened a new store together).
     */
    private FileConnection[] openConnections() throws KvException {
        long deadline = System.nanoTime() + busyTimeout.toNanos();
        while (true) {
            FileConnection w = null;
            FileConnection r = null;
            FileConnection p = null;
            try {
                w = FileConnection.open(this.file, busyTimeout);
                migrate(w.get());
                r = FileConnection.open(this.file, busyTimeout);
                p = FileConnection.open(this.file, busyTimeout);
                return new FileConnection[] {w, r, p};
            } catch (SQLException e) {
                closeQuietly(w);
                closeQuietly(r);
                closeQuietly(p);
                if ((e.getErrorCode() & 0xff) != SQLITE_BUSY || System.nanoTime() > deadline) {
                    throw unavailable("open", e);
                }
            } catch (KvException e) {
                closeQuietly(w);
                throw e;
            }
            try {
                Thread.sleep(10 + ThreadLocalRandom.current().nextInt(40));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new StoreUnavailable("sqlite store " + file + ": interrupted while opening it", e);
            }
        }
    }

    /** Says once, at open, which of the store's files others may read; they are left as they are. */
    private void warnIfExposed(Path parent) {
        if (parent != null) {
            PrivateFiles.exposure(parent, "the directory of sqlite store").ifPresent(LOG::warn);
        }
        for (String suffix : new String[] {"", "-wal", "-shm"}) {
            Path f = Path.of(file + suffix);
            PrivateFiles.exposure(f, "sqlite store file").ifPresent(LOG::warn);
        }
    }

    private void migrate(Connection c) throws SQLException, KvException {
        try (Statement s = c.createStatement()) {
            s.execute("BEGIN IMMEDIATE");
            try {
                int version;
                try (ResultSet rs = s.executeQuery("PRAGMA user_version")) {
                    version = rs.next() ? rs.getInt(1) : 0;
                }
                if (version > SCHEMA_VERSION) {
                    throw new KvException("sqlite store " + file + " has schema version " + version
                            + ", newer than this mms understands (" + SCHEMA_VERSION + ")");
                }
                if (version < 1) {
                    s.execute("""
                            CREATE TABLE IF NOT EXISTS kv_bucket(
                              name TEXT PRIMARY KEY, history INTEGER NOT NULL, ttl_ns INTEGER NOT NULL,
                              replicas INTEGER NOT NULL, storage TEXT NOT NULL, last_seq INTEGER NOT NULL,
                              created_ns INTEGER NOT NULL)""");
                    s.execute("""
                            CREATE TABLE IF NOT EXISTS kv_entry(
                              bucket TEXT NOT NULL, seq INTEGER NOT NULL, key TEXT NOT NULL, op INTEGER NOT NULL,
                              value BLOB, created_ns INTEGER NOT NULL, PRIMARY KEY(bucket, seq))""");
                    s.execute("CREATE INDEX IF NOT EXISTS kv_entry_key ON kv_entry(bucket, key, seq)");
                    s.execute("CREATE INDEX IF NOT EXISTS kv_entry_time ON kv_entry(bucket, created_ns)");
                    s.execute("PRAGMA user_version=" + SCHEMA_VERSION);
                }
                // outside the schema version: versions that know no governors still open the file
                for (String table : SqliteGovernors.TABLES) {
                    s.execute(table);
                }
                s.execute("COMMIT");
            } catch (SQLException | KvException e) {
                s.execute("ROLLBACK");
                throw e;
            }
        }
    }

    Path file() {
        return file;
    }

    Clock clock() {
        return clock;
    }

    WatchPoller poller() {
        return poller;
    }

    /** Runs work in one write transaction (BEGIN IMMEDIATE), then wakes local watches. */
    <T> T write(String what, SqlWork<T> work) throws KvException {
        ensureOpen();
        T result;
        writeLock.lock();
        try (Statement s = writeConn.get().createStatement()) {
            s.execute("BEGIN IMMEDIATE");
            try {
                result = work.run(s.getConnection());
                s.execute("COMMIT");
            } catch (SQLException | KvException | RuntimeException e) {
                try {
                    s.execute("ROLLBACK");
                } catch (SQLException rollback) {
                    e.addSuppressed(rollback);
                }
                throw e;
            }
        } catch (SQLException e) {
            writeConn.failed(e);
            throw unavailable(what, e);
        } finally {
            writeLock.unlock();
        }
        poller.wake();
        return result;
    }

    /** Runs work in one read transaction, a consistent snapshot. */
    <T> T read(String what, SqlWork<T> work) throws KvException {
        ensureOpen();
        readLock.lock();
        try (Statement s = readConn.get().createStatement()) {
            s.execute("BEGIN");
            try {
                return work.run(s.getConnection());
            } finally {
                s.execute("COMMIT");
            }
        } catch (SQLException e) {
            readConn.failed(e);
            throw unavailable(what, e);
        } finally {
            readLock.unlock();
        }
    }

    /**
     * The failure of {@code what}, naming the file and the reason. A lock held longer than the busy
     * timeout says so: "database is locked" alone reads like a permanent state, when another process
     * (a long {@code mms kv} command, a {@code sqlite3} shell) holds a transaction open.
     */
    StoreUnavailable unavailable(String what, SQLException e) {
        String reason = (e.getErrorCode() & 0xff) == SQLITE_BUSY
                ? "another process holds the database's lock, gave up after waiting " + busyTimeout.toMillis() + " ms ("
                        + e.getMessage() + ")"
                : e.getMessage();
        return new StoreUnavailable("sqlite store " + file + ": " + what + " failed: " + reason, e);
    }

    private void ensureOpen() throws StoreUnavailable {
        if (closed) {
            throw new StoreUnavailable("sqlite store " + file + " is closed");
        }
    }

    /** Loads a bucket's settings; throws BucketNotFound when absent. */
    BucketRow bucketRow(Connection c, String name) throws SQLException, BucketNotFound {
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT history, ttl_ns, replicas, storage, last_seq FROM kv_bucket WHERE name=?")) {
            ps.setString(1, name);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    throw new BucketNotFound(name, description(), null);
                }
                return new BucketRow(name, rs.getInt(1), rs.getLong(2), rs.getInt(3),
                        StorageType.valueOf(rs.getString(4)), rs.getLong(5));
            }
        }
    }

    /** A database file has no connection to lose: connected until closed. */
    @Override
    public StoreState state() {
        return closed ? StoreState.CLOSED : StoreState.CONNECTED;
    }

    @Override
    public String description() {
        return "sqlite:" + file;
    }

    @Override
    public KeyValueBucket createBucket(BucketConfig config) throws KvException {
        String name = KvNames.bucket(config.name());
        if (config.replicas() != 1) {
            throw new KvException("bucket '" + name + "': the sqlite store keeps one copy, replicas "
                    + config.replicas() + " is not supported");
        }
        if (config.storage() != StorageType.FILE) {
            throw new KvException("bucket '" + name + "': the sqlite store keeps data on disk, storage "
                    + config.storage() + " is not supported");
        }
        write("create bucket " + name, c -> {
            try (PreparedStatement ps = c.prepareStatement("""
                    INSERT INTO kv_bucket(name, history, ttl_ns, replicas, storage, last_seq, created_ns)
                    VALUES (?, ?, ?, ?, ?, 0, ?) ON CONFLICT(name) DO NOTHING""")) {
                ps.setString(1, name);
                ps.setInt(2, config.history());
                ps.setLong(3, config.ttl().toNanos());
                ps.setInt(4, config.replicas());
                ps.setString(5, config.storage().name());
                ps.setLong(6, SqliteBucket.nanos(clock.instant()));
                ps.executeUpdate();
            }
            return null;
        });
        return new SqliteBucket(this, name);
    }

    @Override
    public KeyValueBucket bucket(String name) throws KvException {
        KvNames.bucket(name);
        read("open bucket " + name, c -> bucketRow(c, name));
        return new SqliteBucket(this, name);
    }

    @Override
    public void removeBucket(String name) throws KvException {
        KvNames.bucket(name);
        write("remove bucket " + name, c -> {
            bucketRow(c, name);
            try (PreparedStatement del = c.prepareStatement("DELETE FROM kv_entry WHERE bucket=?");
                 PreparedStatement delBucket = c.prepareStatement("DELETE FROM kv_bucket WHERE name=?")) {
                del.setString(1, name);
                del.executeUpdate();
                delBucket.setString(1, name);
                delBucket.executeUpdate();
            }
            return null;
        });
    }

    @Override
    public List<String> bucketNames() throws KvException {
        return read("list buckets", c -> {
            List<String> names = new ArrayList<>();
            try (Statement s = c.createStatement();
                 ResultSet rs = s.executeQuery("SELECT name FROM kv_bucket ORDER BY name")) {
                while (rs.next()) {
                    names.add(rs.getString(1));
                }
            }
            return names;
        });
    }

    @Override
    public GovernorStorage governors(String collective) {
        GovernorStorage.checkCollective(collective);
        return governors;
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        // the keep-alive loops write through this store: they end before its connections close
        governors.close();
        closed = true;
        poller.close();
        writeLock.lock();
        try {
            closeQuietly(writeConn);
        } finally {
            writeLock.unlock();
        }
        readLock.lock();
        try {
            closeQuietly(readConn);
        } finally {
            readLock.unlock();
        }
    }

    private static void closeQuietly(FileConnection c) {
        if (c != null) {
            c.close();
        }
    }

    /** A bucket's settings and its last assigned revision. */
    record BucketRow(String name, int history, long ttlNs, int replicas, StorageType storage, long lastSeq) {
        /** Entries created at or before this many nanoseconds since the epoch are expired. */
        long cutoff(long nowNs) {
            return ttlNs == 0 ? Long.MIN_VALUE : nowNs - ttlNs;
        }
    }
}
