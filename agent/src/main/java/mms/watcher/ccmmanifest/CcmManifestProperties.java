package mms.watcher.ccmmanifest;

import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import mms.watcher.WatcherConfigException;
import mms.watcher.WatcherProperties;

/**
 * The {@code properties} of a ccm_manifest watcher, checked as the original checks them.
 *
 * @param manifestFile    {@code manifest_file}: the manifest, read from the machine directory (by
 *                        its file name, as the original); empty when {@code manifest} is given
 * @param manifest        {@code manifest}: an embedded manifest; empty when {@code manifest_file} is given
 * @param noop            {@code noop}: only report what would change; default false
 * @param healthcheckOnly {@code healthcheck_only}: only run the resources' health checks; default
 *                        false; not together with {@code noop}
 * @param governor        {@code governor}: governor name (template); default none
 * @param governorTimeout {@code governor_timeout}: Go duration; default 5m when a governor is set
 * @param splay           {@code splay}: with an interval, the first check comes after a random
 *                        delay of up to 30s; default false
 * @param timeout         {@code timeout}: Go duration an apply may take; default 1m
 */
public record CcmManifestProperties(String manifestFile, Map<String, Object> manifest, boolean noop,
                                    boolean healthcheckOnly, Optional<String> governor, Duration governorTimeout,
                                    boolean splay, Duration timeout) {

    /** {@code timeout} when unset or 0. */
    public static final Duration DEFAULT_TIMEOUT = Duration.ofMinutes(1);
    /** {@code governor_timeout} when a governor is set and this is unset or 0. */
    public static final Duration DEFAULT_GOVERNOR_TIMEOUT = Duration.ofMinutes(5);

    /** Copies the manifest; rejects nulls. */
    public CcmManifestProperties {
        Objects.requireNonNull(manifestFile, "manifestFile");
        manifest = Map.copyOf(manifest);
        Objects.requireNonNull(governor, "governor");
        Objects.requireNonNull(governorTimeout, "governorTimeout");
        Objects.requireNonNull(timeout, "timeout");
    }

    /**
     * Reads and validates the properties: a manifest is required, {@code noop} and
     * {@code healthcheck_only} exclude each other.
     *
     * @throws WatcherConfigException naming the bad property and value
     */
    public static CcmManifestProperties parse(WatcherProperties p) throws WatcherConfigException {
        String file = p.string("manifest_file", "");
        Map<String, Object> manifest = p.map("manifest").orElse(Map.of());
        if (file.isEmpty() && manifest.isEmpty()) {
            throw new WatcherConfigException("property 'manifest_file' or 'manifest' of " + p.owner()
                    + " is required: the file or the embedded manifest to apply");
        }
        boolean noop = p.bool("noop", false);
        boolean healthcheckOnly = p.bool("healthcheck_only", false);
        if (noop && healthcheckOnly) {
            throw p.bad("healthcheck_only", true, "cannot be combined with noop: a manifest runs in noop mode or "
                    + "only its health checks, not both");
        }
        Duration timeout = nonNegative(p, "timeout").filter(d -> !d.isZero()).orElse(DEFAULT_TIMEOUT);
        Optional<String> governor = p.string("governor").filter(s -> !s.isBlank());
        Duration governorTimeout = nonNegative(p, "governor_timeout").orElse(Duration.ZERO);
        if (governor.isPresent() && governorTimeout.isZero()) {
            governorTimeout = DEFAULT_GOVERNOR_TIMEOUT;
        }
        return new CcmManifestProperties(file, manifest, noop, healthcheckOnly, governor, governorTimeout,
                p.bool("splay", false), timeout);
    }

    private static Optional<Duration> nonNegative(WatcherProperties p, String key) throws WatcherConfigException {
        Optional<Duration> value = p.duration(key);
        if (value.isPresent() && value.get().isNegative()) {
            throw p.bad(key, p.raw(key).orElseThrow(), "is negative");
        }
        return value;
    }

    /** How logs name the manifest: its file, or {@code embedded}. */
    public String describe() {
        return manifest.isEmpty() ? manifestFile : "embedded";
    }
}
