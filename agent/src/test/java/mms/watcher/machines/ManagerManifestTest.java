package mms.watcher.machines;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import mms.machine.Manifest;
import mms.machine.ManifestParser;
import mms.machine.WatcherDefinition;
import mms.spec.ManagedMachine;
import org.junit.jupiter.api.Test;

class ManagerManifestTest {
    static final String SUM_A = "f11ea2005de97bf309bafac46e77c01925307a26675f44f388d4502d2b9d00bf";
    static final String SUM_B = "1e85719c6959eb0f2c8f2166e30ae952ccaef2c286f31868ea1d311d3738a339";

    static ManagedMachine facts() {
        return new ManagedMachine("facts", "https://my.example.net/metadata/metadata-machine-1.0.0.tgz", "bob", "s3cret",
                SUM_B, SUM_A, "has_command('facter')", "FACTS");
    }

    @Test
    void rendersTheOriginalTemplateByteForByte() {
        String yaml = ManagerManifest.render(facts(), Duration.ofMinutes(2), Path.of("/etc/choria/machines"));

        assertThat(yaml).isEqualTo("""
                name: "mm_facts"
                version: 1.0.0
                initial_state: MANAGE

                transitions:
                  - name: enter_maintenance
                    from: [ MANAGE ]
                    destination: MAINTENANCE

                  - name: resume
                    from: [ MAINTENANCE ]
                    destination: MANAGE

                watchers:
                  - name: download
                    type: archive
                    interval: "2m0s"
                    state_match:
                      - MANAGE
                    properties:
                      source: "https://my.example.net/metadata/metadata-machine-1.0.0.tgz"
                      checksum: "f11ea2005de97bf309bafac46e77c01925307a26675f44f388d4502d2b9d00bf"
                      verify: "SHA256SUMS"
                      verify_checksum: "1e85719c6959eb0f2c8f2166e30ae952ccaef2c286f31868ea1d311d3738a339"
                      creates: "facts"
                      target: "/etc/choria/machines"
                      username: "bob"
                      password: "s3cret"
                      governor: "FACTS"
                """);
        assertThat(yaml).doesNotContain("\r").endsWith("governor: \"FACTS\"\n");
    }

    @Test
    void rendersThePluginsWatchersTemplateByteForByte() {
        String yaml = ManagerManifest.render(facts(), Duration.ofSeconds(30), Path.of("/etc/choria/machines"),
                Deployment.plugins("plugin", java.util.Optional.empty()));

        assertThat(yaml).isEqualTo("""
                name: "plugin_facts"
                version: 1.0.0
                initial_state: MANAGE

                transitions:
                  - name: enter_maintenance
                    from: [ MANAGE ]
                    destination: MAINTENANCE

                  - name: resume
                    from: [ MAINTENANCE ]
                    destination: MANAGE

                watchers:
                  - name: download
                    type: archive
                    interval: "30s"
                    state_match:
                      - MANAGE
                    properties:
                      checksum: "f11ea2005de97bf309bafac46e77c01925307a26675f44f388d4502d2b9d00bf"
                      creates: "facts"
                      governor: "FACTS"
                      password: "s3cret"
                      source: "https://my.example.net/metadata/metadata-machine-1.0.0.tgz"
                      target: "/etc/choria/machines"
                      username: "bob"
                      verify: "SHA256SUMS"
                      verify_checksum: "1e85719c6959eb0f2c8f2166e30ae952ccaef2c286f31868ea1d311d3738a339"
                """);
    }

    @Test
    void emptyOptionalValuesRenderAsEmptyStringsAndTemplatesAreKept() {
        ManagedMachine m = new ManagedMachine("x", "https://h/{{ lookup \"facts.dc\" \"x\" }}.tgz", "", "", SUM_B, SUM_A, "", "");
        String yaml = ManagerManifest.render(m, Duration.ofSeconds(90), Path.of("/m"));

        assertThat(yaml).contains("      username: \"\"\n      password: \"\"\n      governor: \"\"\n")
                .contains("interval: \"1m30s\"")
                .contains("source: \"https://h/{{ lookup \\\"facts.dc\\\" \\\"x\\\" }}.tgz\"");
    }

    @Test
    void quotesAndNewlinesCannotInjectYaml() throws Exception {
        String evil = "x\"\n      source: \"https://evil.example/pwn.tgz";
        ManagedMachine m = new ManagedMachine("web", "https://good.example/web.tgz", "u\\ser", evil, SUM_B, SUM_A, "",
                "g\t\u0007\u2028\u0085\uFEFF");
        String yaml = ManagerManifest.render(m, Duration.ofMinutes(5), Path.of("/srv/machines dir"));

        assertThat(yaml.lines()).hasSize(29);
        Manifest parsed = ManifestParser.parse(Path.of("/srv/mm_web/machine.yaml"), yaml.getBytes(StandardCharsets.UTF_8));
        assertThat(parsed.warnings()).isEmpty();
        assertThat(parsed.definition().name()).isEqualTo("mm_web");
        WatcherDefinition download = parsed.definition().watchers().getFirst();
        assertThat(download.type()).isEqualTo("archive");
        assertThat(download.interval()).isEqualTo("5m0s");
        assertThat(download.stateMatch()).containsExactly("MANAGE");
        Map<String, Object> p = download.properties();
        assertThat(p).containsEntry("source", "https://good.example/web.tgz")
                .containsEntry("password", evil)
                .containsEntry("username", "u\\ser")
                .containsEntry("governor", "g\t\u0007\u2028\u0085\uFEFF")
                .containsEntry("target", "/srv/machines dir")
                .containsEntry("creates", "web")
                .containsEntry("verify", "SHA256SUMS")
                .containsEntry("checksum", SUM_A)
                .containsEntry("verify_checksum", SUM_B)
                .hasSize(9);
    }

    @Test
    void theNormalEntryRoundTripsThroughTheManifestParser() throws Exception {
        String yaml = ManagerManifest.render(facts(), Duration.ofMinutes(2), Path.of("/etc/choria/machines"));
        Manifest parsed = ManifestParser.parse(Path.of("machine.yaml"), yaml.getBytes(StandardCharsets.UTF_8));

        assertThat(parsed.definition().initialState()).isEqualTo("MANAGE");
        assertThat(parsed.definition().version()).isEqualTo("1.0.0");
        assertThat(parsed.definition().transitions()).extracting(t -> t.name()).containsExactly("enter_maintenance", "resume");
        assertThat(parsed.definition().watchers().getFirst().properties())
                .containsEntry("username", "bob").containsEntry("password", "s3cret").containsEntry("governor", "FACTS");
    }
}
