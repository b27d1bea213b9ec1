/**
 * The embedded engine: every bucket of a store lives in one SQLite database file that several
 * processes on the same host share (the agent reads and watches while the CLI writes). The file is
 * in WAL mode so readers never block the writer, with a busy timeout so writers from different
 * processes queue instead of failing, and {@code synchronous=FULL} so that a commit survives power
 * loss (NORMAL in WAL mode only survives a process crash, and a specification the CLI reported as
 * stored must not vanish). Writes take the write lock up front ({@code BEGIN IMMEDIATE}) and assign
 * the bucket's next revision inside that transaction, so commit order equals revision order; this
 * is what lets watchers read "everything after revision N" without gaps. Watches are served by one
 * virtual thread per store that wakes at once on writes made through this process and otherwise
 * checks {@code PRAGMA data_version} (changed only by commits of other connections, read from
 * SQLite's shared memory without touching the tables) every 50 ms, so writes from other processes
 * are seen within about 50 ms at negligible idle cost. TTL and the per-key history depth are
 * applied on every write, and expired entries are hidden from reads until then.
 *
 * <p>Governors live in two more tables of the same file ({@code mms_governor},
 * {@code mms_governor_slot}), written through the same connection and locks, so they limit the
 * processes of this host. Entering is one {@code BEGIN IMMEDIATE} transaction ("count the live
 * slots, then insert one"), so two processes can never both see the last free slot. A slot row
 * carries the time it was last kept alive; holders refresh it every third of the expiry, and any
 * transaction that enters or views first deletes rows whose refresh is older than the expiry, so
 * a killed holder's slot is reclaimed within the expiry. The governor tables are created when
 * missing, outside the key-value schema version ({@code PRAGMA user_version}), so versions of mms
 * without governors still open the file.
 */
package mms.kv.sqlite;
