/**
 * The {@code archive} watcher: keeps {@code <target>/<creates>} equal to the verified content of a
 * {@code .tar.gz} published over HTTP(S) (or a local {@code file:} URL), which is how code gets onto
 * a node. Each check re-verifies the installed directory against its {@code SHA256SUMS} and, when it
 * is missing, outdated or tampered with, downloads, verifies, extracts and installs the archive
 * atomically through {@link mms.archive}. Wire names (type {@code archive}, properties, outcome
 * names, notification JSON) are the original's; the differences — HTTP status checked, no window
 * without the installed directory, uppercase checksums, {@code verify_failed} reachable, size and
 * file-count limits, repair of tampered files, a longer default timeout, less notification noise —
 * are listed on {@link mms.watcher.archive.ArchiveWatcher} and
 * {@link mms.watcher.archive.ArchiveProperties}.
 */
package mms.watcher.archive;
