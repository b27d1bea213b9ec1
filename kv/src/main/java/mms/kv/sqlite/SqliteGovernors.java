package mms.kv.sqlite;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import mms.kv.EnterOptions;
import mms.kv.GovernorInfo;
import mms.kv.GovernorStorage;
import mms.kv.GovernorView;
import mms.kv.Holder;
import mms.kv.KvException;
import mms.kv.Slot;
import mms.kv.UnknownGovernor;
import mms.kv.engine.Campaign;
import mms.kv.engine.GovernorRules;
import mms.kv.engine.KeptAliveSlot;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Governors in two tables of the store's database, written through the store's own connection and
 * write lock; see the package documentation.
 */
final class SqliteGovernors implements GovernorStorage {
    private static final Logger LOG = LoggerFactory.getLogger(SqliteGovernors.class);

    /** Created with the store's tables; see {@link SqliteStore}'s migration. */
    static final List<String> TABLES = List.of("""
            CREATE TABLE IF NOT EXISTS mms_governor(
              name TEXT PRIMARY KEY, capacity INTEGER NOT NULL, expire_ns INTEGER NOT NULL,
              replicas INTEGER NOT NULL, last_seq INTEGER NOT NULL)""", """
            CREATE TABLE IF NOT EXISTS mms_governor_slot(
              governor TEXT NOT NULL, seq INTEGER NOT NULL, holder TEXT NOT NULL,
              entered_ns INTEGER NOT NULL, alive_ns INTEGER NOT NULL, PRIMARY KEY(governor, seq))""");

    private final SqliteStore store;
    private final KeptAliveSlot.Keepers keepers = new KeptAliveSlot.Keepers();

    SqliteGovernors(SqliteStore store) {
        this.store = store;
    }

    /** Stops keeping the held slots alive; the store calls it before it closes its connections. */
    void close() {
        keepers.stop();
    }

    private long nowNanos() {
        return SqliteBucket.nanos(store.clock().instant());
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
    public Slot enter(String name, String holder, EnterOptions options) throws KvException, InterruptedException {
        GovernorRules.name(name);
        Objects.requireNonNull(holder, "holder");
        Campaign campaign = new Campaign(name, options);
        while (true) {
            campaign.tryOnce();
            Optional<SqliteSlot> slot = tryEnter(name, holder, options.leave());
            if (slot.isPresent()) {
                LOG.info("got a slot on {} with sequence {}", name, slot.get().sequence());
                return slot.get();
            }
            LOG.debug("could not obtain a slot on {}: full", name);
            campaign.awaitRetry();
        }
    }

    private record Taken(long sequence, long expireNanos) {}

    private Optional<SqliteSlot> tryEnter(String name, String holder, boolean leave) throws KvException {
        // one BEGIN IMMEDIATE transaction: "count the live slots, then insert one" is one step
        // across processes, so two holders never both see the last free slot
        Optional<Taken> taken = store.write("enter governor " + name, c -> {
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
            return Optional.of(new Taken(seq, g.expireNanos()));
        });
        // built after the commit: a rolled-back entry must not be kept alive
        return taken.map(t -> new SqliteSlot(this, name, t.sequence(), holder, Duration.ofNanos(t.expireNanos()),
                leave, keepers));
    }

    /** Refreshes a slot's keep-alive time; false when the row is gone (evicted or expired). */
    boolean keepAlive(String name, long seq) throws KvException {
        return store.write("keep slot " + seq + " of governor " + name + " alive", c -> {
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
    boolean delete(String name, long seq) throws KvException {
        return store.write("remove slot " + seq + " from governor " + name, c -> {
            try (PreparedStatement ps = c.prepareStatement(
                    "DELETE FROM mms_governor_slot WHERE governor=? AND seq=?")) {
                ps.setString(1, name);
                ps.setLong(2, seq);
                return ps.executeUpdate() == 1;
            }
        });
    }

    @Override
    public GovernorInfo add(String name, int capacity, Duration expire, int replicas) throws KvException {
        GovernorRules.configuration(name, capacity, expire, replicas);
        if (replicas != 1) {
            throw new KvException("governor " + name + ": replicas " + replicas
                    + " is not possible with the sqlite store, which keeps one copy");
        }
        return store.write("add governor " + name, c -> {
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
    public List<String> list() throws KvException {
        return store.read("list governors", c -> {
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
    public GovernorView view(String name) throws KvException {
        GovernorRules.name(name);
        // a write: expired slots are reclaimed first, so the view never shows a dead holder
        return store.write("view governor " + name, c -> {
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
    public String evict(String name, long sequence) throws KvException {
        GovernorRules.name(name);
        return store.write("evict slot " + sequence + " from governor " + name, c -> {
            config(c, name);
            String holder;
            try (PreparedStatement ps = c.prepareStatement(
                    "SELECT holder FROM mms_governor_slot WHERE governor=? AND seq=?")) {
                ps.setString(1, name);
                ps.setLong(2, sequence);
                try (ResultSet rs = ps.executeQuery()) {
                    if (!rs.next()) {
                        throw new KvException("governor " + name + " has no slot " + sequence);
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
    public int reset(String name) throws KvException {
        GovernorRules.name(name);
        return store.write("reset governor " + name, c -> {
            config(c, name);
            try (PreparedStatement ps = c.prepareStatement("DELETE FROM mms_governor_slot WHERE governor=?")) {
                ps.setString(1, name);
                return ps.executeUpdate();
            }
        });
    }

    @Override
    public void remove(String name) throws KvException {
        GovernorRules.name(name);
        store.write("remove governor " + name, c -> {
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
}
