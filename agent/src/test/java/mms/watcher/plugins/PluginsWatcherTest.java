package mms.watcher.plugins;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;
import mms.event.EventSink;
import mms.event.MachineEvent;
import mms.event.WatcherStateNotification;
import mms.json.Json;
import mms.machine.ManifestParser;
import mms.runtime.Machine;
import mms.runtime.MachineEnvironment;
import mms.runtime.MachineLoader;
import mms.runtime.WatcherRegistry;
import mms.spec.Ed25519PrivateKey;
import mms.spec.MachinesValidator;
import mms.spec.ManagedMachine;
import mms.spec.PluginsVector;
import mms.spec.Specification;
import mms.spec.Trust;
import mms.time.ManualTimeSource;
import mms.watcher.MachineInfo;
import mms.watcher.Watcher;
import mms.watcher.WatcherConfigException;
import mms.watcher.WatcherFactory;
import mms.watcher.WatcherProperties;
import mms.watcher.WatcherServices;
import mms.watcher.WatcherSettings;
import mms.watcher.machines.FeedWatcher;
import mms.watcher.machines.MachinesState;
import mms.watcher.machines.ManagerManifest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The plugins watcher in a real machine, fed its data item as a kv watcher would: the original's
 * test cases (pluginswatcher/plugins_test.go: prefixes, signatures, the agent's key overriding the
 * property) and what the plugins parameters change in the shared check.
 */
class PluginsWatcherTest {
    static final Ed25519PrivateKey OTHER_KEY = Ed25519PrivateKey.generate();

    @TempDir
    Path root;
    Path self;
    Path plugins;
    final ManualTimeSource time = new ManualTimeSource(Instant.parse("2026-01-01T00:00:00Z"));
    final List<MachineEvent> events = new CopyOnWriteArrayList<>();
    final FeedWatcher.Factory feed = new FeedWatcher.Factory();
    final Recording recording = new Recording();
    WatcherServices services = WatcherServices.NONE;
    Machine machine;

    /** Builds real plugins watchers without compiled-in keys and keeps the last one. */
    static final class Recording implements WatcherFactory {
        volatile PluginsWatcher last;

        @Override
        public String type() {
            return "plugins";
        }

        @Override
        public Watcher create(WatcherSettings settings, WatcherProperties properties, MachineInfo info)
                throws WatcherConfigException {
            new PluginsWatcherFactory().create(settings, properties, info); // same validation as production
            last = new PluginsWatcher(settings, PluginsProperties.parse(properties), List.of(), Optional.empty());
            return last;
        }
    }

    @BeforeEach
    void directories() throws Exception {
        self = Files.createDirectories(root.resolve("plugins_manager"));
        plugins = Files.createDirectories(root.resolve("plugins"));
    }

    @AfterEach
    void stop() {
        if (machine != null) {
            machine.stop();
        }
    }

    void start(String properties) throws Exception {
        Files.writeString(self.resolve("machine.yaml"), """
                name: plugins_manager
                version: 1.0.0
                initial_state: MANAGE
                transitions:
                  - {name: maintenance, from: [MANAGE], destination: MAINTENANCE}
                watchers:
                  - name: feed
                    type: feed
                  - name: manage_machines
                    type: plugins
                    interval: 1h
                    state_match: [MANAGE]
                    properties:
                """ + properties.indent(6));
        EventSink sink = events::add;
        MachineEnvironment env = new MachineEnvironment("node1.example.net", Json::object, time, new Random(1), sink,
                name -> Optional.empty(), n -> { }, services);
        machine = new MachineLoader(WatcherRegistry.of(List.of(feed, recording))).load(ManifestParser.read(self), self,
                true, env);
        machine.start();
        // the first check finds no data item: wait for its error so later checks are ours
        await().until(() -> recording.last != null && state().previousOutcome() == MachinesState.ERROR);
    }

    PluginsStateNotification state() {
        return recording.last.currentState();
    }

    PluginsStateNotification feedAndCheck(JsonNode value) throws Exception {
        PluginsStateNotification before = state();
        feed.last.put("spec", value);
        await().until(() -> state() != before);
        return state();
    }

    String properties(String... more) {
        return "data_item: spec\nplugins_directory: " + plugins + "\n" + String.join("\n", more) + "\n";
    }

    static JsonNode json(String text) throws Exception {
        return Json.mapper().readTree(text);
    }

    /** The vector's envelope with another signature. */
    static JsonNode withSignature(String signature) throws Exception {
        ObjectNode envelope = (ObjectNode) json(PluginsVector.envelope());
        if (signature.isEmpty()) {
            envelope.remove("signature");
        } else {
            envelope.put("signature", signature);
        }
        return envelope;
    }

    ManagedMachine hello() throws Exception {
        return MachinesValidator.validate(PluginsVector.bytes("plugins.json")).orThrow().getFirst();
    }

    /** Nothing but the watcher's own machine and the empty plugins directory. */
    void assertNothingDeployed() throws Exception {
        try (var list = Files.list(root)) {
            assertThat(list.map(p -> p.getFileName().toString())).containsExactlyInAnyOrder("plugins_manager", "plugins");
        }
        try (var list = Files.list(plugins)) {
            assertThat(list).isEmpty();
        }
    }

    @Test
    void deploysTheSignedVectorWithThePluginsManagerTemplate() throws Exception {
        start(properties("public_key: " + PluginsVector.PUBLIC));

        PluginsStateNotification s = feedAndCheck(json(PluginsVector.envelope()));

        assertThat(s.previousOutcome()).isEqualTo(MachinesState.UPDATED);
        assertThat(s.plugins()).containsExactly("hello");
        assertThat(Files.readString(root.resolve("mm_hello/machine.yaml"))).isEqualTo(ManagerManifest.render(hello(),
                Duration.ofMinutes(2), plugins, mms.watcher.machines.Deployment.plugins("mm", Optional.of(plugins))));
        assertThat(Files.readString(root.resolve("mm_hello/machine.yaml"))).contains("target: \"" + plugins + "\"");
        await().until(() -> events.stream().anyMatch(e -> e instanceof WatcherStateNotification n
                && n.type().equals("plugins") && n.data().toString().contains("\"plugins\":[\"hello\"]")));
    }

    @Test
    void namesTheManagerWithTheManagerMachinePrefix() throws Exception {
        start(properties("public_key: " + PluginsVector.PUBLIC, "manager_machine_prefix: plugin"));

        assertThat(feedAndCheck(json(PluginsVector.envelope())).previousOutcome()).isEqualTo(MachinesState.UPDATED);

        assertThat(ManifestParser.read(root.resolve("plugin_hello")).definition().name()).isEqualTo("plugin_hello");
        assertThat(root.resolve("mm_hello")).doesNotExist();
    }

    @Test
    void appliesAnUnsignedSpecificationOnlyWhenTheAgentAllowsUnsignedOnes() throws Exception {
        services = services.withTrust(Trust.of(Optional.empty(), true));
        start(properties());

        assertThat(feedAndCheck(withSignature("")).previousOutcome()).isEqualTo(MachinesState.UPDATED);
        assertThat(root.resolve("mm_hello/machine.yaml")).exists();
    }

    @Test
    void refusesASpecificationWithoutASignatureWhenAKeyIsConfiguredAndKeepsTheData() throws Exception {
        start(properties("public_key: " + PluginsVector.PUBLIC));

        PluginsStateNotification s = feedAndCheck(withSignature(""));

        assertThat(s.previousOutcome()).isEqualTo(MachinesState.ERROR);
        assertThat(s.rejected()).isTrue();
        assertNothingDeployed();
        assertThat(machine.data().has("spec")).as("the original deletes it; mms keeps it").isTrue();
    }

    @Test
    void refusesACorruptSignature() throws Exception {
        start(properties("public_key: " + PluginsVector.PUBLIC));

        assertThat(feedAndCheck(withSignature("x")).previousOutcome()).isEqualTo(MachinesState.ERROR);
        assertNothingDeployed();
    }

    @Test
    void refusesASignatureOfOtherBytes() throws Exception {
        start(properties("public_key: " + PluginsVector.PUBLIC));
        String wrong = HexFormat.of().formatHex(PluginsVector.privateKey().sign("wrong".getBytes(StandardCharsets.UTF_8)));

        assertThat(feedAndCheck(withSignature(wrong)).previousOutcome()).isEqualTo(MachinesState.ERROR);
        assertNothingDeployed();
    }

    @Test
    void refusesASignatureOverTheDecodedBytesTheMachinesEnvelopesWay() throws Exception {
        start(properties("public_key: " + PluginsVector.PUBLIC));
        String decoded = HexFormat.of().formatHex(PluginsVector.privateKey().sign(PluginsVector.bytes("plugins.json")));

        assertThat(feedAndCheck(withSignature(decoded)).previousOutcome()).isEqualTo(MachinesState.ERROR);
        assertNothingDeployed();
    }

    @Test
    void theAgentsSigningKeyOverridesThePublicKeyProperty() throws Exception {
        services = services.withTrust(Trust.of(Optional.of(PluginsVector.publicKey()), false));
        start(properties("public_key: " + OTHER_KEY.publicKey().hex()));

        assertThat(feedAndCheck(json(PluginsVector.envelope())).previousOutcome()).isEqualTo(MachinesState.UPDATED);
    }

    @Test
    void aMachinesEnvelopeIsNoPluginsSpecification() throws Exception {
        start(properties("public_key: " + PluginsVector.PUBLIC));
        String machinesEnvelope = Specification.pack(PluginsVector.bytes("plugins.json"),
                Optional.of(PluginsVector.privateKey())).toJson();

        assertThat(feedAndCheck(json(machinesEnvelope)).previousOutcome()).isEqualTo(MachinesState.ERROR);
        assertThat(recording.last.currentState().rejected()).isTrue();
        assertNothingDeployed();
    }

    @Test
    void purgesTheManagerNextToItAndThePluginInThePluginsDirectory() throws Exception {
        start(properties("public_key: " + PluginsVector.PUBLIC, "purge_unknown: true"));
        Files.createDirectories(root.resolve("mm_old"));
        Files.writeString(root.resolve("mm_old/machine.yaml"), "name: mm_old\n");
        Files.createDirectories(plugins.resolve("old"));
        Files.createDirectories(root.resolve("old"));

        assertThat(feedAndCheck(json(PluginsVector.envelope())).previousOutcome()).isEqualTo(MachinesState.UPDATED);

        assertThat(root.resolve("mm_old")).doesNotExist();
        assertThat(plugins.resolve("old")).doesNotExist();
        assertThat(root.resolve("old")).as("not the plugins directory: not the plugins watcher's").exists();
        assertThat(root.resolve("mm_hello/machine.yaml")).exists();
    }
}
