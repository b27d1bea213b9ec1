package mms.machine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ManifestParserTest {
    private static final Path FILE = Path.of("/m/machine.yaml");

    static Manifest parse(String yaml) throws ManifestException {
        return ManifestParser.parse(FILE, yaml.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void decodesEveryFieldOfTheOriginal() throws Exception {
        MachineDefinition m = parse("""
                name: web
                version: 1.0.0
                initial_state: unknown
                splay_start: 10
                transitions:
                  - name: ok
                    from: [unknown, bad]
                    destination: good
                    description: all fine
                    subscribe:
                      - machine_name: other
                        event: done
                watchers:
                  - name: check
                    type: exec
                    state_match: [good]
                    foreign_state_required:
                      - machine_name: other
                        state: up
                    fail_transition: bad
                    success_transition: ok
                    interval: 1m
                    announce_interval: 5m
                    properties:
                      command: /bin/true
                      timeout: 10s
                      environment: [A=1]
                """).definition();
        assertThat(m.name()).isEqualTo("web");
        assertThat(m.splayStart()).isEqualTo(10);
        TransitionDefinition t = m.transitions().getFirst();
        assertThat(t.from()).containsExactly("unknown", "bad");
        assertThat(t.subscribe()).containsExactly(new TransitionDefinition.Subscription("other", "done"));
        assertThat(t.description()).isEqualTo("all fine");
        WatcherDefinition w = m.watchers().getFirst();
        assertThat(w.foreignStateRequired()).containsExactly(new WatcherDefinition.ForeignState("other", "up"));
        assertThat(w.interval()).isEqualTo("1m");
        assertThat(w.announceInterval()).isEqualTo("5m");
        assertThat(w.properties()).containsEntry("command", "/bin/true").containsEntry("environment", List.of("A=1"));
        assertThat(m.knownStates()).containsExactly("unknown", "bad", "good");
    }

    @Test
    void convertsScalarsToTextAsGoDoes() throws Exception {
        MachineDefinition m = parse("name: 10\nversion: 1.0\ninitial_state: true\n").definition();
        assertThat(m.name()).isEqualTo("10");
        assertThat(m.version()).isEqualTo("1");
        assertThat(m.initialState()).isEqualTo("true");
    }

    @Test
    void supportsAnchors() throws Exception {
        MachineDefinition m = parse("""
                name: a
                version: 1.0.0
                initial_state: x
                transitions:
                  - {name: t, from: &states [x, y], destination: y}
                  - {name: u, from: *states, destination: x}
                watchers: []
                """).definition();
        assertThat(m.transitions().get(1).from()).containsExactly("x", "y");
    }

    @Test
    void warnsAboutUnknownKeysNamingThem() throws Exception {
        Manifest manifest = parse("""
                name: a
                versoin: 1
                transitions:
                  - {name: t, from: [x], destination: y, colour: red}
                watchers:
                  - {name: w, type: exec, intreval: 1m}
                """);
        assertThat(manifest.warnings()).containsExactly(
                "/m/machine.yaml: unknown key 'versoin' at the top level is ignored",
                "/m/machine.yaml: unknown key 'colour' in transitions[0] is ignored",
                "/m/machine.yaml: unknown key 'intreval' in watchers[0] 'w' is ignored");
    }

    @Test
    void rejectsWrongShapesNamingFieldAndValue() {
        assertThatThrownBy(() -> parse("name: a\ntransitions: nope\nwatchers: [1]\nsplay_start: soon\n"))
                .isInstanceOf(ManifestException.class)
                .satisfies(e -> assertThat(((ManifestException) e).problems()).containsExactly(
                        "/m/machine.yaml: transitions must be a list, found 'nope'",
                        "/m/machine.yaml: watchers[0] must be a mapping, found '1'",
                        "/m/machine.yaml: splay_start: 'soon' is not a whole number of seconds"));
    }

    @Test
    void reportsYamlSyntaxErrorsWithTheirPosition() {
        assertThatThrownBy(() -> parse("name: [a\n"))
                .hasMessageStartingWith("/m/machine.yaml: not valid YAML")
                .hasMessageContaining("line");
    }

    @Test
    void anEmptyDocumentIsAMachineWithNoFields() throws Exception {
        assertThat(parse("").definition().name()).isEmpty();
    }

    @Test
    void readsTheFileAndHashesItsBytes(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("machine.yaml"), "name: a\n");
        Manifest m = ManifestParser.read(dir);
        assertThat(m.sha256()).isEqualTo(mms.digest.Sha256.of("name: a\n".getBytes(StandardCharsets.UTF_8)))
                .hasSize(64);
    }

    @Test
    void aMissingManifestNamesThePath(@TempDir Path dir) {
        assertThatThrownBy(() -> ManifestParser.read(dir))
                .hasMessage("cannot read " + dir.resolve("machine.yaml") + ": no such file");
    }

    @Test
    void aPlantedFifoOrDeviceIsRefusedInsteadOfBlockingTheLoader(@TempDir Path dir) throws Exception {
        Path fifo = Files.createDirectory(dir.resolve("fifo")).resolve("machine.yaml");
        assertThat(new ProcessBuilder("mkfifo", fifo.toString()).start().waitFor()).isZero();
        assertThatThrownBy(() -> ManifestParser.read(fifo.getParent()))
                .hasMessage("cannot read " + fifo + ": not a regular file");

        Path device = Files.createDirectory(dir.resolve("device")).resolve("machine.yaml");
        Files.createSymbolicLink(device, Path.of("/dev/zero"));
        assertThatThrownBy(() -> ManifestParser.read(device.getParent()))
                .hasMessage("cannot read " + device + ": not a regular file");
    }

    @Test
    void aManifestLargerThanAnyMachineIsRefusedWithoutReadingItWhole(@TempDir Path dir) throws Exception {
        Path huge = dir.resolve("machine.yaml");
        try (var file = java.nio.channels.FileChannel.open(huge, java.nio.file.StandardOpenOption.CREATE_NEW,
                java.nio.file.StandardOpenOption.WRITE)) {
            file.write(java.nio.ByteBuffer.wrap(new byte[] {'#'}), 64L << 20); // sparse, 64 MiB
        }
        assertThatThrownBy(() -> ManifestParser.read(dir))
                .hasMessage("cannot read " + huge + ": larger than 1 MiB, which no machine manifest is");
    }

    @Test
    void keepsPropertiesAsPlainValues() throws Exception {
        var w = parse("""
                watchers:
                  - name: w
                    properties:
                      nested: {a: [1, 2.5, true, null]}
                """).definition().watchers().getFirst();
        assertThat(w.properties().get("nested")).isEqualTo(Map.of("a", java.util.Arrays.asList(1L, 2.5, true, null)));
    }
}
