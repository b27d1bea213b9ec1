package mms.kv.sqlite;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import mms.kv.ConnectOptions;
import mms.kv.KeyValueStore;
import mms.kv.KvException;
import mms.kv.StoreEngine;
import mms.kv.StoreUrl;

/**
 * Opens SQLite-backed stores; see the package documentation for how the file is shared. As a
 * {@link StoreEngine} service it serves {@code sqlite:} URLs.
 */
public final class SqliteEngine implements StoreEngine {
    /** How often another process's commits are looked for when nothing woke the watch thread. */
    public static final Duration DEFAULT_POLL_INTERVAL = Duration.ofMillis(50);

    /** For {@link java.util.ServiceLoader}; use the static methods to open a file directly. */
    public SqliteEngine() {
    }

    /** {@inheritDoc} Serves {@link StoreUrl.Sqlite}; the connect options do not apply. */
    @Override
    public Optional<KeyValueStore> open(StoreUrl url, ConnectOptions options) throws KvException {
        return url instanceof StoreUrl.Sqlite sqlite ? Optional.of(open(sqlite.file())) : Optional.empty();
    }

    /**
     * Opens (creating when missing, with parent directories) the database file.
     *
     * @param file the database file, not null
     * @return the store; close it when done
     * @throws mms.kv.StoreUnavailable when the file cannot be created, opened or migrated
     * @throws KvException             when the file holds a newer schema than this version understands
     */
    public static KeyValueStore open(Path file) throws KvException {
        return open(file, Clock.systemUTC(), DEFAULT_POLL_INTERVAL);
    }

    /**
     * Opens the database file with an injected clock (entry times and TTL) and watch poll interval.
     *
     * @param file         the database file, not null
     * @param clock        the time source for entry times and TTL, not null
     * @param pollInterval how often to look for other processes' commits, at least 1 ms
     * @return the store
     * @throws KvException as {@link #open(Path)}
     */
    public static KeyValueStore open(Path file, Clock clock, Duration pollInterval) throws KvException {
        return new SqliteStore(file, clock, pollInterval);
    }
}
