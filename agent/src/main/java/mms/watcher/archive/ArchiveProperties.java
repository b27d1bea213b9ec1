package mms.watcher.archive;

import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import mms.archive.ArchiveException;
import mms.archive.ArchiveLimits;
import mms.archive.Checksum;
import mms.archive.Installer;
import mms.archive.source.HttpSourceOptions;
import mms.template.Template;
import mms.watcher.WatcherConfigException;
import mms.watcher.WatcherProperties;

/**
 * The {@code properties} of an archive watcher. Keys are matched ignoring case; an empty string
 * counts as unset (generated manager machines write {@code username: ""}).
 *
 * @param source          {@code source}: archive URL ({@code http}, {@code https}, {@code file} or
 *                        {@code nats-os://BUCKET/OBJECT}, an object of a NATS Object Store bucket
 *                        read through the agent's NATS store; the object name may contain
 *                        {@code /}), template; required
 * @param creates         {@code creates}: the archive's single top-level directory, installed as
 *                        {@code <target>/<creates>}; one plain directory name other than {@code tmp};
 *                        required
 * @param target          {@code target}: the directory holding {@code creates}; a relative path is
 *                        resolved against the machine directory; required
 * @param checksum        {@code checksum}: SHA-256 of the archive file, any case, template; required
 * @param verify          {@code verify}: checksums file inside {@code creates}, e.g.
 *                        {@code SHA256SUMS}, relative and without {@code ..}; default none (then an
 *                        existing {@code creates} directory is trusted as is)
 * @param verifyChecksum  {@code verify_checksum}: SHA-256 of the {@code verify} file, template;
 *                        required when {@code verify} is set and refused without it
 * @param username        {@code username}: HTTP basic authentication user, template; default none
 * @param password        {@code password}: its password, template; required with {@code username}
 * @param insecure        {@code insecure}: skip TLS certificate verification; default false
 * @param timeout         {@code timeout}: Go duration bounding one download (request and body);
 *                        default 10m (the original's 5s cannot fetch a large archive); values below
 *                        5s are raised to 5s as in the original
 * @param governor        {@code governor}: governor name limiting concurrent downloads, template;
 *                        default none
 * @param governorTimeout {@code governor_timeout}: Go duration to wait for a governor slot; default
 *                        5m when a governor is set
 * @param limits          {@code max_size} (default 256MiB), {@code max_extracted_size} (default 1GiB),
 *                        both sizes like {@code 512MiB} or plain bytes, minimum 1;
 *                        {@code max_files} (default 10000, minimum 1); {@code strict} (default false:
 *                        files not listed in the checksums file are tolerated, as in the original)
 */
public record ArchiveProperties(
        String source,
        String creates,
        Path target,
        String checksum,
        Optional<String> verify,
        Optional<String> verifyChecksum,
        Optional<String> username,
        Optional<String> password,
        boolean insecure,
        Duration timeout,
        Optional<String> governor,
        Duration governorTimeout,
        ArchiveLimits limits) {

    /** Default {@code timeout}. */
    public static final Duration DEFAULT_TIMEOUT = Duration.ofMinutes(HttpSourceOptions.DEFAULT_TIMEOUT_MINUTES);
    /** Smallest {@code timeout}; smaller values are raised to it, as in the original. */
    public static final Duration MIN_TIMEOUT = Duration.ofSeconds(5);
    /** Default {@code governor_timeout} when {@code governor} is set. */
    public static final Duration DEFAULT_GOVERNOR_TIMEOUT = Duration.ofMinutes(5);

    /**
     * Reads and validates the properties in the original's order (source, creates, target,
     * checksum, verify/verify_checksum, username/password), then the rest, applying defaults.
     *
     * @param p                the raw properties
     * @param machineDirectory where a relative {@code target} is resolved
     * @throws WatcherConfigException naming the property, its value and the reason
     */
    public static ArchiveProperties parse(WatcherProperties p, Path machineDirectory) throws WatcherConfigException {
        String source = p.requiredString("source");
        String creates = p.requiredString("creates");
        try {
            Installer.validateCreates(creates);
        } catch (ArchiveException e) {
            throw p.bad("creates", creates, "must be a single directory name other than '.', '..' and 'tmp'");
        }
        String targetText = p.requiredString("target");
        Path target;
        try {
            target = machineDirectory.resolve(targetText).toAbsolutePath().normalize();
        } catch (InvalidPathException e) {
            throw p.bad("target", targetText, "is not a valid path: " + e.getMessage());
        }
        String checksum = p.requiredString("checksum");
        digest(p, "checksum", checksum);

        Optional<String> verify = optional(p, "verify");
        Optional<String> verifyChecksum = optional(p, "verify_checksum");
        if (verify.isPresent()) {
            String v = verify.get();
            if (v.startsWith("/") || v.equals("..") || v.startsWith("../") || v.contains("/../") || v.endsWith("/..")) {
                throw p.bad("verify", v, "must be a file name inside the creates directory, e.g. SHA256SUMS");
            }
            if (verifyChecksum.isEmpty()) {
                throw new WatcherConfigException("property 'verify_checksum' of " + p.owner()
                        + " is required when verify is set");
            }
            digest(p, "verify_checksum", verifyChecksum.get());
        } else if (verifyChecksum.isPresent()) {
            // the original accepted this and then failed every download; refuse it where it is written
            throw new WatcherConfigException("property 'verify_checksum' of " + p.owner()
                    + " needs 'verify' naming the checksums file, e.g. verify: SHA256SUMS");
        }

        Optional<String> username = optional(p, "username");
        Optional<String> password = optional(p, "password");
        if (username.isPresent() && password.isEmpty()) {
            throw new WatcherConfigException("property 'password' of " + p.owner() + " is required when username is given");
        }

        boolean insecure = p.bool("insecure", false);
        Duration timeout = nonNegative(p, "timeout").orElse(Duration.ZERO);
        if (timeout.isZero()) {
            timeout = DEFAULT_TIMEOUT;
        } else if (timeout.compareTo(MIN_TIMEOUT) < 0) {
            timeout = MIN_TIMEOUT;
        }
        Optional<String> governor = optional(p, "governor");
        Duration governorTimeout = nonNegative(p, "governor_timeout").orElse(Duration.ZERO);
        if (governorTimeout.isZero()) {
            governorTimeout = DEFAULT_GOVERNOR_TIMEOUT;
        }

        long maxSize = size(p, "max_size", ArchiveLimits.DEFAULT_MAX_SIZE);
        long maxExtracted = size(p, "max_extracted_size", ArchiveLimits.DEFAULT_MAX_EXTRACTED_SIZE);
        long maxFiles = p.integer("max_files", ArchiveLimits.DEFAULT_MAX_FILES);
        if (maxFiles < 1 || maxFiles > Integer.MAX_VALUE) {
            throw p.bad("max_files", p.raw("max_files").orElseThrow(), "must be between 1 and " + Integer.MAX_VALUE);
        }
        boolean strict = p.bool("strict", false);
        ArchiveLimits limits = new ArchiveLimits(maxSize, maxExtracted, (int) maxFiles, strict);

        return new ArchiveProperties(source, creates, target, checksum, verify, verifyChecksum, username,
                password, insecure, timeout, governor, governorTimeout, limits);
    }

    /** Whether a property read on every check depends on facts or data. */
    boolean templated() {
        return Template.isTemplate(source) || Template.isTemplate(checksum)
                || verifyChecksum.filter(Template::isTemplate).isPresent();
    }

    @Override
    public String toString() { // never print the password
        return "ArchiveProperties[source=" + source + ", creates=" + creates + ", target=" + target
                + ", checksum=" + checksum + ", verify=" + verify.orElse("") + ", username="
                + username.orElse("") + ", insecure=" + insecure + ", timeout=" + timeout + ", governor="
                + governor.orElse("") + ", limits=" + limits + "]";
    }

    private static Optional<String> optional(WatcherProperties p, String key) throws WatcherConfigException {
        return p.string(key).filter(s -> !s.isBlank());
    }

    private static void digest(WatcherProperties p, String key, String value) throws WatcherConfigException {
        if (Template.isTemplate(value)) {
            return; // checked after rendering, on every check
        }
        try {
            Checksum.normalise(key, value);
        } catch (ArchiveException e) {
            throw p.bad(key, value, "is not a sha-256 digest of 64 hex characters");
        }
    }

    private static Optional<Duration> nonNegative(WatcherProperties p, String key) throws WatcherConfigException {
        Optional<Duration> d = p.duration(key);
        if (d.isPresent() && d.get().isNegative()) {
            throw p.bad(key, p.raw(key).orElseThrow(), "is negative");
        }
        return d;
    }

    private static long size(WatcherProperties p, String key, long fallback) throws WatcherConfigException {
        Optional<Object> raw = p.raw(key);
        if (raw.isEmpty()) {
            return fallback;
        }
        long value;
        if (raw.get() instanceof Number n && n.doubleValue() == Math.rint(n.doubleValue())) {
            value = n.longValue();
        } else if (raw.get() instanceof String s) {
            try {
                value = ByteSize.parse(s);
            } catch (IllegalArgumentException e) {
                throw p.bad(key, s, e.getMessage());
            }
        } else {
            throw p.bad(key, raw.get(), "is not a size like 1048576, 256MiB or 1GiB");
        }
        if (value < 1) {
            throw p.bad(key, raw.get(), "is too small, minimum is 1 byte");
        }
        return value;
    }
}
