package mms.archive.source;

import java.net.MalformedURLException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import mms.kv.InvalidName;
import mms.kv.KvNames;
import mms.kv.ObjectStorage;

/** Turns the archive watcher's {@code source} property into an {@link ArchiveSource}. */
public final class ArchiveSources {

    private ArchiveSources() {}

    /** The error for a {@code nats-os://} URL when the agent's store is not NATS. */
    public static final String NEEDS_NATS_STORE = "nats-os:// sources need a NATS store (--store nats://...)";

    /**
     * As {@link #of(String, HttpSourceOptions, Optional)} without object storage, so
     * {@code nats-os://} URLs are refused.
     *
     * @param url     the URL as written (after templating), never {@code null}
     * @param options HTTP options, never {@code null}
     * @return the source, never {@code null}
     * @throws MalformedURLException as for the three-argument form
     */
    public static ArchiveSource of(String url, HttpSourceOptions options) throws MalformedURLException {
        return of(url, options, Optional.empty());
    }

    /**
     * Parses {@code url} and returns the matching source: {@code http}/{@code https} →
     * {@link HttpSource} with {@code options}; {@code file} → {@link FileSource} ({@code file:///abs/path}
     * or {@code file://localhost/abs/path}; {@code options} are ignored); {@code nats-os://BUCKET/OBJECT}
     * → {@link ObjectStoreSource} reading object {@code OBJECT} of the NATS Object Store bucket
     * {@code BUCKET} through {@code objects}. The object name is the whole path after the bucket,
     * {@code /} included ({@code nats-os://machines/fleet/app-1.0.0.tar.gz} is object
     * {@code fleet/app-1.0.0.tar.gz}); characters not allowed in URLs, such as spaces, are written
     * percent-encoded ({@code %20}).
     *
     * @param url     the URL as written (after templating), never {@code null}
     * @param options HTTP options, never {@code null}
     * @param objects the object storage of the agent's store, empty when it has none (SQLite)
     * @return the source, never {@code null}
     * @throws MalformedURLException when the URL does not parse, has an unsupported scheme, a
     *                               {@code file} URL names a remote host, a {@code nats-os} URL has
     *                               an invalid bucket or no object name, or it is a {@code nats-os}
     *                               URL and {@code objects} is empty ({@link #NEEDS_NATS_STORE})
     */
    public static ArchiveSource of(String url, HttpSourceOptions options, Optional<ObjectStorage> objects)
            throws MalformedURLException {
        Objects.requireNonNull(objects, "objects");
        URI uri = checked(url);
        return switch (scheme(uri)) {
            case "http", "https" -> new HttpSource(uri, options);
            case "file" -> new FileSource(Path.of(uri.getPath()));
            case "nats-os" -> {
                if (objects.isEmpty()) {
                    throw new MalformedURLException(NEEDS_NATS_STORE);
                }
                yield new ObjectStoreSource(objects.get(), uri.getRawAuthority(), uri.getPath().substring(1));
            }
            default -> throw new IllegalStateException("checked() let scheme " + scheme(uri) + " through");
        };
    }

    /**
     * Checks {@code url} by the rules of {@link #of(String, HttpSourceOptions, Optional)} without
     * needing a store, so that a specification can be checked where it is written and on nodes
     * before anything is deployed.
     *
     * @param url the URL as written (after templating), never {@code null}
     * @return the URL's scheme in lowercase: {@code http}, {@code https}, {@code file} or {@code nats-os}
     * @throws MalformedURLException as {@link #of(String, HttpSourceOptions, Optional)} would, except
     *                               for {@link #NEEDS_NATS_STORE}
     */
    public static String check(String url) throws MalformedURLException {
        return scheme(checked(url));
    }

    private static URI checked(String url) throws MalformedURLException {
        URI uri;
        try {
            uri = new URI(url.strip());
        } catch (URISyntaxException e) {
            throw new MalformedURLException("invalid url: " + e.getMessage());
        }
        switch (scheme(uri)) {
            case "http", "https" -> {
                if (uri.getHost() == null) {
                    throw new MalformedURLException("invalid url " + describe(uri) + ": no host");
                }
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
            }
            case "nats-os" -> checkObjectStore(uri);
            default -> throw new MalformedURLException("invalid url " + describe(uri) + ": unsupported scheme '"
                    + scheme(uri) + "', expected http, https, file or nats-os");
        }
        return uri;
    }

    private static String scheme(URI uri) {
        return uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
    }

    private static void checkObjectStore(URI uri) throws MalformedURLException {
        String bucket = uri.getRawAuthority();
        String path = uri.getPath();
        if (uri.isOpaque() || bucket == null || bucket.isEmpty()) {
            throw new MalformedURLException("invalid url " + describe(uri) + ": no bucket, use nats-os://BUCKET/OBJECT");
        }
        if (uri.getRawUserInfo() != null || bucket.contains("@")) {
            // never echo it: it would be a credential in the wrong place, and the store's own are used
            throw new MalformedURLException("invalid url " + describe(uri)
                    + ": nats-os urls take no user information, the agent's store connection is used");
        }
        try {
            KvNames.bucket(bucket);
        } catch (InvalidName e) {
            throw new MalformedURLException("invalid url " + describe(uri) + ": " + e.getMessage());
        }
        if (path == null || path.length() <= 1 || path.substring(1).isBlank()) {
            throw new MalformedURLException("invalid url " + describe(uri) + ": no object name, use nats-os://BUCKET/OBJECT");
        }
        if (uri.getRawQuery() != null || uri.getRawFragment() != null) {
            throw new MalformedURLException("invalid url " + describe(uri)
                    + ": nats-os urls take no query or fragment, percent-encode '?' and '#' in object names");
        }
    }

    /**
     * The {@code nats-os://} URL of an object, the inverse of {@link #of(String, HttpSourceOptions, Optional)}:
     * the object name's UTF-8 bytes are kept where a URI path allows them (letters, digits,
     * {@code /} and {@code -._~!$&'()*+,;=:@}) and percent-encoded otherwise, so that spaces,
     * {@code %}, {@code ?}, {@code #} and non-ASCII characters read back as the same name.
     *
     * @param bucket a valid object store bucket name
     * @param name   the object name, not blank
     * @return the URL, e.g. {@code nats-os://machines/fleet/app%201.tgz} for object {@code fleet/app 1.tgz}
     * @throws IllegalArgumentException when the bucket name is invalid or the object name blank
     */
    public static String objectStoreUrl(String bucket, String name) {
        try {
            KvNames.bucket(bucket);
        } catch (InvalidName e) {
            throw new IllegalArgumentException(e.getMessage(), e);
        }
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("object name is required");
        }
        StringBuilder url = new StringBuilder("nats-os://").append(bucket).append('/');
        for (byte b : name.getBytes(StandardCharsets.UTF_8)) {
            char c = (char) (b & 0xff);
            if (c < 0x80 && (Character.isLetterOrDigit(c) || PATH_CHARACTERS.indexOf(c) >= 0)) {
                url.append(c);
            } else {
                url.append('%').append(HEX.charAt((b >> 4) & 0xf)).append(HEX.charAt(b & 0xf));
            }
        }
        return url.toString();
    }

    /** Besides letters and digits, what RFC 3986 (and {@link URI}) allow unencoded in a path. */
    private static final String PATH_CHARACTERS = "/-._~!$&'()*+,;=:@";
    private static final String HEX = "0123456789ABCDEF";

    /** The URI without user information and query, for messages. */
    static String describe(URI uri) {
        if (uri.getScheme() == null || uri.isOpaque()) {
            return uri.getScheme() == null ? "'" + uri.getPath() + "'" : uri.getScheme() + ":…";
        }
        StringBuilder text = new StringBuilder(uri.getScheme()).append("://");
        if (uri.getHost() != null) {
            text.append(uri.getHost());
        } else if (uri.getRawAuthority() != null) {
            // a registry-based authority, e.g. a nats-os bucket with '_': still never user information
            String authority = uri.getRawAuthority();
            text.append(authority.substring(authority.lastIndexOf('@') + 1));
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
