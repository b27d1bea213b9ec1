package mms.watcher.kv;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import mms.json.Json;
import org.junit.jupiter.api.Test;

/** The original's resolver cases (Choria CCM's hiera/resolver_test.go), in JSON as a kv value holds them. */
class HieraTest {

    static ObjectNode json(String text) throws Exception {
        return (ObjectNode) Json.mapper().readTree(text.replace('\'', '"').replace("`", "'"));
    }

    static JsonNode resolve(String document, String facts) throws Exception {
        return Hiera.resolve(json(document), json(facts));
    }

    @Test
    void mergesDataDeeplyFollowingHierarchyOrder() throws Exception {
        String document = """
                {'hierarchy': {'order': ['other:{{ lookup(`facts.other`, `other`) }}', 'env:{{ lookup(`facts.env`) }}',
                   'role:{{ lookup(`facts.role`) }}', 'host:{{ lookup(`facts.hostname`) }}', 'global'], 'merge': 'deep'},
                 'data': {'log_level': 'INFO', 'packages': ['ca-certificates'], 'web': {'listen_port': 80, 'tls': false},
                   'other': 'test'},
                 'overrides': {'env:prod': {'log_level': 'WARN'}, 'role:web': {'packages': ['nginx'], 'web': {'tls': true}},
                   'host:web01': {'log_level': 'TRACE'}, 'other:stuff': {'other': 'extra'}}}""";

        assertThat(resolve(document, "{'env': 'prod', 'role': 'web', 'hostname': 'web01', 'other': 'stuff'}"))
                .isEqualTo(json("{'log_level': 'TRACE', 'packages': ['ca-certificates', 'nginx'], 'other': 'extra',"
                        + " 'web': {'listen_port': 80, 'tls': true}}"));
    }

    @Test
    void returnsTheFirstMatchingOverlayWhenUsingFirstMergeMode() throws Exception {
        String document = """
                {'hierarchy': {'order': ['env:{{ lookup(`facts.env`) }}', 'role:{ lookup(`facts.role`) }}'], 'merge': 'first'},
                 'data': {'log_level': 'INFO'},
                 'overrides': {'env:stage': {'log_level': 'DEBUG'}, 'role:web': {'log_level': 'WARN'}}}""";

        assertThat(resolve(document, "{'env': 'stage', 'role': 'web'}")).isEqualTo(json("{'log_level': 'DEBUG'}"));
    }

    @Test
    void setsADefaultHierarchy() throws Exception {
        String document = "{'overrides': {'default': {'value': '{{ lookup(`facts.value`) | int() }}'}}}";

        assertThat(resolve(document, "{'role': 'WEB', 'value': 1}")).isEqualTo(json("{'value': 1}"));
    }

    @Test
    void expandsExpressionPlaceholdersInDataAndOverrideValuesKeepingTheirTypes() throws Exception {
        String document = """
                {'hierarchy': {'order': ['data', 'role:{{ lookup(`facts.role`) | lower() }}'], 'merge': 'first'},
                 'data': {'value': 1, 'list': [1], 'other': '{{ lookup(`facts.other`) }}'},
                 'overrides': {'role:web': {'list': '{{ lookup(`facts.list`) }}', 'value': '{{ lookup(`facts.value`) | int() }}'}}}""";

        assertThat(resolve(document, "{'role': 'WEB', 'value': 1, 'list': [1], 'other': {'key': 'other'}}"))
                .isEqualTo(json("{'value': 1, 'list': [1], 'other': {'key': 'other'}}"));
    }

    @Test
    void processesADocumentWithoutChangingIt() throws Exception {
        ObjectNode document = json("""
                {'hierarchy': {'order': ['data', 'role:{{ lookup(`facts.role`) | lower() }}'], 'merge': 'deep'},
                 'data': {'value': 1},
                 'overrides': {'role:web': {'list': [2.0], 'value': 2}}}""");
        ObjectNode before = document.deepCopy();

        assertThat(Hiera.resolve(document, json("{'role': 'WEB'}"))).isEqualTo(json("{'value': 2, 'list': [2]}"));
        assertThat(document).isEqualTo(before);
    }

    @Test
    void anEntryWhoseFactsAreMissingIsSkippedAndTextIsInterpolated() throws Exception {
        String document = """
                {'hierarchy': {'order': ['dc:{{ lookup(`facts.dc`) }}', 'os:{{ lookup(`facts.os.family`) }}-${ lookup(`facts.os.major`) }'],
                   'merge': 'deep'},
                 'data': {'motd': 'welcome to {{ lookup(`facts.fqdn`) }} (${ lookup(`facts.os.major`) + 1 })'},
                 'overrides': {'dc:': {'motd': 'wrong'}, 'os:Debian-12': {'apt': true}}}""";

        assertThat(resolve(document, "{'fqdn': 'web1.example.net', 'os': {'family': 'Debian', 'major': 12}}"))
                .isEqualTo(json("{'motd': 'welcome to web1.example.net (13)', 'apt': true}"));
    }

    @Test
    void rejectsAMalformedHierarchy() {
        assertThatThrownBy(() -> resolve("{'hierarchy': {'order': ['global', 2]}}", "{}"))
                .hasMessage("hierarchy.order must contain only strings");
        assertThatThrownBy(() -> resolve("{'hierarchy': {'order': 'global'}}", "{}"))
                .hasMessage("hierarchy.order must be a list");
        assertThatThrownBy(() -> resolve("{'hierarchy': ['global']}", "{}")).hasMessage("hierarchy section is required");
        assertThatThrownBy(() -> resolve("{'overrides': []}", "{}")).hasMessage("overrides must be an object");
        assertThatThrownBy(() -> resolve("{'hierarchy': {'order': ['a'], 'merge': 'Wide'}, 'overrides': {'a': {}}}", "{}"))
                .hasMessage("unsupported merge mode: Wide");
        assertThatThrownBy(() -> resolve("{'data': {'x': '{{ lookup(`a`, 1, 2) }}'}}", "{}"))
                .hasMessageStartingWith("expression 'lookup(`a`, 1, 2)': too many arguments to call lookup".replace('`', '\''));
    }

    @Test
    void wholeNumbersAreIntegers() throws Exception {
        assertThat(resolve("{'data': {'float': 10.0, 'half': 0.5, 'list': [5.0]}}", "{}"))
                .isEqualTo(json("{'float': 10, 'half': 0.5, 'list': [5]}"));
    }
}
