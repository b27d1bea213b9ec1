/**
 * The logic of {@code mms bundle}: turns a machine directory into the {@code .tar.gz} the archive
 * watcher installs and the {@code machines.json} fields that point at it. Archives are reproducible —
 * sorted entries, fixed times, owners and modes, a fixed gzip header — so the same directory always
 * gives the same bytes and therefore the same {@code checksum} in a signed specification. The command
 * line itself lives elsewhere.
 */
package mms.archive.bundle;
