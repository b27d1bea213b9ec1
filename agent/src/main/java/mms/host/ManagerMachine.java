package mms.host;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import mms.duration.GoDuration;
import mms.machine.Manifest;
import mms.machine.ManifestException;
import mms.machine.ManifestParser;

/**
 * The built-in manager machine an agent can enable from its configuration, so a new node needs
 * no YAML at all (the original's issue #2142): the seed's "Configuring" machine — a {@code kv}
 * watcher bringing the specification into data and a {@code machines} watcher applying it — with
 * the INITIAL state of the original's built-in plugins manager, so the machines watcher only starts
 * once the specification has been read (no "data item not present" error on every fresh start).
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

    /** The manifest text; every value is quoted so nothing in the configuration can change its shape. */
    public String yaml() {
        return """
                name: %s
                version: %s
                initial_state: INITIAL
                transitions:
                  - name: manage
                    from: [INITIAL]
                    destination: MANAGE
                    description: the specification was read, start managing machines
                  - name: enter_maintenance
                    from: [INITIAL, MANAGE]
                    destination: MAINTENANCE
                    description: stop managing machines
                  - name: resume
                    from: [MAINTENANCE]
                    destination: MANAGE
                    description: resume managing machines
                watchers:
                  - name: initial_specification
                    type: kv
                    interval: %s
                    state_match: [INITIAL]
                    success_transition: manage
                    properties:
                      bucket: %s
                      key: %s
                      mode: %s
                      bucket_prefix: false
                      on_successful_get: true
                  - name: desired_state
                    type: kv
                    interval: %s
                    state_match: [MANAGE]
                    properties:
                      bucket: %s
                      key: %s
                      mode: %s
                      bucket_prefix: false
                  - name: manage_machines
                    type: machines
                    interval: %s
                    state_match: [MANAGE]
                    properties:
                      data_item: %s
                      purge_unknown: %s
                      machine_manage_interval: %s
                %s""".formatted(quote(name), quote(version),
                quote(GoDuration.format(pollInterval)), quote(bucket), quote(key), quote(mode),
                quote(GoDuration.format(pollInterval)), quote(bucket),
                quote(key), quote(mode), quote(GoDuration.format(checkInterval)), quote(key), purge,
                quote(GoDuration.format(manageInterval)),
                publicKey.map(k -> "      public_key: " + quote(k) + "\n").orElse(""));
    }

    @Override
    public Manifest manifest() throws ManifestException {
        return ManifestParser.parse(Path.of("built-in manager machine " + name), yaml().getBytes(StandardCharsets.UTF_8));
    }

    private static String quote(String value) {
        StringBuilder out = new StringBuilder("\"");
        for (char c : value.toCharArray()) {
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\t' -> out.append("\\t");
                default -> {
                    if (c < 0x20) {
                        out.append(String.format("\\x%02x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        return out.append('"').toString();
    }
}
