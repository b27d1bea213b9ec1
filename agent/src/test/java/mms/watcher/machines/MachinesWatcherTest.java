package mms.watcher.machines;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.Level;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Stream;
import mms.event.EventSink;
import mms.event.MachineEvent;
import mms.event.WatcherStateNotification;
import mms.json.Json;
import mms.kv.testing.LogCapture;
import mms.machine.ManifestParser;
import mms.runtime.Machine;
import mms.runtime.MachineEnvironment;
import mms.runtime.MachineLoader;
import mms.runtime.WatcherRegistry;
import mms.spec.Ed25519PrivateKey;
import mms.spec.Ed25519PublicKey;
import mms.spec.ManagedMachine;
import mms.spec.Refusal;
import mms.spec.Signers;
import mms.spec.Specification;
import mms.spec.SpecificationLedger;
import mms.spec.VersionedSpecification;
import mms.spec.Trust;
import mms.spec.TrustDocument;
import mms.spec.match.FileProbe;
import mms.time.ManualTimeSource;
import mms.spec.SpecificationDigest;
import mms.watcher.MachineInfo;
import mms.watcher.SpecificationReport;
import mms.watcher.Watcher;
import mms.watcher.WatcherConfigException;
import mms.watcher.WatcherFactory;
import mms.watcher.WatcherProperties;
import mms.watcher.WatcherServices;
import mms.watcher.WatcherSettings;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class MachinesWatcherTest {
    static final String SUM_A = ManagerManifestTest.SUM_A;
    static final String SUM_B = ManagerManifestTest.SUM_B;
    static final Ed25519PrivateKey KEY = Ed25519PrivateKey.generate();
    static final Ed25519PrivateKey OTHER_KEY = Ed25519PrivateKey.generate();

    @TempDir
    Path root;
    Path self;
    final ManualTimeSource time = new ManualTimeSource(Instant.parse("2026-01-01T00:00:00Z"));
    final List<MachineEvent> events = new CopyOnWriteArrayList<>();
    final FeedWatcher.Factory feed = new FeedWatcher.Factory();
    final Recording machines = new Recording();
    WatcherServices services = WatcherServices.NONE;
    List<Ed25519PublicKey> compiledKeys = List.of();
    Optional<TrustDocument> compiledTrust = Optional.empty();
    FileProbe files = FileProbe.system();
    Machine machine;

    /** Builds real machines watchers with a chosen compiled-in key and keeps the last one. */
    final class Recording implements WatcherFactory {
        volatile MachinesWatcher last;

        @Override
        public String type() {
            return "machines";
        }

        @Override
        public Watcher create(WatcherSettings settings, WatcherProperties properties, MachineInfo info)
                throws WatcherConfigException {
            new MachinesWatcherFactory().create(settings, properties, info); // same validation as production
            last = new MachinesWatcher(settings, MachinesProperties.parse(properties), compiledKeys, compiledTrust, files);
            return last;
        }
    }

    @BeforeEach
    void setUp() {
        self = root.resolve("machine_manager");
    }

    @AfterEach
    void stop() {
        if (machine != null) {
            machine.stop();
        }
    }

    // --- harness

    void start(String properties) throws Exception {
        start("machine_manager", properties);
    }

    void start(String dirName, String properties) throws Exception {
        self = root.resolve(dirName);
        Files.createDirectories(self);
        Files.writeString(self.resolve("machine.yaml"), """
                name: machine_manager
                version: 0.0.2
                initial_state: MANAGE
                transitions:
                  - {name: enter_maintenance, from: [MANAGE], destination: MAINTENANCE}
                watchers:
                  - name: feed
                    type: feed
                  - name: manage_machines
                    type: machines
                    interval: 1h
                    state_match: [MANAGE]
                    properties:
                """ + properties.indent(6));
        EventSink sink = events::add;
        WatcherServices lookup = services;
        MachineEnvironment env = new MachineEnvironment("node1.example.net", Json::object, time, new Random(1), sink,
                name -> Optional.empty(), n -> { }, lookup);
        machine = new MachineLoader(WatcherRegistry.of(List.of(feed, machines))).load(ManifestParser.read(self), self, true, env);
        machine.start();
        // the first check finds no data item: wait for its error so later checks are ours
        awaitOutcome(MachinesState.ERROR);
        if (!machine.data().has("spec")) {
            assertThat(state().rejected()).as("no specification yet is no rejection").isFalse();
        }
    }

    MachinesStateNotification state() {
        return machines.last.currentState();
    }

    /** Feeds the data item and waits for the check it causes. */
    MachinesStateNotification feedAndCheck(JsonNode value) throws Exception {
        MachinesStateNotification before = state();
        feed.last.put("spec", value);
        await().until(() -> state() != before);
        return state();
    }

    MachinesStateNotification tickAndCheck() {
        MachinesStateNotification before = state();
        time.advance(Duration.ofHours(1));
        await().until(() -> state() != before);
        return state();
    }

    void awaitOutcome(MachinesState outcome) {
        await().until(() -> machines.last != null && state().previousOutcome() == outcome);
    }

    List<WatcherStateNotification> published() {
        return events.stream().filter(e -> e instanceof WatcherStateNotification n && n.type().equals("machines"))
                .map(e -> (WatcherStateNotification) e).toList();
    }

    static String entry(String name, String match) {
        return """
                {"name": "%s", "source": "https://example.net/%s-1.0.0.tgz", "verify_checksum": "%s", "checksum": "%s", "match": "%s"}"""
                .formatted(name, name, SUM_B, SUM_A, match);
    }

    static String list(String... entries) {
        return "[" + String.join(",\n", entries) + "]";
    }

    static JsonNode envelope(String machinesJson, Optional<Ed25519PrivateKey> key) throws IOException {
        return Json.mapper().readTree(Specification.pack(machinesJson.getBytes(StandardCharsets.UTF_8), key).toJson());
    }

    static JsonNode signed(String machinesJson) throws IOException {
        return envelope(machinesJson, Optional.of(KEY));
    }

    static JsonNode unsigned(String machinesJson) throws IOException {
        return envelope(machinesJson, Optional.empty());
    }

    /** The agent's {@code allow_unsigned: true} without a signing key. */
    void allowUnsigned() {
        services = services.withTrust(Trust.of(Optional.empty(), true));
    }

    String keyProperties(boolean purge) {
        return "data_item: spec\npurge_unknown: " + purge + "\npublic_key: " + KEY.publicKey().hex() + "\n";
    }

    Path manager(String name) {
        return root.resolve("mm_" + name).resolve("machine.yaml");
    }

    ManagedMachine managed(String name, String match) {
        return new ManagedMachine(name, "https://example.net/" + name + "-1.0.0.tgz", "", "", SUM_B, SUM_A, match, "");
    }

    /** Every path under root (except the manager machine's data) with its inode, time and content. */
    Map<String, String> snapshot() throws IOException {
        Map<String, String> out = new TreeMap<>();
        try (Stream<Path> walk = Files.walk(root)) {
            for (Path p : walk.toList()) {
                if (p.getFileName().toString().equals("machine_data.json") || p.equals(self)) {
                    continue; // the manager machine's own data changes with every feed
                }
                BasicFileAttributes a = Files.readAttributes(p, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
                String content = a.isRegularFile() ? Files.readString(p) : "<dir>";
                out.put(root.relativize(p).toString(), a.fileKey() + " " + a.lastModifiedTime() + " " + content);
            }
        }
        return out;
    }

    // --- tests

    @Test
    void writesOneManagerPerMatchingEntry() throws Exception {
        start(keyProperties(false));

        MachinesStateNotification s = feedAndCheck(signed(list(entry("web", "identity('^node1')"),
                entry("db", "identity('^db')"), entry("all", ""))));

        assertThat(s.previousOutcome()).isEqualTo(MachinesState.UPDATED);
        assertThat(s.machines()).containsExactly("web", "db", "all");
        assertThat(Files.readString(manager("web")))
                .isEqualTo(ManagerManifest.render(managed("web", "identity('^node1')"), Duration.ofMinutes(2), root));
        assertThat(manager("all")).exists();
        assertThat(root.resolve("mm_db")).doesNotExist();
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(manager("web")))).isEqualTo("rw-------");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(manager("web").getParent()))).isEqualTo("rwx------");
        try (Stream<Path> files = Files.list(manager("web").getParent())) {
            assertThat(files.map(p -> p.getFileName().toString())).containsExactly("machine.yaml");
        }
        await().until(() -> published().stream().anyMatch(n -> n.state() instanceof MachinesStateNotification m
                && m.previousOutcome() == MachinesState.UPDATED && m.machines().equals(List.of("web", "db", "all"))));
    }

    @Test
    void aDataChangeWakesTheWatcherAtOnceWithoutWaitingForTheInterval() throws Exception {
        start(keyProperties(false));
        Instant before = time.instant();

        feed.last.put("spec", signed(list(entry("web", ""))));

        await().until(() -> Files.exists(manager("web")));
        assertThat(time.instant()).isEqualTo(before);
    }

    @Test
    void usesTheConfiguredManageInterval() throws Exception {
        start(keyProperties(false) + "machine_manage_interval: 5m\n");

        feedAndCheck(signed(list(entry("web", ""))));

        assertThat(Files.readString(manager("web"))).contains("    interval: \"5m0s\"\n");
    }

    @Test
    void anUnchangedSpecificationLeavesTheManagerFileAlone() throws Exception {
        start(keyProperties(false));
        feedAndCheck(signed(list(entry("web", ""))));
        Map<String, String> before = snapshot();

        MachinesStateNotification s = tickAndCheck();

        assertThat(s.previousOutcome()).isEqualTo(MachinesState.UNCHANGED);
        assertThat(snapshot()).isEqualTo(before);
    }

    @Test
    void aManagerWithOtherContentIsReplacedAtomically() throws Exception {
        start(keyProperties(false));
        feedAndCheck(signed(list(entry("web", ""))));
        Files.writeString(manager("web"), "name: tampered\n");
        Files.writeString(manager("web").resolveSibling("machine_data.json"), "{}");

        assertThat(tickAndCheck().previousOutcome()).isEqualTo(MachinesState.UPDATED);

        assertThat(Files.readString(manager("web"))).isEqualTo(ManagerManifest.render(managed("web", ""), Duration.ofMinutes(2), root));
        assertThat(manager("web").resolveSibling("machine_data.json")).hasContent("{}");
    }

    static Stream<Object[]> invalidSpecifications() throws IOException {
        String good = list(entry("web", ""), entry("extra", ""));
        ObjectNodeBuilder tampered = () -> {
            var node = (com.fasterxml.jackson.databind.node.ObjectNode) signed(good);
            node.put("machines", Base64.getEncoder().encodeToString(good.replace("extra", "evil!").getBytes(StandardCharsets.UTF_8)));
            return node;
        };
        return Stream.of(
                new Object[] {"bad base64", Json.mapper().readTree("{\"machines\":\"not base64!\"}")},
                new Object[] {"not an envelope", new TextNode("hello")},
                new Object[] {"a number", Json.mapper().readTree("42")},
                new Object[] {"unsigned", unsigned(good)},
                new Object[] {"signed with another key", envelope(good, Optional.of(OTHER_KEY))},
                new Object[] {"tampered payload", tampered.build()},
                new Object[] {"malformed signature", Json.mapper().readTree("{\"machines\":\""
                        + Base64.getEncoder().encodeToString(good.getBytes(StandardCharsets.UTF_8)) + "\",\"signature\":\"xyz\"}")},
                new Object[] {"signed json that is not a list", signed("{\"name\":\"web\"}")},
                new Object[] {"signed invalid json", signed("[{\"name\":")},
                new Object[] {"signed json with a repeated member", signed("[{\"name\":\"web\",\"name\":\"evil\"}]")});
    }

    interface ObjectNodeBuilder {
        JsonNode build() throws IOException;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("invalidSpecifications")
    void anInvalidSpecificationChangesNothingOnDiskAndReportsAnError(String label, JsonNode value) throws Exception {
        start(keyProperties(true));
        feedAndCheck(signed(list(entry("web", ""))));
        Files.createDirectories(root.resolve("mm_stray"));
        Map<String, String> before = snapshot();
        int errors = (int) published().stream().filter(n -> ((MachinesStateNotification) n.state()).previousOutcome() == MachinesState.ERROR).count();

        MachinesStateNotification s = feedAndCheck(value);

        assertThat(s.previousOutcome()).isEqualTo(MachinesState.ERROR);
        assertThat(s.rejected()).isTrue();
        assertThat(s.machines()).containsExactly("web");
        assertThat(snapshot()).isEqualTo(before);
        assertThat(machine.data().get("spec")).isEqualTo(value);
        await().until(() -> published().stream()
                .filter(n -> ((MachinesStateNotification) n.state()).previousOutcome() == MachinesState.ERROR).count() > errors);
        assertThat(root.resolve("evil")).doesNotExist();
        assertThat(root.getParent().resolve("mm_evil")).doesNotExist();
    }

    @Test
    void anEntryThisNodeCannotUseIsSkippedLeavingItsInstalledMachineAsItIsWhileTheOthersApply() throws Exception {
        List<SpecificationReport> reports = reporting();
        try (LogCapture log = LogCapture.of("mms.machine", Level.WARN)) {
            start(keyProperties(true));
            feedAndCheck(signed(list(entry("web", ""), entry("db", ""))));
            Files.createDirectories(root.resolve("db"));
            Files.writeString(root.resolve("db/machine.yaml"), "name: db\n"); // what its archive watcher installed
            Map<String, String> db = Map.of("mm_db", snapshot().get("mm_db"), "mm_db/machine.yaml",
                    snapshot().get("mm_db/machine.yaml"), "db", snapshot().get("db"), "db/machine.yaml",
                    snapshot().get("db/machine.yaml"));
            // a newer db whose checksum only the original's nodes can render, and a new machine
            String upgrade = """
                    {"name": "db", "source": "https://example.net/db-2.0.0.tgz", "verify_checksum": "%s",
                     "checksum": "{{ lookup('data.db_sum') }}"}""".formatted(SUM_B);

            MachinesStateNotification s = feedAndCheck(signed(list(entry("web", ""), upgrade, entry("api", ""))));

            assertThat(s.previousOutcome()).isEqualTo(MachinesState.UPDATED);
            assertThat(manager("api")).exists();
            assertThat(manager("web")).exists();
            assertThat(snapshot()).as("db neither upgraded nor purged").containsAllEntriesOf(db);
            assertThat(Files.readString(manager("db"))).contains("db-1.0.0.tgz").doesNotContain("db-2.0.0");
            assertThat(reports).last().satisfies(r -> {
                assertThat(r.outcome()).isEqualTo(SpecificationReport.Outcome.APPLIED);
                assertThat(r.wanted()).containsOnlyKeys("web", "api");
                assertThat(r.reason()).hasValueSatisfying(reason -> assertThat(reason).startsWith(
                        "skipped 1 of 3 entries this node cannot use, leaving their machines as they are: machine 1 'db':"
                                + " checksum: '{{ lookup(\\'data.db_sum\\') }}' is not a sha256 digest"));
            });

            assertThat(tickAndCheck().previousOutcome()).isEqualTo(MachinesState.UNCHANGED);
            assertThat(snapshot()).containsAllEntriesOf(db);
            assertThat(log.messages(Level.WARN)).as("warned once per specification")
                    .filteredOn(m -> m.contains("skipping machine db")).singleElement().satisfies(m -> assertThat(m)
                            .contains("leaving its machine as it is on this node: machine 1 'db': checksum: "));
        }
    }

    @Test
    void aSkippedSupervisedEntryKeepsItsRolloutAndItsManager() throws Exception {
        Map<String, Map<String, mms.watcher.RolloutReport>> rollouts = new java.util.concurrent.ConcurrentHashMap<>();
        services = services.withSpecifications(new mms.watcher.SpecificationReporter() {
            @Override
            public void report(SpecificationReport report) {
            }

            @Override
            public void rollouts(String machine, Map<String, mms.watcher.RolloutReport> reports) {
                rollouts.put(machine, reports);
            }
        });
        start(keyProperties(true));
        String health = ", \"health\": {\"states\": [\"running\"], \"within\": \"10m\"}}";
        feedAndCheck(signed(list(entry("app", "").replaceFirst("}$", health))));
        assertThat(rollouts.get("machine_manager")).containsKey("app");
        String manager = Files.readString(manager("app"));

        feedAndCheck(signed(list(entry("app", "").replaceFirst("}$", health).replace(SUM_A, "{{ .Sum }}"),
                entry("web", ""))));

        assertThat(manager("web")).exists();
        assertThat(Files.readString(manager("app"))).isEqualTo(manager);
        assertThat(rollouts.get("machine_manager")).as("its rollout is not forgotten").containsKey("app");
    }

    @Test
    void anEntryWithoutAReadableNameHoldsBackThePurgeButNotTheOtherEntries() throws Exception {
        Files.createDirectories(root.resolve("mm_old"));
        start(keyProperties(true));

        MachinesStateNotification s = feedAndCheck(signed(list(entry("web", ""), "{\"source\": \"https://example.net/x.tgz\"}")));

        assertThat(s.previousOutcome()).isEqualTo(MachinesState.UPDATED);
        assertThat(manager("web")).exists();
        assertThat(root.resolve("mm_old")).as("the unnamed entry could be it").isDirectory();
    }

    @Test
    void everyEntryOfADuplicatedNameLeavesThatMachineAsItIs() throws Exception {
        start(keyProperties(true));
        feedAndCheck(signed(list(entry("web", ""), entry("db", ""))));
        Map<String, String> before = snapshot();

        MachinesStateNotification s = feedAndCheck(signed(list(entry("web", ""), entry("web", "identity('^x')"))));

        assertThat(s.previousOutcome()).as("db is purged, web left as it is").isEqualTo(MachinesState.UPDATED);
        assertThat(root.resolve("mm_db")).doesNotExist();
        assertThat(snapshot().get("mm_web/machine.yaml")).isEqualTo(before.get("mm_web/machine.yaml"));
    }

    @Test
    void purgesManagersAndTheirMachinesThatAreNotWanted() throws Exception {
        for (String dir : List.of("mm_old", "old/sub", "mm_db", "db", "mm_", "mm_..x", "mm_web")) {
            Files.createDirectories(root.resolve(dir));
        }
        Files.writeString(root.resolve("old/sub/file"), "x");
        Files.writeString(root.resolve("unrelated"), "keep me");
        start(keyProperties(true));

        MachinesStateNotification s = feedAndCheck(signed(list(entry("web", ""), entry("db", "identity('^db')"))));

        assertThat(s.previousOutcome()).isEqualTo(MachinesState.UPDATED);
        assertThat(root.resolve("mm_old")).doesNotExist();
        assertThat(root.resolve("old")).doesNotExist();
        assertThat(root.resolve("mm_db")).doesNotExist();
        assertThat(root.resolve("db")).doesNotExist();
        assertThat(root.resolve("mm_")).isDirectory();
        assertThat(root.resolve("mm_..x")).isDirectory();
        assertThat(root.resolve("unrelated")).hasContent("keep me");
        assertThat(manager("web")).exists();
        try (Stream<Path> left = Files.list(root)) {
            assertThat(left.map(p -> p.getFileName().toString())).noneMatch(n -> n.startsWith(".purge"));
        }
    }

    @Test
    void aMatcherErrorNeitherDeploysNorPurges() throws Exception {
        Files.createDirectories(root.resolve("mm_flaky"));
        Files.writeString(root.resolve("mm_flaky/machine.yaml"), "old content");
        start(keyProperties(true));

        MachinesStateNotification s = feedAndCheck(signed(list(
                entry("flaky", "[true][has_file('/no/such/file') ? 0 : 3]"), entry("web", ""))));

        assertThat(s.previousOutcome()).isEqualTo(MachinesState.UPDATED);
        assertThat(root.resolve("mm_flaky/machine.yaml")).hasContent("old content");
        assertThat(manager("web")).exists();
    }

    @Test
    void aPatternThatFailsOnlyAtRunTimeNeitherDeploysNorPurges() throws Exception {
        Files.createDirectories(root.resolve("mm_flaky"));
        Files.writeString(root.resolve("mm_flaky/machine.yaml"), "old content");
        start(keyProperties(true));

        MachinesStateNotification s = feedAndCheck(signed(list(
                entry("flaky", "!identity('[' + 'web')"), entry("web", ""))));

        assertThat(s.previousOutcome()).isEqualTo(MachinesState.UPDATED);
        assertThat(root.resolve("mm_flaky/machine.yaml")).hasContent("old content");
        assertThat(manager("web")).exists();
    }

    @Test
    void aMatcherThatThrowsAnErrorNeitherDeploysNorPurgesNorStopsTheOtherEntries() throws Exception {
        Files.createDirectories(root.resolve("mm_flaky"));
        Files.writeString(root.resolve("mm_flaky/machine.yaml"), "old content");
        files = new FileProbe() {
            @Override
            public boolean exists(Path path) {
                throw new StackOverflowError();
            }

            @Override
            public boolean isDirectory(Path path) {
                throw new IllegalStateException("probe failed");
            }

            @Override
            public boolean isExecutable(Path path) {
                return false;
            }
        };
        start(keyProperties(true));

        MachinesStateNotification s = feedAndCheck(signed(list(entry("flaky", "has_file('/etc/flaky')"),
                entry("odd", "has_directory('/etc')"), entry("web", ""))));

        assertThat(s.previousOutcome()).isEqualTo(MachinesState.UPDATED);
        assertThat(root.resolve("mm_flaky/machine.yaml")).hasContent("old content");
        assertThat(root.resolve("mm_odd")).doesNotExist();
        assertThat(manager("web")).exists();
        assertThat(tickAndCheck().previousOutcome()).as("the watcher keeps running").isEqualTo(MachinesState.UNCHANGED);
    }

    @ParameterizedTest(name = "{1} in {0}")
    @org.junit.jupiter.params.provider.CsvSource({"manager, manager", "mm_self, self"})
    void refusesToDeployAnEntryIntoItsOwnMachineDirectory(String selfDirectory, String entryName) throws Exception {
        start(selfDirectory, keyProperties(true));
        String ownManifest = Files.readString(self.resolve("machine.yaml"));

        MachinesStateNotification s = feedAndCheck(signed(list(entry(entryName, ""), entry("web", ""))));

        assertThat(s.previousOutcome()).isEqualTo(MachinesState.ERROR);
        assertThat(s.rejected()).as("a trusted, valid specification this node cannot apply").isFalse();
        assertThat(self.resolve("machine.yaml")).hasContent(ownManifest);
        assertThat(root.resolve("mm_" + entryName).equals(self) || !Files.exists(root.resolve("mm_" + entryName))).isTrue();
        assertThat(manager("web")).exists();
    }

    @Test
    void withoutPurgeUnknownUnknownManagersStay() throws Exception {
        Files.createDirectories(root.resolve("mm_old"));
        start(keyProperties(false));

        feedAndCheck(signed(list(entry("web", ""))));

        assertThat(root.resolve("mm_old")).isDirectory();
    }

    @Test
    void anEmptyUnsignedSpecificationMayNotPurgeEverythingEvenWhenUnsignedOnesAreAllowed() throws Exception {
        Files.createDirectories(root.resolve("mm_web"));
        allowUnsigned();
        start("data_item: spec\npurge_unknown: true\n");

        MachinesStateNotification s = feedAndCheck(unsigned("[]"));

        assertThat(s.previousOutcome()).isEqualTo(MachinesState.ERROR);
        assertThat(root.resolve("mm_web")).isDirectory();
    }

    @Test
    void anEmptySignedSpecificationPurgesEveryManagedMachine() throws Exception {
        Files.createDirectories(root.resolve("mm_web"));
        Files.createDirectories(root.resolve("web"));
        start(keyProperties(true));

        MachinesStateNotification s = feedAndCheck(signed("null"));

        assertThat(s.previousOutcome()).isEqualTo(MachinesState.UPDATED);
        assertThat(s.machines()).isEmpty();
        assertThat(root.resolve("mm_web")).doesNotExist();
        assertThat(root.resolve("web")).doesNotExist();
        assertThat(self).isDirectory();
    }

    @Test
    void neverPurgesItsOwnMachineDirectory() throws Exception {
        start("mm_self", keyProperties(true));

        feedAndCheck(signed(list(entry("web", ""))));

        assertThat(self.resolve("machine.yaml")).exists();
    }

    @Test
    void theAgentsSigningKeyOverridesTheCompiledInKeyAndTheProperty() throws Exception {
        services = services.withTrust(Trust.of(Optional.of(OTHER_KEY.publicKey()), false));
        compiledKeys = List.of(KEY.publicKey());
        start(keyProperties(false));

        assertThat(feedAndCheck(signed(list(entry("web", "")))).previousOutcome()).isEqualTo(MachinesState.ERROR);
        assertThat(feedAndCheck(envelope(list(entry("web", "")), Optional.of(OTHER_KEY))).previousOutcome())
                .isEqualTo(MachinesState.UPDATED);
    }

    @Test
    void theCompiledInKeyOverridesTheProperty() throws Exception {
        compiledKeys = List.of(OTHER_KEY.publicKey());
        start(keyProperties(false));

        assertThat(feedAndCheck(signed(list(entry("web", "")))).previousOutcome()).isEqualTo(MachinesState.ERROR);
        assertThat(feedAndCheck(envelope(list(entry("web", "")), Optional.of(OTHER_KEY))).previousOutcome())
                .isEqualTo(MachinesState.UPDATED);
    }

    @Test
    void withoutAnyKeyEverySpecificationIsRefusedAndNothingChanges() throws Exception {
        Files.createDirectories(root.resolve("mm_old"));
        start("data_item: spec\npurge_unknown: true\n");

        assertThat(feedAndCheck(unsigned(list(entry("web", ""))))).satisfies(s -> {
            assertThat(s.previousOutcome()).isEqualTo(MachinesState.ERROR);
            assertThat(s.rejected()).isTrue();
        });
        assertThat(feedAndCheck(envelope(list(entry("db", "")), Optional.of(OTHER_KEY))).previousOutcome())
                .isEqualTo(MachinesState.ERROR);
        assertThat(root.resolve("mm_web")).doesNotExist();
        assertThat(root.resolve("mm_db")).doesNotExist();
        assertThat(root.resolve("mm_old")).isDirectory();
    }

    @Test
    void withAllowUnsignedAndNoKeySignaturesAreNotChecked() throws Exception {
        allowUnsigned();
        start("data_item: spec\n");

        assertThat(feedAndCheck(unsigned(list(entry("web", "")))).previousOutcome()).isEqualTo(MachinesState.UPDATED);
        assertThat(feedAndCheck(envelope(list(entry("web", ""), entry("db", "")), Optional.of(OTHER_KEY))).previousOutcome())
                .isEqualTo(MachinesState.UPDATED);
        assertThat(manager("db")).exists();
    }

    @Test
    void allowUnsignedNeverWeakensAConfiguredKey() throws Exception {
        allowUnsigned();
        start(keyProperties(false));

        assertThat(feedAndCheck(unsigned(list(entry("web", "")))).previousOutcome()).isEqualTo(MachinesState.ERROR);
        assertThat(root.resolve("mm_web")).doesNotExist();
    }

    @Test
    void theSameRefusalIsLoggedAndPublishedOnceButAnotherSpecificationIsNews() throws Exception {
        try (LogCapture log = LogCapture.of("mms.machine", Level.ERROR)) {
            start(keyProperties(false));
            int publishedBefore = published().size();

            assertThat(feedAndCheck(unsigned(list(entry("web", "")))).previousOutcome()).isEqualTo(MachinesState.ERROR);
            // other data changing wakes the watcher: it checks the same specification again, at the same time
            for (int i = 0; i < 3; i++) {
                MachinesStateNotification before = state();
                feed.last.put("unrelated", Json.mapper().valueToTree(i));
                await().until(() -> state() != before);
            }
            assertThat(log.messages(Level.ERROR)).filteredOn(m -> m.contains("not signed")).hasSize(1);
            assertThat(published()).hasSize(publishedBefore + 1);
            time.advance(MachinesWatcher.FAILURE_REMINDER);
            tickAndCheck();
            assertThat(log.messages(Level.ERROR)).filteredOn(m -> m.contains("still failing")).hasSize(1);
            assertThat(published()).hasSize(publishedBefore + 2);

            feedAndCheck(unsigned(list(entry("db", ""))));
            assertThat(log.messages(Level.ERROR)).filteredOn(m -> m.contains("not signed")
                    && m.contains("managing machines failed")).hasSize(2);
            assertThat(published()).hasSize(publishedBefore + 3);
        }
    }

    @Test
    void acceptsTheEnvelopeAsTextToo() throws Exception {
        start(keyProperties(false));

        assertThat(feedAndCheck(new TextNode(signed(list(entry("web", ""))).toString())).previousOutcome())
                .isEqualTo(MachinesState.UPDATED);
    }

    @Test
    void isSkippedOutsideItsStates() throws Exception {
        start(keyProperties(false));
        machine.transition("enter_maintenance");

        MachinesStateNotification s = feedAndCheck(signed(list(entry("web", ""))));

        assertThat(s.previousOutcome()).isEqualTo(MachinesState.SKIPPED);
        assertThat(root.resolve("mm_web")).doesNotExist();
    }

    @Test
    void removesStagingDirectoriesOfInterruptedWritesWhenItStarts() throws Exception {
        Files.createDirectories(root.resolve("mm_web-temp"));
        Files.writeString(root.resolve("mm_web-temp/machine.yaml"), "name: trunc");

        start("data_item: spec\n");

        assertThat(root.resolve("mm_web-temp")).doesNotExist();
    }

    // --- decisions reported to the agent

    /** Installs a reporter that keeps every decision, before the machine starts. */
    List<SpecificationReport> reporting() {
        List<SpecificationReport> reports = new CopyOnWriteArrayList<>();
        services = services.withSpecifications(reports::add);
        return reports;
    }

    @Test
    void reportsAnAppliedSpecificationWithItsDigestSignerAndWantedMachines() throws Exception {
        List<SpecificationReport> reports = reporting();
        start(keyProperties(false));
        JsonNode specification = signed(list(entry("web", "identity('^node1')"), entry("db", "identity('^db')")));

        feedAndCheck(specification);

        String digest = SpecificationDigest.of(specification);
        assertThat(reports).singleElement().satisfies(r -> {
            assertThat(r.machine()).isEqualTo("machine_manager");
            assertThat(r.dataItem()).isEqualTo("spec");
            assertThat(r.digest()).isEqualTo(digest).isEqualTo(mms.digest.Sha256.of(specification.toString()
                    .getBytes(StandardCharsets.UTF_8)));
            assertThat(r.signer()).contains(KEY.publicKey().hex());
            assertThat(r.outcome()).isEqualTo(SpecificationReport.Outcome.APPLIED);
            assertThat(r.reason()).isEmpty();
            assertThat(r.appliedDigest()).contains(digest);
            assertThat(r.wanted()).containsExactly(Map.entry("web", SUM_A));
            assertThat(r.decided()).isEqualTo(time.instant());
        });
    }

    @Test
    void reportsARejectionWithItsReasonAndTheDigestItStillRuns() throws Exception {
        List<SpecificationReport> reports = reporting();
        start(keyProperties(false));
        JsonNode good = signed(list(entry("web", "")));
        feedAndCheck(good);
        JsonNode foreign = envelope(list(entry("web", ""), entry("evil", "")), Optional.of(OTHER_KEY));

        feedAndCheck(foreign);

        assertThat(reports).hasSize(2).last().satisfies(r -> {
            assertThat(r.digest()).isEqualTo(SpecificationDigest.of(foreign));
            assertThat(r.outcome()).isEqualTo(SpecificationReport.Outcome.REJECTED);
            assertThat(r.reason()).hasValueSatisfying(reason -> assertThat(reason)
                    .startsWith("specification in data item spec refused (bad_signature), nothing changed: "));
            assertThat(r.signer()).isEmpty();
            assertThat(r.appliedDigest()).contains(SpecificationDigest.of(good));
            assertThat(r.wanted()).isEmpty();
        });
    }

    @Test
    void reportsEveryCheckThatFindsASpecificationEvenWhenNothingChanges() throws Exception {
        List<SpecificationReport> reports = reporting();
        start(keyProperties(false));
        feedAndCheck(signed(list(entry("web", ""))));

        tickAndCheck();

        assertThat(reports).hasSize(2).extracting(SpecificationReport::outcome)
                .containsOnly(SpecificationReport.Outcome.APPLIED);
        assertThat(reports.get(1).digest()).isEqualTo(reports.get(0).digest());
    }

    @Test
    void aValueThatIsNoEnvelopeIsReportedAsRejected() throws Exception {
        List<SpecificationReport> reports = reporting();
        start(keyProperties(false));

        feedAndCheck(Json.mapper().readTree("42"));

        assertThat(reports).singleElement().satisfies(r -> {
            assertThat(r.outcome()).isEqualTo(SpecificationReport.Outcome.REJECTED);
            assertThat(r.reason()).contains("data item spec does not hold a specification: expected an object, got"
                    + " number, nothing changed");
            assertThat(r.appliedDigest()).isEmpty();
        });
    }

    /**
     * The threats of issue 14 against a node under a trust document (K1, K2, K3, two must sign):
     * each is refused with its named reason, at the attack and at every later check, and leaves
     * the machines directory exactly as it was, the specification ledger included.
     */
    @Nested
    class ThreatMatrix {
        static final String PROPERTIES = "data_item: spec\npurge_unknown: true\ntrust_item: trust\n";
        static final Instant EXPIRES = Signers.ISSUED.plus(Duration.ofDays(30));
        static final TrustDocument V1 = Signers.trust(1, 2, Signers.publics(Signers.K1, Signers.K2, Signers.K3),
                Signers.K1, Signers.K2);
        /** K1 rotated out, K4 in: signed by two keys of version 1 and two of its own. */
        static final TrustDocument V2 = Signers.trust(2, 2, Signers.publics(Signers.K2, Signers.K3, Signers.K4),
                Signers.K2, Signers.K3, Signers.K4);
        static final String WEB = list(entry("web", ""));
        static final String DB = list(entry("db", ""));

        /** One attack: what is done first (not part of it), then the attack, which ends with the check it causes. */
        record Threat(String name, Refusal refusal, Step prepare, Step attack) {
            @Override
            public String toString() {
                return name;
            }
        }

        @FunctionalInterface
        interface Step {
            void run(ThreatMatrix matrix) throws Exception;
        }

        static JsonNode versioned(long serial, String machines, Optional<Instant> expires, String audience,
                                  Ed25519PrivateKey... signers) throws IOException {
            return Json.mapper().readTree(Signers.spec(serial, expires, audience, machines, signers).toJson());
        }

        static JsonNode versioned(long serial, String machines, Ed25519PrivateKey... signers) throws IOException {
            return versioned(serial, machines, Optional.of(EXPIRES), Trust.DEFAULT_AUDIENCE, signers);
        }

        static JsonNode json(TrustDocument document) throws IOException {
            return Json.mapper().readTree(document.toJson());
        }

        static Step feeding(String item, JsonNode value) {
            return m -> m.feed(item, value);
        }

        static final Step NOTHING = m -> { };

        static Stream<Threat> threats() throws IOException {
            return Stream.of(
                    new Threat("rollback: an older serial put back", Refusal.ROLLBACK, NOTHING,
                            feeding("spec", versioned(4, DB, Signers.K1, Signers.K2))),
                    new Threat("replay: the applied serial with other content", Refusal.REPLAY, NOTHING,
                            feeding("spec", versioned(5, DB, Signers.K1, Signers.K2))),
                    new Threat("freeze: a newer specification that expired", Refusal.EXPIRED,
                            m -> m.advanceAndCheck(Duration.ofDays(31)),
                            feeding("spec", versioned(6, DB, Signers.K1, Signers.K2))),
                    new Threat("freeze: the applied specification expired, no purge", Refusal.STALE, NOTHING,
                            m -> m.advanceAndCheck(Duration.ofDays(31))),
                    new Threat("a specification for another audience", Refusal.FOREIGN_AUDIENCE, NOTHING,
                            feeding("spec", versioned(6, DB, Optional.empty(), "staging", Signers.K1, Signers.K2))),
                    new Threat("too few signatures", Refusal.BELOW_THRESHOLD, NOTHING,
                            feeding("spec", versioned(6, DB, Signers.K1))),
                    new Threat("a signature by a removed key", Refusal.BELOW_THRESHOLD, feeding("trust", json(V2)),
                            feeding("spec", versioned(6, DB, Signers.K1, Signers.K2))),
                    new Threat("a trust rotation not signed by the threshold", Refusal.ROTATION_REFUSED, NOTHING,
                            m -> {
                                m.feed("trust", json(Signers.trust(2, 2, Signers.publics(Signers.K4, Signers.STRANGER),
                                        Signers.K1, Signers.K4, Signers.STRANGER)));
                                m.feed("spec", versioned(6, DB, Signers.K4, Signers.STRANGER));
                            }),
                    new Threat("the original's format under a trust document", Refusal.LEGACY_REFUSED, NOTHING,
                            feeding("spec", envelope(DB, Optional.of(Signers.K1)))));
        }

        @BeforeEach
        void trustVersionOne() {
            services = services.withTrust(Trust.NONE.withDocument(V1));
        }

        void feed(String item, JsonNode value) throws Exception {
            MachinesStateNotification before = state();
            feed.last.put(item, value);
            await().until(() -> state() != before);
        }

        void advanceAndCheck(Duration duration) {
            MachinesStateNotification before = state();
            time.advance(duration);
            await().until(() -> state() != before);
        }

        /** Serial 5 lists web, signed by K2 and K3, who stay trusted after the rotation to version 2. */
        void applyTheBaseline() throws Exception {
            start(PROPERTIES);
            assertThat(feedAndCheck(versioned(5, WEB, Signers.K2, Signers.K3)).previousOutcome())
                    .isEqualTo(MachinesState.UPDATED);
            assertThat(manager("web")).exists();
            assertThat(self.resolve(SpecificationLedger.FILE_NAME)).exists();
        }

        @ParameterizedTest(name = "{0}")
        @MethodSource("threats")
        void isRefusedWithItsNamedReasonAndChangesNothingOnDisk(Threat threat) throws Exception {
            applyTheBaseline();
            threat.prepare().run(this);
            Map<String, String> before = snapshot();

            threat.attack().run(this);

            assertThat(state().previousOutcome()).isEqualTo(MachinesState.ERROR);
            assertThat(machines.last.lastFailure()).hasValueSatisfying(m -> assertThat(m)
                    .startsWith("specification in data item spec refused (" + threat.refusal().wireName() + ")"));
            assertThat(snapshot()).isEqualTo(before);

            advanceAndCheck(Duration.ofHours(1));
            assertThat(state().previousOutcome()).isEqualTo(MachinesState.ERROR);
            assertThat(machines.last.lastFailure()).hasValueSatisfying(m -> assertThat(m)
                    .contains("(" + threat.refusal().wireName() + ")"));
            assertThat(snapshot()).isEqualTo(before);
            assertThat(manager("web")).exists();
            assertThat(root.resolve("mm_db")).doesNotExist();
        }

        @Test
        void aRotationIsAcceptedAndASpecificationSignedByTheNewKeysApplied() throws Exception {
            applyTheBaseline();

            feed("trust", json(V2));
            assertThat(state().previousOutcome()).isEqualTo(MachinesState.UNCHANGED);
            assertThat(SpecificationLedger.in(self).adopted("trust")).contains(V2);

            feed("spec", versioned(6, list(entry("web", ""), entry("db", "")), Signers.K3, Signers.K4));
            assertThat(state().previousOutcome()).isEqualTo(MachinesState.UPDATED);
            assertThat(manager("db")).exists();
            assertThat(SpecificationLedger.in(self).applied("spec")).hasValueSatisfying(a -> assertThat(a.serial()).isEqualTo(6));
        }

        @Test
        void theAppliedSpecificationKeepsRunningAfterARestartOnceItExpired() throws Exception {
            applyTheBaseline();
            machine.stop();
            time.advance(Duration.ofDays(31));

            start(PROPERTIES); // the specification is still in machine data: the first check finds it expired

            assertThat(machines.last.lastFailure()).hasValueSatisfying(m -> assertThat(m).contains("(stale)"));
            assertThat(manager("web")).exists();
        }

        @Test
        void aVersionedSpecificationIsAcceptedAsTextAndReportedOnceWhileItStaysRefused() throws Exception {
            applyTheBaseline();
            VersionedSpecification older = Signers.spec(4, Optional.of(EXPIRES), Trust.DEFAULT_AUDIENCE, DB,
                    Signers.K1, Signers.K2);

            feed("spec", new TextNode(older.toJson()));

            assertThat(machines.last.lastFailure()).hasValueSatisfying(m -> assertThat(m).contains("(rollback)"));
        }
    }
}
