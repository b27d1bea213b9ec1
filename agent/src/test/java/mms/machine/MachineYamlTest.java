package mms.machine;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class MachineYamlTest {

    @Test
    void quotingLeavesOrdinaryTextAlone() {
        assertThat(MachineYaml.quoted("https://h/a-b_c.tgz?x=1&y=%20")).isEqualTo("https://h/a-b_c.tgz?x=1&y=%20");
        assertThat(MachineYaml.quoted("日本語 🎉")).isEqualTo("日本語 🎉");
        assertThat(MachineYaml.quoted("a\"b\\c\nd\u007f")).isEqualTo("a\\\"b\\\\c\\nd\\x7F");
        assertThat(MachineYaml.quoted("\uD800x")).isEqualTo("\\uD800x");
    }

    @Test
    void whatItWritesParsesBackToTheSameDefinition() throws Exception {
        Map<String, Object> properties = new LinkedHashMap<>();
        properties.put("bucket", "MACHINES");
        properties.put("bucket_prefix", false);
        properties.put("count", 3L); // the parser reads integers as long
        properties.put("tags", List.of("a", "b\"c"));
        properties.put("labels", Map.of("dc", "lab"));
        MachineDefinition machine = new MachineDefinition("manager", "1.0", "INITIAL",
                List.of(new TransitionDefinition("manage", List.of("INITIAL", "true"), "MANAGE",
                                List.of(new TransitionDefinition.Subscription("other", "ready")), "the spec\nwas read"),
                        new TransitionDefinition("no", List.of("MANAGE"), "0x1F", List.of(), "")),
                List.of(new WatcherDefinition("spec", "kv", List.of("INITIAL", "MANAGE"),
                        List.of(new WatcherDefinition.ForeignState("other", "up")), "no", "manage", "1m", "10m",
                        properties)),
                5);

        String yaml = MachineYaml.write(machine);
        MachineDefinition parsed = ManifestParser.parse(Path.of("machine.yaml"), yaml.getBytes(StandardCharsets.UTF_8))
                .definition();

        assertThat(parsed).isEqualTo(machine);
        assertThat(yaml).contains("version: \"1.0\"\n", "from: [ INITIAL, \"true\" ]", "destination: \"0x1F\"",
                "    fail_transition: \"no\"\n");
    }
}
