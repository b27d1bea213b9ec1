package mms.host;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import mms.duration.GoDuration;
import mms.machine.MachineDefinition;
import mms.machine.MachineYaml;
import mms.machine.Manifest;
import mms.machine.ManifestException;
import mms.machine.ManifestParser;
import mms.machine.TransitionDefinition;
import mms.machine.WatcherDefinition;
import mms.spec.TrustDocument;

/**
 * The built-in manager machine an agent can enable from its configuration, so a new node needs
 * no YAML at all (the original's issue #2142): the seed's "Configuring" machine — a {@code kv}
 * watcher bringing the specification into data and a {@code machines} watcher applying it — with
 * the INITIAL state of the original's built-in plugins manager, so the machines watcher only starts
 * once the specification has been read (no "data item not present" error on every fresh start).
 * A third watcher, an mms addition, brings the trust document published in the same bucket under
 * {@value #TRUST_KEY} into the data item of the same name, from which the machines watcher adopts
 * rotations of the node's trust ({@link mms.spec.SpecificationGate}).
 *
 * @param name          machine name, also its data directory under the machines directory
 * @param bucket        the bucket holding the specification
 * @param key           the key (and data item) of the specification
 * @param mode          kv watcher mode: {@code watch} (push, with {@code pollInterval} as a safety net) or {@code poll}
 * @param pollInterval  kv watcher interval
 * @param checkInterval machines watcher interval
 * @param manageInterval archive re-check interval of the generated manager machines
 * @param purge         remove machines that are not in the specification
 * @param publicKey     hex public key for the {@code public_key} property, when not trusted agent-wide
 * @param version       the agent version, as the machine version
 */
public record ManagerMachine(
        String name,
        String bucket,
        String key,
        String mode,
        Duration pollInterval,
        Duration checkInterval,
        Duration manageInterval,
        boolean purge,
        Optional<String> publicKey,
        String version) implements CompiledMachine {

    /** The key of the trust document in the specification's bucket, also its data item. */
    public static final String TRUST_KEY = TrustDocument.STORE_KEY;

    private static final String INITIAL = "INITIAL";
    private static final String MANAGE = "MANAGE";
    private static final String MAINTENANCE = "MAINTENANCE";

    /**
     * Rejects a specification key that is the trust document's.
     *
     * @throws IllegalArgumentException when {@code key} is {@value #TRUST_KEY}
     */
    public ManagerMachine {
        if (TRUST_KEY.equals(key)) {
            throw new IllegalArgumentException("the specification key cannot be '" + TRUST_KEY
                    + "': that key holds the trust document");
        }
    }

    /** The machine, as data. */
    public MachineDefinition definition() {
        Map<String, Object> initial = new LinkedHashMap<>();
        initial.put("bucket", bucket);
        initial.put("key", key);
        initial.put("mode", mode);
        initial.put("bucket_prefix", false);
        initial.put("on_successful_get", true);
        Map<String, Object> desired = new LinkedHashMap<>();
        desired.put("bucket", bucket);
        desired.put("key", key);
        desired.put("mode", mode);
        desired.put("bucket_prefix", false);
        Map<String, Object> trust = new LinkedHashMap<>();
        trust.put("bucket", bucket);
        trust.put("key", TRUST_KEY);
        trust.put("mode", mode);
        trust.put("bucket_prefix", false);
        Map<String, Object> manage = new LinkedHashMap<>();
        manage.put("data_item", key);
        manage.put("purge_unknown", purge);
        manage.put("machine_manage_interval", GoDuration.format(manageInterval));
        publicKey.ifPresent(k -> manage.put("public_key", k));
        manage.put("trust_item", TRUST_KEY);
        String poll = GoDuration.format(pollInterval);
        return new MachineDefinition(name, version, INITIAL,
                List.of(new TransitionDefinition("manage", List.of(INITIAL), MANAGE, List.of(),
                                "the specification was read, start managing machines"),
                        new TransitionDefinition("enter_maintenance", List.of(INITIAL, MANAGE), MAINTENANCE, List.of(),
                                "stop managing machines"),
                        new TransitionDefinition("resume", List.of(MAINTENANCE), MANAGE, List.of(),
                                "resume managing machines")),
                List.of(new WatcherDefinition("trust_document", "kv", List.of(INITIAL, MANAGE), List.of(), "", "",
                                poll, "", trust),
                        new WatcherDefinition("initial_specification", "kv", List.of(INITIAL), List.of(), "", "manage",
                                poll, "", initial),
                        new WatcherDefinition("desired_state", "kv", List.of(MANAGE), List.of(), "", "", poll, "", desired),
                        new WatcherDefinition("manage_machines", "machines", List.of(MANAGE), List.of(), "", "",
                                GoDuration.format(checkInterval), "", manage)),
                0);
    }

    /** The manifest text, written by the one machine YAML writer, which escapes every value. */
    public String yaml() {
        return MachineYaml.write(definition());
    }

    @Override
    public Manifest manifest() throws ManifestException {
        return ManifestParser.parse(Path.of("built-in manager machine " + name), yaml().getBytes(StandardCharsets.UTF_8));
    }
}
