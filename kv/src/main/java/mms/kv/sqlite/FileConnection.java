package mms.kv.sqlite;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One connection to a store's database file that follows the file name rather than the file: when
 * the path names another file than the one the connection opened (an operator restored a backup
 * with {@code mv}, or replaced a damaged store), the next {@link #get()} opens the new file. Without
 * this, a long-running agent keeps reading the unlinked old file for ever, and neither the repair nor
 * any later {@code mms kv put} would reach it until a restart. After SQLite found the file damaged
 * ({@link #failed}), the next {@link #get()} opens it again even when it is the same file: in WAL
 * mode a connection keeps its page cache while no commit happens, so garbage it read would outlive
 * a repair made in place ({@code cp backup kv.db}). A missing file is never recreated here: the old
 * connection stays until a file is back. Callers serialise access.
 */
final class FileConnection implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(FileConnection.class);
    /** SQLite's primary result codes for a damaged file and for a file that is not a database. */
    private static final int SQLITE_CORRUPT = 11;
    private static final int SQLITE_NOTADB = 26;

    private final Path file;
    private final Duration busyTimeout;
    private Connection connection;
    private Object fileKey;
    private long generation;
    private boolean damaged;

    private FileConnection(Path file, Duration busyTimeout, Connection connection, Object fileKey) {
        this.file = file;
        this.busyTimeout = busyTimeout;
        this.connection = connection;
        this.fileKey = fileKey;
    }

    /** Opens (creating when missing) {@code file} in WAL mode with {@code busyTimeout}. */
    static FileConnection open(Path file, Duration busyTimeout) throws SQLException {
        Connection c = connect(file, busyTimeout);
        return new FileConnection(file, busyTimeout, c, fileKey(file));
    }

    private static Connection connect(Path file, Duration busyTimeout) throws SQLException {
        Connection c = DriverManager.getConnection("jdbc:sqlite:" + file);
        try (Statement s = c.createStatement()) {
            // busy_timeout first: switching to WAL needs a lock another process may hold
            s.execute("PRAGMA busy_timeout=" + busyTimeout.toMillis());
            s.execute("PRAGMA journal_mode=WAL");
            s.execute("PRAGMA synchronous=FULL");
        } catch (SQLException e) {
            try {
                c.close();
            } catch (SQLException close) {
                e.addSuppressed(close);
            }
            throw e;
        }
        return c;
    }

    /** The file's identity (device and inode on Unix); null when it cannot be read, e.g. missing. */
    private static Object fileKey(Path file) {
        try {
            return Files.readAttributes(file, BasicFileAttributes.class).fileKey();
        } catch (IOException e) {
            return null;
        }
    }

    /**
     * The connection, first reopened on the file the path names now when that is another file.
     *
     * @throws SQLException when the new file cannot be opened; the old connection is kept
     */
    Connection get() throws SQLException {
        Object now = fileKey(file);
        if (now != null && (damaged || !Objects.equals(now, fileKey))) {
            Connection fresh = connect(file, busyTimeout);
            Connection old = connection;
            connection = fresh;
            LOG.debug("sqlite store {}: reopened it ({})", file, damaged ? "it was damaged" : "the file was replaced");
            fileKey = now;
            damaged = false;
            generation++;
            closeQuietly(old);
        }
        return connection;
    }

    /**
     * Notes the failure of a statement on this connection: when SQLite found the file damaged or not
     * a database, the next {@link #get()} opens the file afresh.
     */
    void failed(SQLException e) {
        int primary = e.getErrorCode() & 0xff;
        if (primary == SQLITE_CORRUPT || primary == SQLITE_NOTADB) {
            damaged = true;
        }
    }

    /** How many times the connection was reopened: statements prepared on an older one are stale. */
    long generation() {
        return generation;
    }

    @Override
    public void close() {
        closeQuietly(connection);
    }

    private void closeQuietly(Connection c) {
        try {
            c.close();
        } catch (SQLException e) {
            LOG.debug("closing a connection to sqlite store {} failed", file, e);
        }
    }
}
