package mms.archive.source;

import java.net.MalformedURLException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.Locale;

/** Turns the archive watcher's {@code source} property into an {@link ArchiveSource}. */
public final class ArchiveSources {

    private ArchiveSources() {}

    /**
     * Parses {@code url} and returns the matching source: {@code http}/{@code https} →
     * {@link HttpSource} with {@code options}; {@code file} → {@link FileSource} ({@code file:///abs/path}
     * or {@code file://localhost/abs/path}; {@code options} are ignored).
     *
     * @param url     the URL as written (after templating), never {@code null}
     * @param options HTTP options, never {@code null}
     * @return the source, never {@code null}
     * @throws MalformedURLException when the URL does not parse, has an unsupported scheme, or a
     *                               {@code file} URL names a remote host
     */
    public static ArchiveSource of(String url, HttpSourceOptions options) throws MalformedURLException {
        URI uri;
        try {
            uri = new URI(url.strip());
        } catch (URISyntaxException e) {
            throw new MalformedURLException("invalid url: " + e.getMessage());
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        return switch (scheme) {
            case "http", "https" -> {
                if (uri.getHost() == null) {
                    throw new MalformedURLException("invalid url " + describe(uri) + ": no host");
                }
                yield new HttpSource(uri, options);
            }
            case "file" -> {
                String host = uri.getAuthority();
                if (host != null && !host.isEmpty() && !host.equalsIgnoreCase("localhost")) {
                    throw new MalformedURLException("invalid url " + describe(uri)
                            + ": file urls must not name a host, use file:///absolute/path");
                }
                if (uri.getPath() == null || !uri.getPath().startsWith("/")) {
                    throw new MalformedURLException("invalid url " + describe(uri)
                            + ": file urls need an absolute path");
                }
                yield new FileSource(Path.of(uri.getPath()));
            }
            default -> throw new MalformedURLException("invalid url " + describe(uri) + ": unsupported scheme '"
                    + scheme + "', expected http, https or file");
        };
    }

    /** The URI without user information and query, for messages. */
    static String describe(URI uri) {
        if (uri.getScheme() == null || uri.isOpaque()) {
            return uri.getScheme() == null ? "'" + uri.getPath() + "'" : uri.getScheme() + ":…";
        }
        StringBuilder text = new StringBuilder(uri.getScheme()).append("://");
        if (uri.getHost() != null) {
            text.append(uri.getHost());
        }
        if (uri.getPort() >= 0) {
            text.append(':').append(uri.getPort());
        }
        if (uri.getRawPath() != null) {
            text.append(uri.getRawPath());
        }
        if (uri.getRawQuery() != null) {
            text.append("?…");
        }
        return text.toString();
    }
}
