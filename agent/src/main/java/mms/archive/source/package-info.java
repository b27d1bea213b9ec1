/**
 * Where an archive comes from. An {@link mms.archive.source.ArchiveSource} opens the bytes of one
 * download as a stream whose length may or may not be known in advance; it knows nothing about
 * checksums, size limits or files on disk, which belong to {@code mms.archive.Downloader}. Two
 * implementations exist: {@link mms.archive.source.HttpSource} ({@code http://} and {@code https://}
 * through the JDK {@code HttpClient}: redirects followed, basic authentication, TLS verified unless
 * {@code insecure}, status code checked, connect and overall timeouts) and
 * {@link mms.archive.source.FileSource} ({@code file://PATH}). The interface is open so that a NATS
 * Object Store source can be added later without touching the download code.
 *
 * <p>Sources report failures as {@link java.io.IOException}s whose messages name the source but
 * never its credentials.
 */
package mms.archive.source;
