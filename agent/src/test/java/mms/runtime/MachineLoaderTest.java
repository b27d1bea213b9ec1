package mms.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import mms.machine.ManifestParser;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class MachineLoaderTest {
    private static final Path FILE = Path.of("/m/x/machine.yaml");
    private final MachineLoader loader = new MachineLoader(WatcherRegistry.of(List.of(new ProbeWatcher.Factory())));

    @AfterEach
    void clear() {
        ProbeWatcher.ALL.clear();
    }

    MachineLoader.Check check(String yaml) throws Exception {
        return loader.check(ManifestParser.parse(FILE, yaml.getBytes(StandardCharsets.UTF_8)), Path.of("/m/x"), true);
    }

    @Test
    void anEmptyMachineFailsInTheOriginalsOrder() throws Exception {
        assertThat(check("{}").errors()).containsExactly(
                "/m/x/machine.yaml: name: a machine name is required",
                "/m/x/machine.yaml: version: a machine version is required",
                "/m/x/machine.yaml: initial_state: an initial state is required",
                "/m/x/machine.yaml: transitions: no transitions defined",
                "/m/x/machine.yaml: watchers: no watchers defined");
    }

    @Test
    void checksEachWatcherAgainstKnownStatesAndTransitions() throws Exception {
        var check = check("""
                name: m
                version: 1.0.0
                initial_state: a
                transitions:
                  - {name: go, from: [a], destination: b}
                watchers:
                  - name: w
                    type: probe
                    announce_interval: 30s
                    state_match: [a, nowhere]
                    fail_transition: explode
                    success_transition: go
                """);
        assertThat(check.errors()).containsExactly(
                "/m/x/machine.yaml: watchers[0] 'w': announce_interval: 30s is too small, minimum is 1m",
                "/m/x/machine.yaml: watchers[0] 'w': state_match: invalid state nowhere, known states are a, b",
                "/m/x/machine.yaml: watchers[0] 'w': fail_transition: invalid transition explode, known transitions are go");
    }

    @Test
    void checksSubscriptions() throws Exception {
        var check = check("""
                name: m
                version: 1.0.0
                initial_state: a
                transitions:
                  - name: go
                    from: [a]
                    destination: b
                    subscribe: [{machine_name: '', event: x}, {machine_name: y}]
                watchers:
                  - {name: w, type: probe}
                """);
        assertThat(check.errors()).containsExactly(
                "/m/x/machine.yaml: transition 'go': subscribe: machine name is required on subscription for transition \"go\"",
                "/m/x/machine.yaml: transition 'go': subscribe: event name is required on subscription for transition \"go\"");
    }

    @Test
    void validatesWhatTheOriginalOnlyFindsAtStart() throws Exception {
        var check = check("""
                name: m
                version: 1.0.0
                initial_state: a
                transitions:
                  - {name: '', from: [], destination: ''}
                  - {name: go, from: [a], destination: b}
                watchers:
                  - {name: w, type: probe, interval: 10}
                  - {name: w, type: probe}
                  - {name: v, type: telepathy}
                  - {type: probe}
                  - {name: p, type: probe, properties: {outcome: maybe}}
                """);
        assertThat(check.errors()).containsExactly(
                "/m/x/machine.yaml: transitions[0]: name: a transition name is required",
                "/m/x/machine.yaml: transitions[0]: from: at least one state is required, otherwise the transition can never fire",
                "/m/x/machine.yaml: transitions[0]: destination: a destination state is required",
                "/m/x/machine.yaml: watchers[0] 'w': interval: '10' is not a duration: invalid time unit 0",
                "/m/x/machine.yaml: watchers[1] 'w': name: watcher w already exists in this machine",
                "/m/x/machine.yaml: watchers[2] 'v': type: unknown watcher type 'telepathy', known types are probe",
                "/m/x/machine.yaml: watchers[3]: name: a watcher name is required",
                "/m/x/machine.yaml: watchers[4] 'p': property 'outcome' of probe watcher 'p': 'maybe' must be success, failure or none");
    }

    @Test
    void warnsAboutPropertiesNobodyReads() throws Exception {
        var check = check("""
                name: m
                version: 1.0.0
                initial_state: a
                transitions:
                  - {name: go, from: [a], destination: b}
                watchers:
                  - {name: w, type: probe, properties: {outcome: none, outcmoe: success}}
                """);
        assertThat(check.ok()).isTrue();
        assertThat(check.warnings()).containsExactly(
                "/m/x/machine.yaml: watchers[0] 'w': properties: unknown property 'outcmoe' is ignored");
        assertThat(check.watchers()).hasSize(1);
    }
}
