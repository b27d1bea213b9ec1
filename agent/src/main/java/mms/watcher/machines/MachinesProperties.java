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
        String intervalKey = "machine_manage_interval";
        Optional<Duration> interval = p.duration(intervalKey);
        if (interval.isEmpty()) {
            intervalKey = "machinemanageinterval";
            interval = p.duration(intervalKey);
        }
        Duration manage = interval.orElse(Duration.ZERO);
        if (manage.isNegative()) {
            throw p.bad(intervalKey, GoDuration.format(manage), "is negative");
        }
        if (manage.isZero()) {
            manage = DEFAULT_MANAGE_INTERVAL;
        }
        if (manage.compareTo(MIN_MANAGE_INTERVAL) < 0) {
            throw p.bad(intervalKey, GoDuration.format(manage), "is too small, minimum is "
                    + GoDuration.format(MIN_MANAGE_INTERVAL) + " (the archive watcher's minimum interval)");
        }
        Optional<String> keyText = p.string("public_key").filter(s -> !s.isBlank());
        Optional<Ed25519PublicKey> key = Optional.empty();
        if (keyText.isPresent()) {
            try {
                key = Optional.of(Ed25519PublicKey.parse(keyText.get()));
            } catch (KeyFormatException e) {
                throw p.bad("public_key", keyText.get(), "is not a hex ed25519 public key: " + e.getMessage());
            }
        }
        Optional<String> trustItem = p.string("trust_item").filter(s -> !s.isBlank());
        if (trustItem.isPresent() && trustItem.get().equals(dataItem)) {
            throw p.bad("trust_item", trustItem.get(), "is the data_item: the trust document and the specification"
                    + " are kept apart");
        }
        return new MachinesProperties(dataItem, purge, manage, key, trustItem);
    }
}
