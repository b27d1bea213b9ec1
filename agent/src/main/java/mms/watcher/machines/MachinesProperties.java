package mms.watcher.machines;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import mms.duration.GoDuration;
import mms.spec.Ed25519PublicKey;
import mms.spec.KeyFormatException;
import mms.watcher.WatcherConfigException;
import mms.watcher.WatcherProperties;

/**
 * The {@code properties} of a machines watcher.
 *
 * @param dataItem              {@code data_item}: the machine-data key holding the specification
 *                              envelope (as a kv watcher stores it); required
 * @param purgeUnknown          {@code purge_unknown}: remove managed machines that are not in the
 *                              specification or do not match this node; default false
 * @param machineManageInterval {@code machine_manage_interval}: Go duration the written manager
 *                              machines use as their archive watcher's {@code interval}; default
 *                              2m (also when 0), minimum 10s (the archive watcher's minimum). The
 *                              original only reads it under the key {@code machinemanageinterval},
 *                              which is accepted too
 * @param publicKey             {@code public_key}: hex ed25519 public key; when set (and neither the
 *                              agent's signing key nor a compiled-in key applies) specifications
 *                              must be signed with it; default none
 * @param trustItem             {@code trust_item}: the machine-data key holding the trust document
 *                              published through the store (as a kv watcher stores it), whose
 *                              rotations the node adopts ({@link mms.spec.SpecificationGate});
 *                              default none (an mms property the original does not have)
 */
public record MachinesProperties(String dataItem, boolean purgeUnknown, Duration machineManageInterval,
                                 Optional<Ed25519PublicKey> publicKey, Optional<String> trustItem) {

    /** The manage interval when none is given, the original's effective value. */
    public static final Duration DEFAULT_MANAGE_INTERVAL = Duration.ofMinutes(2);
    /** The smallest manage interval: the archive watcher refuses shorter intervals. */
    public static final Duration MIN_MANAGE_INTERVAL = Duration.ofSeconds(10);

    /** Rejects nulls. */
    public MachinesProperties {
        Objects.requireNonNull(dataItem, "dataItem");
        Objects.requireNonNull(machineManageInterval, "machineManageInterval");
        Objects.requireNonNull(publicKey, "publicKey");
        Objects.requireNonNull(trustItem, "trustItem");
    }

    /**
     * Reads and validates the properties, applying defaults.
     *
     * @throws WatcherConfigException naming the bad property and value
     */
    public static MachinesProperties parse(WatcherProperties p) throws WatcherConfigException {
        String dataItem = p.requiredString("data_item");
        boolean purge = p.bool("purge_unknown", false);
        String intervalKey = p.has("machine_manage_interval") ? "machine_manage_interval" : "machinemanageinterval";
        return new MachinesProperties(dataItem, purge, manageInterval(p, intervalKey), publicKey(p),
                trustItem(p, dataItem));
    }

    /**
     * The interval of the manager machines' archive watchers from the property {@code key}: Go
     * duration, default {@link #DEFAULT_MANAGE_INTERVAL} (also when 0), raised to
     * {@link #MIN_MANAGE_INTERVAL} with a warning. Shared with the plugins watcher's
     * {@code plugin_manage_interval}.
     *
     * @throws WatcherConfigException when the value is not a duration or is negative
     */
    public static Duration manageInterval(WatcherProperties p, String key) throws WatcherConfigException {
        Duration manage = p.duration(key).orElse(Duration.ZERO);
        if (manage.isNegative()) {
            throw p.bad(key, GoDuration.format(manage), "is negative");
        }
        if (manage.isZero()) {
            manage = DEFAULT_MANAGE_INTERVAL;
        }
        if (manage.compareTo(MIN_MANAGE_INTERVAL) < 0) {
            // the original accepts any interval: a manager that refused to load would leave the
            // node unmanaged over a value that only makes checks more frequent
            p.warn(key, GoDuration.format(manage), "is below the minimum " + GoDuration.format(MIN_MANAGE_INTERVAL)
                    + " (the archive watcher's minimum interval), " + GoDuration.format(MIN_MANAGE_INTERVAL) + " is used");
            manage = MIN_MANAGE_INTERVAL;
        }
        return manage;
    }

    /**
     * The {@code public_key} property; blank is none.
     *
     * @throws WatcherConfigException when it is not a hex ed25519 public key
     */
    public static Optional<Ed25519PublicKey> publicKey(WatcherProperties p) throws WatcherConfigException {
        Optional<String> keyText = p.string("public_key").filter(s -> !s.isBlank());
        if (keyText.isEmpty()) {
            return Optional.empty();
        }
        try {
            return Optional.of(Ed25519PublicKey.parse(keyText.get()));
        } catch (KeyFormatException e) {
            throw p.bad("public_key", keyText.get(), "is not a hex ed25519 public key: " + e.getMessage());
        }
    }

    /**
     * The {@code trust_item} property; blank is none.
     *
     * @throws WatcherConfigException when it names the specification's own data item
     */
    public static Optional<String> trustItem(WatcherProperties p, String dataItem) throws WatcherConfigException {
        Optional<String> trustItem = p.string("trust_item").filter(s -> !s.isBlank());
        if (trustItem.isPresent() && trustItem.get().equals(dataItem)) {
            throw p.bad("trust_item", trustItem.get(), "is the data_item: the trust document and the specification"
                    + " are kept apart");
        }
        return trustItem;
    }
}
