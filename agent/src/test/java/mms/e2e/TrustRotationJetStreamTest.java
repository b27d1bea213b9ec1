package mms.e2e;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import mms.archive.bundle.MachineBundle;
import mms.kv.BucketConfig;
import mms.kv.ConnectOptions;
import mms.kv.KeyValueBucket;
import mms.kv.KeyValueStore;
import mms.kv.KeyValueStores;
import mms.kv.testing.NatsServerExtension;
import mms.spec.Ed25519PrivateKey;
import mms.spec.Refusal;
import mms.spec.Signers;
import mms.spec.SpecificationLedger;
import mms.spec.Trust;
import mms.spec.TrustDocument;
import mms.spec.VersionedSpecification;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/**
 * Versioned specifications and a trust rotation end to end: a real agent (host, built-in manager
 * machine with its kv watchers, machines and archive watchers) on a real nats-server, under a
 * trust document of three keys with a threshold of two. An old specification put back and one
 * signed with a key the rotation removed are refused with their reasons in the log, the
 * machines directory untouched and the running version kept; the rotation, published in the
 * bucket's {@code trust} key, is adopted, and a specification signed by the new keys installs.
 */
class TrustRotationJetStreamTest {
    @RegisterExtension
    static final NatsServerExtension NATS = new NatsServerExtension();

    static final Duration WAIT = Duration.ofSeconds(60);
    static final TrustDocument V1 = Signers.trust(1, 2, Signers.publics(Signers.K1, Signers.K2, Signers.K3),
            Signers.K1, Signers.K2);
    /** K1 leaves, K4 comes: signed by two keys of version 1 (K2, K3) and two of its own (K2, K3, K4). */
    static final TrustDocument V2 = Signers.trust(2, 2, Signers.publics(Signers.K2, Signers.K3, Signers.K4),
            Signers.K2, Signers.K3, Signers.K4);

    @TempDir
    Path dir;
    Path machines;
    Operator operator;
    KeyValueStore store;
    KeyValueBucket bucket;
    Agent agent;
    final Logger machineLog = (Logger) LoggerFactory.getLogger("mms.machine");
    final ListAppender<ILoggingEvent> logged = new ListAppender<>();

    @BeforeEach
    void setUp() throws Exception {
        logged.start();
        machineLog.addAppender(logged);
        machines = dir.resolve("machines");
        operator = new Operator(dir.resolve("operator"));
        store = KeyValueStores.open(NATS.url(), ConnectOptions.NONE);
        String name = NatsServerExtension.uniqueBucket("MACHINES");
        bucket = store.createBucket(BucketConfig.of(name).withHistory(5));
        agent = Agent.start(machines, store, name, new Agent.Options("watch", Duration.ofMinutes(1),
                Trust.NONE.withDocument(V1), e -> { }));
    }

    @AfterEach
    void tearDown() {
        machineLog.detachAppender(logged);
        try {
            agent.close();
        } finally {
            try {
                store.close();
            } finally {
                operator.close();
            }
        }
    }

    static String spec(long serial, ObjectNode entry, Ed25519PrivateKey... signers) {
        return Signers.spec(serial, Optional.of(Instant.now().plus(Duration.ofDays(30))), Trust.DEFAULT_AUDIENCE,
                new String(Operator.machinesJson(entry), UTF_8), signers).toJson();
    }

    void put(String key, String value) throws Exception {
        bucket.put(key, value.getBytes(UTF_8));
    }

    /** Waits for the manager to log the refusal of {@code serial}, then checks that nothing changed. */
    void awaitRefusal(Refusal refusal, long serial, Map<String, String> before) throws Exception {
        String line = Agent.MANAGER + "#manage_machines: managing machines failed: specification in data item machines"
                + " refused (" + refusal.wireName() + "), nothing changed: specification serial " + serial + " ";
        await().atMost(WAIT).until(() -> logged.list.stream().anyMatch(e -> e.getFormattedMessage().startsWith(line)));
        assertThat(MachinesSnapshot.of(machines)).isEqualTo(before);
        assertThat(agent.running("app", "1.0.0")).isPresent();
    }

    SpecificationLedger ledger() {
        return SpecificationLedger.in(machines.resolve(Agent.MANAGER));
    }

    @Test
    void refusesARollbackAndARemovedKeyAndAppliesWhatTheRotatedKeysSigned() throws Exception {
        MachineBundle v1 = operator.bundle("app", "1.0.0");
        MachineBundle v2 = operator.bundle("app", "2.0.0");
        put(Agent.KEY, spec(2, Operator.entry(v1), Signers.K1, Signers.K2));
        await().atMost(WAIT).until(() -> agent.running("app", "1.0.0").isPresent());
        assertThat(ledger().applied(Agent.KEY)).hasValueSatisfying(a -> assertThat(a.serial()).isEqualTo(2));

        Map<String, String> installed = MachinesSnapshot.of(machines);
        put(Agent.KEY, spec(1, Operator.entry(v2), Signers.K1, Signers.K2));
        awaitRefusal(Refusal.ROLLBACK, 1, installed);

        put(TrustDocument.STORE_KEY, V2.toJson());
        await().atMost(WAIT).until(() -> logged.list.stream().anyMatch(e -> e.getFormattedMessage().equals(Agent.MANAGER
                + "#manage_machines: adopted trust document version 2 from data item trust: 2 of 3 keys must sign")));
        assertThat(ledger().adopted(TrustDocument.STORE_KEY)).contains(V2);

        Map<String, String> rotated = MachinesSnapshot.of(machines);
        put(Agent.KEY, spec(3, Operator.entry(v2), Signers.K1, Signers.K2));
        awaitRefusal(Refusal.BELOW_THRESHOLD, 3, rotated);
        assertThat(operator.downloads(v2)).isZero();

        String byNewKeys = spec(3, Operator.entry(v2), Signers.K3, Signers.K4);
        put(Agent.KEY, byNewKeys);
        await().atMost(WAIT).until(() -> agent.running("app", "2.0.0").isPresent());
        assertThat(machines.resolve("app").resolve("release.txt")).content(UTF_8).isEqualTo("app 2.0.0\n");
        String digest = VersionedSpecification.parse(byNewKeys).payloadDigest();
        assertThat(ledger().applied(Agent.KEY)).hasValueSatisfying(a -> {
            assertThat(a.serial()).isEqualTo(3);
            assertThat(a.digest()).isEqualTo(digest);
        });
    }
}
