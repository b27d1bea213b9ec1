package mms.agent;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;
import mms.archive.bundle.MachineBundle;
import mms.config.AgentConfig;
import mms.config.Setting;
import mms.e2e.Operator;
import mms.kv.BucketConfig;
import mms.kv.ConnectOptions;
import mms.kv.KeyValueBucket;
import mms.kv.KeyValueStore;
import mms.kv.KeyValueStores;
import mms.kv.testing.LogCapture;
import mms.spec.Ed25519PrivateKey;
import mms.spec.KeyFormatException;
import mms.status.NodeStatus;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What a managing agent writes is private to its user, and the secrets of a specification (a
 * download password, a token in a source URL) reach only the manager manifest that needs them:
 * never a log line, an event, a status record or an error message.
 */
class SecretsAndModesTest {
    private static final String PASSWORD = "pw-Zq8xK3vLm";
    private static final String TOKEN = "tok-Yr7wP2nHs";
    private static final Set<PosixFilePermission> GROUP_OR_OTHERS = Set.copyOf(
            PosixFilePermissions.fromString("---rwxrwx"));

    @TempDir
    Path node;

    @Test
    void aManagingAgentKeepsItsFilesPrivateAndItsSecretsOutOfLogsEventsAndStatus() throws Exception {
        Path machines = node.resolve("machines");
        Path events = node.resolve("log/events.jsonl");
        Path db = node.resolve("state/kv.db");
        List<ILoggingEvent> logged;
        try (Operator operator = new Operator(node.resolve("operator"));
             LogCapture log = LogCapture.of("mms", Level.DEBUG)) {
            MachineBundle app = operator.bundle("app", "1.0.0");
            ObjectNode installs = Operator.entry(app);
            installs.put("source", app.source() + "?token=" + TOKEN);
            installs.put("username", "deployer");
            installs.put("password", PASSWORD);
            ObjectNode fails = Operator.entry(operator.bundle("broken", "1.0.0"));
            fails.put("source", app.source().replace("app-1.0.0", "missing") + "?token=" + TOKEN);
            fails.put("username", "deployer");
            fails.put("password", PASSWORD);
            try (KeyValueStore store = KeyValueStores.open("sqlite:" + db, ConnectOptions.NONE)) {
                store.createBucket(BucketConfig.of("MACHINES")).put("machines",
                        operator.signed(installs, fails).getBytes(UTF_8));
            }
            try (Agent agent = Agent.start(config(operator))) {
                // the status record carries the failing download's error, which names its source
                await().atMost(Duration.ofSeconds(60)).until(() -> Files.exists(machines.resolve("app/machine.yaml"))
                        && statusRecords(db).contains("missing.tar.gz"));
            }
            logged = log.events();
        }

        assertThat(Files.readString(machines.resolve("mm_app/machine.yaml")))
                .as("the manager holds what its archive watcher needs").contains(PASSWORD, TOKEN);
        List<String> places = new ArrayList<>();
        for (ILoggingEvent e : logged) {
            places.add("log: " + e.getFormattedMessage());
            for (IThrowableProxy t = e.getThrowableProxy(); t != null; t = t.getCause()) {
                places.add("log exception: " + t.getMessage());
            }
        }
        places.add("events file: " + Files.readString(events));
        // status records, and whatever else is stored in plain text (the specification's entries are base64)
        places.add("store: " + new String(Files.readAllBytes(db), UTF_8));
        if (Files.exists(Path.of(db + "-wal"))) {
            places.add("store wal: " + new String(Files.readAllBytes(Path.of(db + "-wal")), UTF_8));
        }
        assertThat(places).as("the logs, events and store name the failing source")
                .anyMatch(p -> p.startsWith("log: ") && p.contains("missing.tar.gz"))
                .anyMatch(p -> p.startsWith("events file: ") && p.contains("missing.tar.gz"));
        assertThat(places).noneMatch(p -> p.contains(PASSWORD)).noneMatch(p -> p.contains(TOKEN));

        Map<Path, String> exposed = new java.util.TreeMap<>();
        try (Stream<Path> all = Stream.of(Files.walk(node.resolve("state")), Files.walk(node.resolve("log")),
                Files.walk(machines)).flatMap(s -> s)) {
            // the installed machine's own files have the modes its archive gives them
            all.filter(p -> !p.startsWith(machines.resolve("app")) && !Files.isSymbolicLink(p)).forEach(p -> {
                try {
                    Set<PosixFilePermission> modes = Files.getPosixFilePermissions(p, LinkOption.NOFOLLOW_LINKS);
                    if (modes.stream().anyMatch(GROUP_OR_OTHERS::contains)) {
                        exposed.put(node.relativize(p), PosixFilePermissions.toString(modes));
                    }
                } catch (java.io.IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            });
        }
        assertThat(exposed).as("files and directories others could read").isEmpty();
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(db))).isEqualTo("rw-------");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(node.resolve("state"))))
                .isEqualTo("rwx------");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(events))).isEqualTo("rw-------");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(machines.resolve("tmp/app"))))
                .isEqualTo("rwx------");
    }

    @Test
    void existingFilesOthersCanReadAreReportedNotChanged() throws Exception {
        Path state = Files.createDirectories(node.resolve("state"));
        Path db = state.resolve("kv.db");
        Path events = node.resolve("events.jsonl");
        for (Path file : List.of(db, events)) {
            Files.createFile(file);
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));
        }
        Files.setPosixFilePermissions(state, PosixFilePermissions.fromString("rwxr-xr-x"));
        try (LogCapture log = LogCapture.of("mms", Level.WARN)) {
            try (Operator operator = new Operator(node.resolve("operator"));
                 Agent agent = Agent.start(config(operator))) {
                assertThat(agent.status().machines()).isNotNull();
            }
            assertThat(log.messages(Level.WARN))
                    .anyMatch(m -> m.startsWith("sqlite store file " + db + " has mode rw-r--r--"))
                    .anyMatch(m -> m.startsWith("the directory of sqlite store " + state + " has mode rwxr-xr-x"))
                    .anyMatch(m -> m.startsWith("events file " + events + " has mode rw-r--r--"));
        }
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(db))).isEqualTo("rw-r--r--");
    }

    @Test
    void aMalformedPrivateKeyFileIsNotQuotedAndAReadableOneIsReported() throws Exception {
        String secret = "9f".repeat(20); // hex, but not a key's length
        Path file = Files.writeString(node.resolve("signer.key"), secret + "\n");
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r-----"));
        try (LogCapture log = LogCapture.of("mms", Level.WARN)) {
            assertThatThrownBy(() -> Ed25519PrivateKey.readFile(file)).isInstanceOf(KeyFormatException.class)
                    .hasMessageContaining(file.toString()).message().doesNotContain(secret);
            assertThat(log.messages(Level.WARN)).containsExactly("private key file " + file
                    + " has mode rw-r-----: users other than the agent's can use it; chmod 600 it to keep it private"
                    + " to the agent's user");
        }
    }

    private AgentConfig config(Operator operator) throws Exception {
        Map<Setting, String> flags = new EnumMap<>(Setting.class);
        flags.put(Setting.IDENTITY, "node1");
        flags.put(Setting.MACHINES, node.resolve("machines").toString());
        flags.put(Setting.STATE_DIR, node.resolve("state").toString());
        flags.put(Setting.EVENTS_FILE, node.resolve(Files.exists(node.resolve("events.jsonl"))
                ? "events.jsonl" : "log/events.jsonl").toString());
        flags.put(Setting.MANAGE, "true");
        flags.put(Setting.SIGNING_KEY, operator.key().publicKey().hex());
        flags.put(Setting.STATUS_INTERVAL, "1s");
        return AgentConfig.resolve(Optional.empty(), Map.of(), flags);
    }

    /** The node's status records, as stored. */
    private static String statusRecords(Path db) throws Exception {
        try (KeyValueStore store = KeyValueStores.open("sqlite:" + db, ConnectOptions.NONE)) {
            KeyValueBucket bucket = store.bucket(NodeStatus.BUCKET);
            StringBuilder records = new StringBuilder();
            for (String key : bucket.keys()) {
                bucket.get(key).ifPresent(e -> records.append(new String(e.value(), UTF_8)));
            }
            return records.toString();
        } catch (mms.kv.BucketNotFound e) {
            return "";
        }
    }
}
