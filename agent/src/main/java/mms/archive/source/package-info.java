/**
 * Where an archive comes from. An {@link mms.archive.source.ArchiveSource} opens the bytes of one
 * download as a stream whose length may or may not be known in advance; it knows nothing about
 * checksums, size limits or files on disk, which belong to {@code mms.archive.Downloader}. Two
 * implementations exist: {@link mms.archive.source.HttpSource} ({@code http://} and {@code https://}
 * through the JDK {@code HttpClient}: redirects followed, basic authentication, TLS verified unless
 * {@code insecure}, status code checked, connect and overall timeouts) and
 * {@link mms.archive.source.FileSource} ({@code file://PATH}) and
 * {@link mms.archive.source.ObjectStoreSource} ({@code nats-os://BUCKET/OBJECT}: an object of a NATS
 * JetStream Object Store bucket, read over the agent's own NATS connection through
 * {@link mms.kv.ObjectStorage}, so a fleet needs no web server; the object name is the rest of the
 * path, {@code /} included, percent-decoded). {@code nats-os} URLs only resolve when
 * {@link mms.archive.source.ArchiveSources} is given the store's object storage, which an SQLite
 * store does not have.
 *
 * <p>Sources report failures as {@link java.io.IOException}s whose messages name the source but
 * never its credentials.
 */
package mms.archive.source;
