package mms.cli;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import mms.json.Json;
import mms.kv.BucketConfig;
import mms.kv.ConnectOptions;
import mms.kv.KeyValueBucket;
import mms.kv.KeyValueStore;
import mms.kv.KeyValueStores;
import mms.kv.KvException;
import mms.spec.Keyring;
import mms.spec.Signers;
import mms.spec.Specification;
import mms.spec.TrustDocument;
import mms.spec.VersionedSpecification;
import mms.status.NodeStatus;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * {@code mms spec} on the embedded store: publish, show, diff, rollback, pause and resume as an
 * operator runs them, the nodes' status records written by hand (the fleet itself is
 * {@code SpecRolloutJetStreamTest}'s).
 */
class SpecWorkflowTest {
    static final String A = "a".repeat(64);
    static final String B = "b".repeat(64);
    static final String C = "c".repeat(64);
    static final String PLAN = ",\"rollout\":{\"waves\":[\"50%\",\"100%\"]}";

    @TempDir
    Path dir;
    String url;
    KeyValueStore store;
    KeyValueBucket bucket;
    Path signer;
    Path signerPublic;

    @BeforeEach
    void setUp() throws Exception {
        url = "sqlite:" + dir.resolve("kv.db");
        store = KeyValueStores.open(url, ConnectOptions.NONE);
        bucket = store.createBucket(BucketConfig.of("MACHINES").withHistory(10));
        signer = dir.resolve("signer.key");
        signerPublic = dir.resolve("signer.pub");
        Signers.K1.writeFile(signer);
        Files.writeString(signerPublic, Signers.K1.publicKey().hex());
    }

    @AfterEach
    void tearDown() {
        store.close();
    }

    static String entry(String name, String checksum, String extra) {
        return "{\"name\":\"" + name + "\",\"source\":\"https://repo.example.net/" + name + "-" + checksum.charAt(0)
                + ".tgz\",\"checksum\":\"" + checksum + "\",\"verify_checksum\":\"" + A + "\"" + extra + "}";
    }

    Path machines(String name, String... entries) throws Exception {
        return Files.writeString(dir.resolve(name), "[\n  " + String.join(",\n  ", entries) + "\n]\n");
    }

    /** {@code mms spec VERB ARGS} on this store, trusting {@link Signers#K1} as the nodes do. */
    CliRun spec(String verb, String... args) {
        List<String> all = new ArrayList<>(List.of("spec", verb, "--store", url));
        if (!verb.equals("diff")) {
            all.addAll(List.of("--signing-key", signerPublic.toString()));
        }
        all.addAll(Arrays.asList(args));
        return CliRun.run(all.toArray(String[]::new));
    }

    CliRun publish(Path file, String... args) {
        return spec("publish", Stream.concat(Stream.of(file.toString(), "--key", signer.toString()),
                Arrays.stream(args)).toArray(String[]::new));
    }

    VersionedSpecification stored() throws Exception {
        return VersionedSpecification.parse(bucket.require("machines").valueAsString());
    }

    long revisions() throws Exception {
        return bucket.history("machines").size();
    }

    /** A status record of a live node managed from MACHINES > machines that runs {@code machines}. */
    void node(String identity, String... machines) throws Exception {
        List<NodeStatus.MachineStatus> running = Arrays.stream(machines).map(m -> new NodeStatus.MachineStatus(m,
                Optional.of("1.0.0"), Optional.of("running"), Optional.of(A), Optional.of("verified"),
                Optional.of("MANAGE"), Optional.empty(), Optional.empty())).toList();
        Instant now = Instant.now();
        NodeStatus record = new NodeStatus(identity, "0.1.0", now, now, Duration.ofHours(1), false,
                Optional.of(new NodeStatus.SpecificationStatus("MACHINES", "machines", Optional.empty())), running, 0);
        store.createBucket(BucketConfig.of(NodeStatus.BUCKET)).put(NodeStatus.key(identity), record.toJson().getBytes(UTF_8));
    }

    // --- publish

    @Test
    void publishSignsTheNextSerialShowsTheChangesWithTheNodesThatRunThemAndPuts() throws Exception {
        Path first = machines("v1.json", entry("app", A, ""), entry("old", A, ""), entry("db", A, ""));
        assertThat(publish(first).exitCode()).isZero();
        node("web1", "app", "old", "db");
        node("web2", "app", "db");
        node("web3");

        Path second = machines("v2.json", entry("app", B, ""), entry("db", A, ""), entry("cache", A, ""),
                entry("api", A, ",\"match\":\"identity('^api')\""));
        CliRun run = publish(second);

        assertThat(run.exitCode()).as(run.out() + run.err()).isZero();
        assertThat(run.out()).contains(
                "Publishing " + second + " to MACHINES > machines: serial 2 for audience MACHINES/machines, issued ",
                "  trust      public key " + Signers.K1.publicKey().hex() + ": 1 of 1 key must sign\n",
                "  signature  " + Signers.K1.publicKey().keyId().abbreviated() + "...  valid (public key ",
                "Changes from revision 1 (serial 1) to serial 2:\n",
                "  + api: added, match identity('^api')\n"
                        + "      installs where its matcher is true (status records carry no facts: 3 managed nodes not"
                        + " counted)\n",
                "  + cache: added, no matcher\n      installs on every managed node: 3 nodes (web1, web2, web3)\n",
                "  - old: removed, purged from 1 node (web1) that runs it now\n",
                "  ~ app: upgraded, runs on 2 nodes (web1, web2) now\n"
                        + "      source    https://repo.example.net/app-a.tgz -> https://repo.example.net/app-b.tgz\n"
                        + "      checksum  aaaaaaaaaaaa… -> bbbbbbbbbbbb…\n",
                "  unchanged: db\n",
                "published specification serial 2 as MACHINES > machines revision 2 (digest ");
        VersionedSpecification stored = stored();
        assertThat(stored.serial()).isEqualTo(2);
        assertThat(stored.header().audience()).isEqualTo("MACHINES/machines");
        assertThat(new Keyring(List.of(Signers.K1.publicKey()), 1).check(stored.envelope()).met()).isTrue();
        assertThat(Json.mapper().readTree(stored.machines())).isEqualTo(Json.mapper().readTree(Files.readString(second)));
    }

    @Test
    void publishRefusesWhatNodesWouldRefuseAndPutsNothing() throws Exception {
        Path good = machines("good.json", entry("app", A, ""));
        assertThat(publish(good).exitCode()).isZero();
        Path invalid = machines("bad.json", entry("app", "A1", ""));
        Path other = dir.resolve("other.key");
        Signers.STRANGER.writeFile(other);

        CliRun invalidRun = publish(invalid);
        CliRun foreignKey = spec("publish", good.toString(), "--key", other.toString());
        CliRun noTrust = CliRun.run("spec", "publish", good.toString(), "--key", signer.toString(), "--store", url);
        CliRun oldSerial = publish(good, "--serial", "1");

        assertThat(invalidRun.exitCode()).isEqualTo(1);
        assertThat(invalidRun.err()).contains("error: machine 0 'app': checksum: 'A1' is not a sha256 digest",
                "mms: invalid machines specification " + invalid + ": 1 error, nothing published");
        assertThat(foreignKey.exitCode()).isEqualTo(1);
        assertThat(foreignKey.err()).startsWith("mms: specification serial 2 is not signed as nodes require: public key "
                + Signers.K1.publicKey().hex() + ": 0 valid signatures of the 1 required (")
                .contains("not a trusted key").endsWith("; nothing published\n");
        assertThat(noTrust.err()).startsWith("mms: no trusted public key configured, so what nodes will accept cannot be"
                + " checked: set the nodes' trust_file or signing_key");
        assertThat(oldSerial.err()).isEqualTo("mms: serial 1 is not above serial 1, the highest MACHINES > machines"
                + " keeps: nodes would refuse it as a rollback or a replay; nothing published\n");
        assertThat(revisions()).isEqualTo(1);
    }

    @Test
    void publishReplacesAValueNoNodeCanRead() throws Exception {
        bucket.put("machines", "{\"machines\":\"not base64!\"}".getBytes(UTF_8));

        CliRun run = publish(machines("v1.json", entry("app", A, "")));

        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out()).contains("Changes from revision 1 (unreadable) to serial 1:\n  + app: added");
        assertThat(stored().serial()).isEqualTo(1);
    }

    @Test
    void dryRunShowsTheChangesAndPutsNothing() throws Exception {
        assertThat(publish(machines("v1.json", entry("app", A, ""))).exitCode()).isZero();

        CliRun run = publish(machines("v2.json", entry("app", B, "")), "--dry-run", "--expires", "30d");

        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out()).contains(", expires ", "  ~ app: upgraded, no node runs it now\n", "dry run: nothing put\n");
        assertThat(revisions()).isEqualTo(1);
    }

    @Test
    void publishPutsOnlyOnTheRevisionItComparedWith() throws Exception {
        assertThat(publish(machines("v1.json", entry("app", A, ""))).exitCode()).isZero();
        SpecPublishCommand command = new SpecPublishCommand();
        CommandLine cli = new CommandLine(command);
        cli.setOut(new PrintWriter(new StringWriter()));
        cli.parseArgs("x.json", "--store", url, "--signing-key", signerPublic.toString(), "--key", signer.toString());
        byte[] next = Files.readAllBytes(machines("v2.json", entry("app", B, "")));

        CliException refused = catchThrowableOfType(CliException.class,
                () -> Publication.run(command.options, command.spec, history -> {
                    try { // between the comparison and the put
                        bucket.put("machines", "another operator's".getBytes(UTF_8));
                    } catch (KvException e) {
                        throw new IllegalStateException(e);
                    }
                    return new Publication.Plan.Machines("v2.json", next);
                }));

        assertThat(refused).hasMessage("MACHINES > machines changed while this was being published (its last revision"
                + " was 1 when compared): nothing published; compare again with mms spec diff and publish again");
        assertThat(bucket.require("machines").valueAsString()).isEqualTo("another operator's");
    }

    @Test
    void publishesASpecificationSignedOfflineAgainstATrustDocumentAndTheNewerOneInTheStore() throws Exception {
        TrustDocument v1 = Signers.trust(1, 2, Signers.publics(Signers.K1, Signers.K2, Signers.K3), Signers.K1, Signers.K2);
        Path trustFile = Files.writeString(dir.resolve("trust.json"), v1.toJson());
        Path k2 = dir.resolve("k2.key");
        Signers.K2.writeFile(k2);
        Path offline = dir.resolve("spec.json");
        Files.writeString(offline, Signers.spec(7, Optional.empty(), "MACHINES/machines", Signers.MACHINES, Signers.K1)
                .toJson());
        String[] trust = {"--trust-file", trustFile.toString()};

        CliRun oneSignature = CliRun.run("spec", "publish", offline.toString(), "--store", url, trust[0], trust[1]);
        CliRun twoSignatures = CliRun.run("spec", "publish", offline.toString(), "--key", k2.toString(), "--store", url,
                trust[0], trust[1]);
        // K1 leaves in version 2: a specification K1 and K2 signed satisfies version 1 but not version 2
        bucket.put("trust", Signers.trust(2, 2, Signers.publics(Signers.K2, Signers.K3, Signers.K4),
                Signers.K2, Signers.K3, Signers.K4).toJson().getBytes(UTF_8));
        Path next = machines("v2.json", entry("web", B, ""));
        CliRun afterRotation = CliRun.run("spec", "publish", next.toString(), "--key", signer.toString(), "--key",
                k2.toString(), "--store", url, trust[0], trust[1]);

        assertThat(oneSignature.exitCode()).isEqualTo(1);
        assertThat(oneSignature.err()).contains("trust document version 1: 1 valid signature of the 2 required");
        assertThat(twoSignatures.exitCode()).as(twoSignatures.err()).isZero();
        assertThat(stored().serial()).isEqualTo(7);
        assertThat(afterRotation.exitCode()).isEqualTo(1);
        assertThat(afterRotation.err()).contains("specification serial 8 is not signed as nodes require: trust document"
                + " version 2 in MACHINES > trust: 1 valid signature of the 2 required");
    }

    // --- rollback, pause, resume

    @Test
    void rollbackPublishesAnEarlierRevisionsMachinesAgainWithAHigherSerial() throws Exception {
        Path v1 = machines("v1.json", entry("app", A, ""));
        assertThat(publish(v1).exitCode()).isZero();
        assertThat(publish(machines("v2.json", entry("app", B, ""))).exitCode()).isZero();
        assertThat(publish(machines("v3.json", entry("app", C, ""))).exitCode()).isZero();

        CliRun previous = spec("rollback", "--key", signer.toString());
        CliRun first = spec("rollback", "--revision", "1", "--key", signer.toString());
        CliRun again = spec("rollback", "--revision", "5", "--key", signer.toString());
        CliRun gone = spec("rollback", "--revision", "9", "--key", signer.toString());

        assertThat(previous.exitCode()).as(previous.err()).isZero();
        assertThat(previous.out()).contains("Publishing revision 2 (serial 2) again to MACHINES > machines: serial 4",
                "Changes from revision 3 (serial 3) to serial 4:", "checksum  cccccccccccc… -> bbbbbbbbbbbb…");
        assertThat(first.out()).contains("Publishing revision 1 (serial 1) again to MACHINES > machines: serial 5");
        VersionedSpecification stored = stored();
        assertThat(stored.serial()).isEqualTo(5);
        assertThat(stored.machines()).isEqualTo(VersionedSpecification.parse(bucket.history("machines").getFirst()
                .valueAsString()).machines());
        assertThat(again.exitCode()).isZero();
        assertThat(again.out()).isEqualTo("revision 5 is the current one; nothing published\n");
        assertThat(gone.err()).isEqualTo("mms: MACHINES > machines keeps no revision 9: it keeps revisions 1, 2, 3, 4, 5\n");
    }

    @Test
    void rollbackReSignsARevisionInTheOriginalsFormat() throws Exception {
        bucket.put("machines", Specification.pack(Signers.MACHINES.getBytes(UTF_8), Optional.of(Signers.K1)).toJson()
                .getBytes(UTF_8));
        assertThat(publish(machines("v2.json", entry("web", B, ""))).exitCode()).isZero();

        CliRun run = spec("rollback", "--key", signer.toString());

        assertThat(run.out()).contains("Publishing revision 1 (the original's format) again to MACHINES > machines:"
                + " serial 2");
        assertThat(Json.mapper().readTree(stored().machines())).isEqualTo(Json.mapper().readTree(Signers.MACHINES));
    }

    @Test
    void pauseAndResumeRepublishTheSpecificationWithTheFlagSignedWithANewSerial() throws Exception {
        assertThat(publish(machines("v1.json", entry("web", A, PLAN), entry("api", A, PLAN), entry("db", A, "")))
                .exitCode()).isZero();

        CliRun paused = spec("pause", "--key", signer.toString());
        JsonNode afterPause = Json.mapper().readTree(stored().machines());
        CliRun again = spec("pause", "web", "--key", signer.toString());
        CliRun resumed = spec("resume", "api", "--key", signer.toString());
        JsonNode afterResume = Json.mapper().readTree(stored().machines());
        CliRun noPlan = spec("pause", "db", "--key", signer.toString());
        CliRun unknown = spec("resume", "cache", "--key", signer.toString());

        assertThat(paused.exitCode()).as(paused.err()).isZero();
        assertThat(paused.out()).contains("Publishing revision 1 (serial 1) with the rollout of web, api paused to"
                + " MACHINES > machines: serial 2", "  ~ api: changed, no node runs it now\n"
                + "      rollout.paused  (none) -> true\n", "  unchanged: db\n");
        assertThat(afterPause.findValues("paused")).extracting(JsonNode::booleanValue).containsExactly(true, true);
        assertThat(again.out()).isEqualTo("the rollout of web in revision 2 (serial 2) is paused already; nothing"
                + " published\n");
        assertThat(resumed.exitCode()).isZero();
        assertThat(afterResume.get(0).at("/rollout/paused").booleanValue()).isTrue();
        assertThat(afterResume.get(1).at("/rollout/paused").booleanValue()).isFalse();
        assertThat(afterResume.get(1).at("/rollout/waves").toString()).isEqualTo("[\"50%\",\"100%\"]");
        assertThat(stored().serial()).isEqualTo(3);
        assertThat(noPlan.err()).startsWith("mms: entry 'db' has no rollout plan to pause");
        assertThat(unknown.err()).isEqualTo("mms: no entry named 'cache' in the specification (entries: web, api, db);"
                + " nothing published\n");
        assertThat(revisions()).isEqualTo(3);
    }

    // --- show, diff, --wait

    @Test
    void showDecodesTheSpecificationWithItsSignerAndJsonPrintsWhatCanBePublishedAgain() throws Exception {
        Path v1 = machines("v1.json", entry("web", A, ",\"username\":\"u\",\"password\":\"secret\"" + PLAN));
        assertThat(publish(v1).exitCode()).isZero();
        assertThat(spec("pause", "--key", signer.toString()).exitCode()).isZero();

        CliRun shown = spec("show");
        CliRun first = spec("show", "--revision", "1", "--json");

        assertThat(shown.exitCode()).as(shown.err()).isZero();
        assertThat(shown.out()).startsWith("Specification MACHINES > machines: revision 2 (current), put ")
                .contains("  serial     2\n", "  expires    never\n", "  audience   MACHINES/machines (the nodes')\n",
                        "  trust      public key " + Signers.K1.publicKey().hex() + ": 1 of 1 key must sign: met\n",
                        "  machines   web\n", "  paused     web (mms spec resume lets them go on)\n",
                        "\"password\" : \"(hidden)\"")
                .doesNotContain("secret");
        assertThat(Json.mapper().readTree(first.out())).isEqualTo(Json.mapper().readTree(Files.readString(v1)));
        Files.writeString(dir.resolve("again.json"), first.out());
        assertThat(spec("diff", "@1", dir.resolve("again.json").toString()).out())
                .startsWith("No change from revision 1 (serial 1) to " + dir.resolve("again.json"));
    }

    @Test
    void diffComparesTheLastPublicationARevisionWithAFileAndAnyTwoAsJson() throws Exception {
        assertThat(publish(machines("v1.json", entry("app", A, ",\"password\":\"one\""))).exitCode()).isZero();
        assertThat(publish(machines("v2.json", entry("app", B, ",\"password\":\"two\""))).exitCode()).isZero();
        node("web1", "app");
        Path next = machines("v3.json", entry("app", B, ",\"password\":\"two\""), entry("db", A, ""));

        CliRun last = spec("diff");
        CliRun file = spec("diff", next.toString());
        CliRun json = spec("diff", "@1", "@2", "--json");
        CliRun bad = spec("diff", "@x");

        assertThat(last.out()).isEqualTo("""
                Changes from revision 1 (serial 1) to revision 2 (serial 2):
                  ~ app: upgraded, runs on 1 node (web1) now
                      source    https://repo.example.net/app-a.tgz -> https://repo.example.net/app-b.tgz
                      checksum  aaaaaaaaaaaa… -> bbbbbbbbbbbb…
                      password  (hidden) -> (hidden)
                """);
        assertThat(file.out()).isEqualTo("Changes from revision 2 (serial 2) to " + next + ":\n"
                + "  + db: added, no matcher\n      installs on every managed node: 1 node (web1)\n"
                + "  unchanged: app\n");
        JsonNode changes = Json.mapper().readTree(json.out());
        assertThat(changes.get("from").asText()).isEqualTo("revision 1 (serial 1)");
        assertThat(changes.at("/changed/0/upgraded").booleanValue()).isTrue();
        assertThat(changes.at("/changed/0/nodes").toString()).isEqualTo("[\"web1\"]");
        assertThat(changes.at("/changed/0/members/1").toString())
                .isEqualTo("{\"member\":\"checksum\",\"from\":\"" + A + "\",\"to\":\"" + B + "\"}");
        assertThat(json.out()).doesNotContain("one", "two");
        assertThat(bad.exitCode()).isEqualTo(2);
    }

    @Test
    void publishWaitFollowsTheRolloutAsFleetStatusDoes() throws Exception {
        CliRun run = publish(machines("v1.json", entry("app", A, "")), "--wait", "--timeout", "1s");

        assertThat(run.exitCode()).isEqualTo(FleetWait.TIMED_OUT);
        assertThat(run.out()).contains("published specification serial 1 as MACHINES > machines revision 1",
                "waiting for MACHINES > machines revision 1", "0 of 0 converged");
        assertThat(run.err()).isEqualTo("mms: revision 1 not converged after 1s: no live node reports being managed"
                + " from it\n");
        assertThat(revisions()).isEqualTo(1);
    }

    @Test
    void commandsNameWhatIsMissing() throws Exception {
        store.removeBucket("MACHINES");

        CliRun noBucket = publish(machines("v1.json", entry("app", A, "")));
        store.createBucket(BucketConfig.of("MACHINES"));
        CliRun nothingToShow = spec("show");
        CliRun nothingToRollBack = spec("rollback", "--key", signer.toString());
        CliRun usage = publish(machines("v1.json", entry("app", A, "")), "--dry-run", "--wait");

        assertThat(noBucket.err()).isEqualTo("mms: bucket MACHINES not found in " + url + ": create it once with mms kv"
                + " add MACHINES --history 10 (rollback reaches back as far as its history); nothing published\n");
        assertThat(nothingToShow.err()).isEqualTo("mms: MACHINES > machines holds no specification\n");
        assertThat(nothingToRollBack.err()).isEqualTo("mms: MACHINES > machines holds no specification to roll back\n");
        assertThat(usage.exitCode()).isEqualTo(2);
        assertThat(store.bucket("MACHINES").history("machines")).isEmpty();
    }
}
