package mms.governor.sqlite;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.locks.ReentrantLock;
import mms.duration.GoDuration;
import mms.governor.EnterOptions;
import mms.governor.Governor;
import mms.governor.GovernorEvent;
import mms.governor.GovernorEventSink;
import mms.governor.GovernorException;
import mms.governor.GovernorInfo;
import mms.governor.GovernorView;
import mms.governor.Governors;
import mms.governor.Holder;
import mms.governor.NoSlotException;
import mms.governor.Slot;
import mms.governor.UnknownGovernor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The governor on a SQLite file; see the package documentation. */
public final class SqliteGovernor implements Governor {
    private static final Logger LOG = LoggerFactory.getLogger(SqliteGovernor.class);
    private static final int BUSY_TIMEOUT_MS = 15_000;

    interface SqlWork<T> {
        T run(Connection c) throws SQLException, GovernorException;
    }

    private final Path file;
    private final InstantSource clock;
    private final GovernorEventSink events;
    private final Connection conn;
    private final ReentrantLock lock = new ReentrantLock();
    private final java.util.Set<SqliteSlot> slots = java.util.concurrent.ConcurrentHashMap.newKeySet();
    private volatile boolean closed;

    private SqliteGovernor(Path file, InstantSource clock, GovernorEventSink events, Connection conn) {
        this.file = file;
        this.clock = clock;
        this.events = events;
        this.conn = conn;
    }

    /**
     * Opens (creating when missing) the governor tables in {@code file}.
     *
     * @param file   the SQLite database file, normally the agent's store
     * @param events where {@link #announce} sends lifecycle events
     * @return the governor
     * @throws GovernorException when the file cannot be opened
     */
    public static Governor open(Path file, GovernorEventSink events) throws GovernorException {
        return open(file, InstantSource.system(), events);
    }

    static SqliteGovernor open(Path file, InstantSource clock, GovernorEventSink events) throws GovernorException {
        Path f = file.toAbsolutePath().normalize();
        Connection c = null;
        try {
            if (f.getParent() != null) {
                Files.createDirectories(f.getParent());
            }
            c = DriverManager.getConnection("jdbc:sqlite:" + f);
            try (Statement s = c.createStatement()) {
                s.execute("PRAGMA busy_timeout=" + BUSY_TIMEOUT_MS);
                s.execute("PRAGMA journal_mode=WAL");
                // slots are leases: a commit lost to power loss only frees or re-grants a lease
                // whose holder lost power too, so FULL's extra fsync buys nothing here
                s.execute("PRAGMA synchronous=NORMAL");
            }
            SqliteGovernor g = new SqliteGovernor(f, clock, events, c);
            g.write("create tables", x -> {
                try (Statement s = x.createStatement()) {
                    s.execute("""
                            CREATE TABLE IF NOT EXISTS mms_governor(
                              name TEXT PRIMARY KEY, capacity INTEGER NOT NULL, expire_ns INTEGER NOT NULL,
                              replicas INTEGER NOT NULL, last_seq INTEGER NOT NULL)""");
                    s.execute("""
                            CREATE TABLE IF NOT EXISTS mms_governor_slot(
                              governor TEXT NOT NULL, seq INTEGER NOT NULL, holder TEXT NOT NULL,
                              entered_ns INTEGER NOT NULL, alive_ns INTEGER NOT NULL, PRIMARY KEY(governor, seq))""");
                }
                return null;
            });
            return g;
        } catch (IOException | SQLException e) {
            closeQuietly(c);
            throw new GovernorException("governor store " + f + ": cannot open: " + e.getMessage(), e);
        } catch (GovernorException e) {
            closeQuietly(c);
            throw e;
        }
    }

    private static void closeQuietly(Connection c) {
        if (c != null) {
            try {
                c.close();
            } catch (SQLException ignored) {
                // already failing
            }
        }
    }

    private long nowNanos() {
        Instant now = clock.instant();
        return now.getEpochSecond() * 1_000_000_000L + now.getNano();
    }

    /** Runs work in one BEGIN IMMEDIATE transaction: the whole database's write lock, across processes. */
    <T> T write(String what, SqlWork<T> work) throws GovernorException {
        return transaction("BEGIN IMMEDIATE", what, work);
    }

    private <T> T transaction(String begin, String what, SqlWork<T> work) throws GovernorException {
        if (closed) {
            throw new GovernorException("governor store " + file + " is closed");
        }
        lock.lock();
        try (Statement s = conn.createStatement()) {
            s.execute(begin);
            try {
                T result = work.run(conn);
                s.execute("COMMIT");
                return result;
            } catch (SQLException | GovernorException | RuntimeException e) {
                try {
                    s.execute("ROLLBACK");
                } catch (SQLException rollback) {
                    e.addSuppressed(rollback);
                }
                throw e;
            }
        } catch (SQLException e) {
            throw new GovernorException("governor store " + file + ": " + what + " failed: " + e.getMessage(), e);
        } finally {
            lock.unlock();
        }
    }

    private record Config(String name, int capacity, long expireNanos, int replicas, long lastSeq) {}

    private static Config config(Connection c, String name) throws SQLException, UnknownGovernor {
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT capacity, expire_ns, replicas, last_seq FROM mms_governor WHERE name=?")) {
            ps.setString(1, name);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    throw new UnknownGovernor(name);
                }
                return new Config(name, rs.getInt(1), rs.getLong(2), rs.getInt(3), rs.getLong(4));
            }
        }
    }

    private void reclaimExpired(Connection c, Config g) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "DELETE FROM mms_governor_slot WHERE governor=? AND alive_ns<=?")) {
            ps.setString(1, g.name());
            ps.setLong(2, nowNanos() - g.expireNanos());
            int n = ps.executeUpdate();
            if (n > 0) {
                LOG.info("governor {}: reclaimed {} expired slot(s)", g.name(), n);
            }
        }
    }

    private static int count(Connection c, String name) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT count(*) FROM mms_governor_slot WHERE governor=?")) {
            ps.setString(1, name);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getInt(1);
            }
        }
    }

    @Override
    public Slot enter(String name, String holder, EnterOptions options) throws GovernorException, InterruptedException {
        Governors.checkName(name);
        long started = System.nanoTime();
        long timeout = options.timeout().toNanos();
        int tries = 0;
        while (true) {
            tries++;
            Optional<SqliteSlot> slot = tryEnter(name, holder, options.leave());
            if (slot.isPresent()) {
                LOG.info("got a slot on {} with sequence {}", name, slot.get().sequence());
                return slot.get();
            }
            long remaining = timeout - (System.nanoTime() - started);
            if (remaining <= 0) {
                LOG.info("stopping campaigns against {} due to timeout after {} tries", name, tries);
                throw new NoSlotException("governor " + name + ": no slot became free within "
                        + GoDuration.format(options.timeout()) + " (" + tries + " tries)");
            }
            long wait = Math.min(remaining, options.backoff().delay(tries, ThreadLocalRandom.current()).toNanos());
            LOG.debug("could not obtain a slot on {}: full, retrying in {} ms", name, wait / 1_000_000);
            Thread.sleep(Duration.ofNanos(wait));
        }
    }

    private Optional<SqliteSlot> tryEnter(String name, String holder, boolean leave) throws GovernorException {
        return this.<Optional<long[]>>write("enter governor " + name, c -> {
            Config g = config(c, name);
            reclaimExpired(c, g);
            if (count(c, name) >= g.capacity()) {
                return Optional.empty();
            }
            long seq = g.lastSeq() + 1;
            long now = nowNanos();
            try (PreparedStatement ps = c.prepareStatement("UPDATE mms_governor SET last_seq=? WHERE name=?")) {
                ps.setLong(1, seq);
                ps.setString(2, name);
                ps.executeUpdate();
            }
            try (PreparedStatement ps = c.prepareStatement(
                    "INSERT INTO mms_governor_slot(governor, seq, holder, entered_ns, alive_ns) VALUES(?,?,?,?,?)")) {
                ps.setString(1, name);
                ps.setLong(2, seq);
                ps.setString(3, holder);
                ps.setLong(4, now);
                ps.setLong(5, now);
                ps.executeUpdate();
            }
            return Optional.of(new long[] {seq, g.expireNanos()});
        }).map(taken -> {
            // started after the commit: a rolled-back entry must not be kept alive
            SqliteSlot slot = new SqliteSlot(this, name, taken[0], holder, Duration.ofNanos(taken[1]), leave);
            slots.add(slot);
            return slot;
        });
    }

    /** Refreshes a slot's keep-alive time; false when the row is gone (evicted or expired). */
    boolean keepAlive(String name, long seq) throws GovernorException {
        return write("keep slot " + seq + " of governor " + name + " alive", c -> {
            try (PreparedStatement ps = c.prepareStatement(
                    "UPDATE mms_governor_slot SET alive_ns=? WHERE governor=? AND seq=?")) {
                ps.setLong(1, nowNanos());
                ps.setString(2, name);
                ps.setLong(3, seq);
                return ps.executeUpdate() == 1;
            }
        });
    }

    /** Deletes a slot row; false when it was not there. */
    boolean delete(String name, long seq) throws GovernorException {
        return write("remove slot " + seq + " from governor " + name, c -> {
            try (PreparedStatement ps = c.prepareStatement(
                    "DELETE FROM mms_governor_slot WHERE governor=? AND seq=?")) {
                ps.setString(1, name);
                ps.setLong(2, seq);
                return ps.executeUpdate() == 1;
            }
        });
    }

    @Override
    public GovernorInfo add(String name, int capacity, Duration expire, int replicas) throws GovernorException {
        Governors.checkConfiguration(name, capacity, expire, replicas);
        if (replicas != 1) {
            throw new GovernorException("governor " + name + ": replicas " + replicas
                    + " is not possible with the sqlite store, which keeps one copy");
        }
        return write("add governor " + name, c -> {
            try (PreparedStatement ps = c.prepareStatement("""
                    INSERT INTO mms_governor(name, capacity, expire_ns, replicas, last_seq) VALUES(?,?,?,?,0)
                    ON CONFLICT(name) DO UPDATE SET capacity=excluded.capacity, expire_ns=excluded.expire_ns,
                      replicas=excluded.replicas""")) {
                ps.setString(1, name);
                ps.setInt(2, capacity);
                ps.setLong(3, expire.toNanos());
                ps.setInt(4, replicas);
                ps.executeUpdate();
            }
            Config g = config(c, name);
            reclaimExpired(c, g);
            return new GovernorInfo(name, capacity, expire, replicas, count(c, name));
        });
    }

    @Override
    public List<String> list() throws GovernorException {
        return write("list governors", c -> {
            List<String> names = new ArrayList<>();
            try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT name FROM mms_governor ORDER BY name")) {
                while (rs.next()) {
                    names.add(rs.getString(1));
                }
            }
            return names;
        });
    }

    @Override
    public GovernorView view(String name) throws GovernorException {
        Governors.checkName(name);
        return write("view governor " + name, c -> {
            Config g = config(c, name);
            reclaimExpired(c, g);
            long now = nowNanos();
            List<Holder> holders = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement(
                    "SELECT seq, holder, entered_ns FROM mms_governor_slot WHERE governor=? ORDER BY seq")) {
                ps.setString(1, name);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        holders.add(new Holder(rs.getLong(1), rs.getString(2), Duration.ofNanos(Math.max(0, now - rs.getLong(3)))));
                    }
                }
            }
            return new GovernorView(new GovernorInfo(name, g.capacity(), Duration.ofNanos(g.expireNanos()), g.replicas(),
                    holders.size()), holders);
        });
    }

    @Override
    public String evict(String name, long sequence) throws GovernorException {
        Governors.checkName(name);
        return write("evict slot " + sequence + " from governor " + name, c -> {
            config(c, name);
            String holder;
            try (PreparedStatement ps = c.prepareStatement(
                    "SELECT holder FROM mms_governor_slot WHERE governor=? AND seq=?")) {
                ps.setString(1, name);
                ps.setLong(2, sequence);
                try (ResultSet rs = ps.executeQuery()) {
                    if (!rs.next()) {
                        throw new GovernorException("governor " + name + " has no slot " + sequence);
                    }
                    holder = rs.getString(1);
                }
            }
            try (PreparedStatement ps = c.prepareStatement("DELETE FROM mms_governor_slot WHERE governor=? AND seq=?")) {
                ps.setString(1, name);
                ps.setLong(2, sequence);
                ps.executeUpdate();
            }
            return holder;
        });
    }

    @Override
    public int reset(String name) throws GovernorException {
        Governors.checkName(name);
        return write("reset governor " + name, c -> {
            config(c, name);
            try (PreparedStatement ps = c.prepareStatement("DELETE FROM mms_governor_slot WHERE governor=?")) {
                ps.setString(1, name);
                return ps.executeUpdate();
            }
        });
    }

    @Override
    public void remove(String name) throws GovernorException {
        Governors.checkName(name);
        write("remove governor " + name, c -> {
            config(c, name);
            for (String sql : List.of("DELETE FROM mms_governor_slot WHERE governor=?", "DELETE FROM mms_governor WHERE name=?")) {
                try (PreparedStatement ps = c.prepareStatement(sql)) {
                    ps.setString(1, name);
                    ps.executeUpdate();
                }
            }
            return null;
        });
    }

    @Override
    public void announce(GovernorEvent event) {
        events.publishQuietly(event);
    }

    void forget(SqliteSlot slot) {
        slots.remove(slot);
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        for (SqliteSlot s : List.copyOf(slots)) {
            s.stopKeepingAlive();
        }
        lock.lock();
        try {
            closed = true;
            conn.close();
        } catch (SQLException e) {
            LOG.debug("governor store {}: close failed: {}", file, e.getMessage());
        } finally {
            lock.unlock();
        }
    }
}
