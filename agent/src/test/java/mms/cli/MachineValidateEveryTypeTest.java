package mms.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import mms.runtime.WatcherRegistry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code mms machine validate} accepts one machine using every watcher type with the original's minimal properties. */
class MachineValidateEveryTypeTest {
    @TempDir
    Path dir;

    /** One watcher per type: the least the original asks of it. */
    static final Map<String, String> MINIMAL = new TreeMap<>(Map.ofEntries(
            Map.entry("archive", "{source: 'https://example.net/a.tgz', creates: a, target: /tmp/a, checksum: "
                    + "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855}"),
            Map.entry("ccm_manifest", "{manifest_file: manifest.yaml}"),
            Map.entry("exec", "{command: /bin/true}"),
            Map.entry("expression", "{success_when: 'true'}"),
            Map.entry("file", "{path: x}"),
            Map.entry("gossip", "{subject: foo.bar, payload: msg.msg}"),
            Map.entry("httpswitch", "{}"),
            Map.entry("kv", "{bucket: B, key: k}"),
            Map.entry("machines", "{data_item: machines}"),
            Map.entry("metric", "{command: /bin/true}"),
            Map.entry("nagios", "{builtin: heartbeat}"),
            Map.entry("plugins", "{data_item: plugins}"),
            Map.entry("schedule", "{schedules: ['* * * * *']}"),
            Map.entry("timer", "{}")));

    @Test
    void acceptsAMachineUsingEveryTypeThisBuildKnows() throws Exception {
        assertThat(MINIMAL.keySet()).as("every registered type has a watcher in this machine")
                .containsExactlyInAnyOrderElementsOf(WatcherRegistry.discover().types());
        StringBuilder yaml = new StringBuilder("""
                name: every
                version: 1.0.0
                initial_state: a
                transitions:
                  - {name: go, from: [a], destination: b}
                watchers:
                """);
        MINIMAL.forEach((type, properties) -> yaml.append("  - {name: w_").append(type).append(", type: ").append(type)
                .append(type.equals("kv") ? ", interval: 1m" : "").append(", properties: ").append(properties).append("}\n"));
        Path machine = Files.createDirectories(dir.resolve("every"));
        Files.writeString(machine.resolve("machine.yaml"), yaml);

        MainTest.Result r = MainTest.run("machine", "validate", machine.toString());

        assertThat(r.code()).as(r.out()).isZero();
        assertThat(r.out()).contains("ok: " + machine.resolve("machine.yaml") + " (every 1.0.0)")
                .contains("warning: " + machine.resolve("machine.yaml") + ": watchers[1] 'w_ccm_manifest': property "
                        + "'manifest_file' of ccm_manifest watcher 'w_ccm_manifest': 'manifest.yaml' is not applied: mms "
                        + "has no Choria Configuration Management engine; each check reports error without firing a "
                        + "transition")
                .doesNotContain("error:");
    }
}
