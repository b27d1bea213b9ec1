package mms.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import mms.machine.ManifestParser;
import org.junit.jupiter.api.Test;

/** The seed's "Configuring" watchers, pasted verbatim, load with the stock watchers. */
class SeedManagerTest {
    // the watchers block exactly as the brief shows it, repeated state_match included
    static final String SEED = """
            name: machine_manager
            version: 1.0.0
            initial_state: MANAGE
            transitions:
              - name: enter_maintenance
                from: [MANAGE]
                destination: MAINTENANCE
              - name: resume
                from: [MAINTENANCE]
                destination: MANAGE
            watchers:
              - name: desired_state
                type: kv
                interval: 1m
                state_match: [MANAGE]
                properties:
                   bucket: MACHINES
                   key: machines
                   mode: poll
                   bucket_prefix: false
               \s
              - name: manage_machines
                state_match: [MANAGE]
                type: machines
                interval: 1m
                state_match:
                  - MANAGE
                properties:
                  data_item: machines
                  purge_unknown: true
                  machine_manage_interval: 1m
                  public_key: 64031219d4922eed63a5f567303e98607c632139c01bc9fa4ca2514c2d9d30da
            """;

    @Test
    void theSeedsConfiguringSectionLoadsVerbatim() throws Exception {
        var manifest = ManifestParser.parse(Path.of("/m/manager/machine.yaml"), SEED.getBytes(StandardCharsets.UTF_8));
        var check = new MachineLoader(WatcherRegistry.discover()).check(manifest, Path.of("/m/manager"), true);
        assertThat(check.errors()).isEmpty();
        assertThat(check.watchers()).extracting(w -> w.settings().type()).containsExactly("kv", "machines");
        assertThat(check.warnings()).containsExactly(
                "/m/manager/machine.yaml: key 'state_match' is repeated at line 26, the last value is used");
    }
}
