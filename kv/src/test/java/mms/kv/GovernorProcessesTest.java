package mms.kv;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import mms.kv.testing.NatsCluster;
import mms.kv.testing.NatsServerExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Governors shared by separate processes: child JVMs running {@link GovernorContender}, a holder
 * killed with SIGKILL, and a three-node JetStream cluster losing a node.
 */
class GovernorProcessesTest {
    @RegisterExtension
    static final NatsServerExtension NATS = new NatsServerExtension();

    private static final int CONTENDERS = 20;
    private static final int CAPACITY = 3;

    @TempDir
    Path dir;

    private String url(String store) {
        return store.equals("nats") ? NATS.url() : "sqlite:" + dir.resolve("kv.db");
    }

    private Process child(String... args) throws IOException {
        return new ProcessBuilder(childCommand(args)).redirectErrorStream(true)
                .redirectOutput(dir.resolve("child-" + System.nanoTime() + ".log").toFile()).start();
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"nats", "sqlite"})
    void twentyProcessesNeverExceedTheCapacityAndAllAreServed(String store) throws Exception {
        String name = "procs_" + store + "_" + ProcessHandle.current().pid();
        try (KeyValueStore s = KeyValueStores.open(url(store), ConnectOptions.NONE)) {
            GovernorStorage g = s.governors();
            g.add(name, CAPACITY, Duration.ofMinutes(1), 1);
        }
        Path counter = dir.resolve("counter-" + store);
        Files.writeString(counter, "");
        List<Process> children = new ArrayList<>();
        try {
            for (int i = 0; i < CONTENDERS; i++) {
                children.add(child("count", url(store), name, "contender " + i, "250", counter.toString()));
            }
            for (Process p : children) {
                assertThat(p.waitFor(90, TimeUnit.SECONDS)).as("contender %d finished", p.pid()).isTrue();
                assertThat(p.exitValue()).as("exit code of contender %d; logs in %s", p.pid(), dir).isZero();
            }
        } finally {
            children.forEach(Process::destroyForcibly);
        }
        long[] v;
        try (RandomAccessFile raf = new RandomAccessFile(counter.toFile(), "r")) {
            v = GovernorContender.read(raf);
        }
        assertThat(v[0]).as("inside at the end").isZero();
        assertThat(v[2]).as("contenders served").isEqualTo(CONTENDERS);
        assertThat(v[1]).as("most inside at once").isBetween(2L, (long) CAPACITY);
        try (KeyValueStore s = KeyValueStores.open(url(store), ConnectOptions.NONE)) {
            GovernorStorage g = s.governors();
            assertThat(g.view(name).holders()).isEmpty();
        }
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"nats", "sqlite"})
    void aKilledHoldersSlotIsFreedByItsExpiry(String store) throws Exception {
        String name = "killed_" + store + "_" + ProcessHandle.current().pid();
        Duration expire = Duration.ofSeconds(3);
        try (KeyValueStore s = KeyValueStores.open(url(store), ConnectOptions.NONE)) {
            GovernorStorage g = s.governors();
            g.add(name, 1, expire, 1);
            Process holder = new ProcessBuilder(childCommand("hold", url(store), name, "doomed")).redirectErrorStream(true).start();
            try {
                BufferedReader out = new BufferedReader(new InputStreamReader(holder.getInputStream(), StandardCharsets.UTF_8));
                String line;
                while ((line = out.readLine()) != null && !line.startsWith("entered ")) {
                    // logs before the slot
                }
                assertThat(line).as("holder entered").isNotNull();
                // alive for longer than the expiry: kept alive, not expired
                long entered = System.nanoTime();
                await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(200))
                        .until(() -> System.nanoTime() - entered > expire.multipliedBy(3).toNanos() / 2);
                assertThat(g.view(name).holders()).extracting(Holder::name).containsExactly("doomed");
            } finally {
                holder.destroyForcibly();
                holder.waitFor(30, TimeUnit.SECONDS);
            }
            // freed by expiry, nobody releasing it; the bound is loose because a loaded machine is slow to look
            await().atMost(expire.plusSeconds(30)).pollInterval(Duration.ofMillis(100))
                    .until(() -> g.view(name).holders().isEmpty());
            try (Slot next = g.enter(name, "next", Duration.ofSeconds(10))) {
                assertThat(next.held()).isTrue();
            }
        }
    }

    private List<String> childCommand(String... args) {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-Xshare:auto", "-Xmx64m",
                "--enable-native-access=ALL-UNNAMED",
                "-cp", System.getProperty("java.class.path"), GovernorContender.class.getName()));
        cmd.addAll(List.of(args));
        return cmd;
    }

    @Test
    void aThreeReplicaGovernorKeepsWorkingWithOneNodeDown() throws Exception {
        NatsServerExtension.requireBinary();
        try (NatsCluster cluster = NatsCluster.start(dir.resolve("cluster"), 3)) {
            String name = "cluster_" + ProcessHandle.current().pid();
            try (KeyValueStore s = KeyValueStores.open(cluster.url(), ConnectOptions.NONE)) {
                GovernorStorage g = s.governors();
                await().atMost(Duration.ofSeconds(30)).ignoreExceptions()
                        .until(() -> g.add(name, 2, Duration.ofMinutes(1), 3).replicas() == 3);
                g.enter(name, "before", Duration.ofSeconds(10)).close();

                cluster.node(0).kill();

                EnterOptions opts = new EnterOptions(Duration.ofSeconds(30), GovernorStorageContract.FAST, true);
                try (Slot a = g.enter(name, "a", opts); Slot b = g.enter(name, "b", opts)) {
                    assertThat(g.view(name).holders()).extracting(Holder::name).containsExactly("a", "b");
                    EnterOptions brief = new EnterOptions(Duration.ofMillis(500), GovernorStorageContract.FAST, true);
                    org.assertj.core.api.Assertions.assertThatThrownBy(() -> g.enter(name, "c", brief))
                            .isInstanceOf(NoFreeSlot.class);
                    a.close();
                    try (Slot c = g.enter(name, "c", opts)) {
                        assertThat(g.view(name).holders()).extracting(Holder::name).containsExactly("b", "c");
                    }
                }
                assertThat(g.view(name).holders()).isEmpty();
            }
        } finally {
            mms.kv.testing.NatsServer.deleteTree(dir.resolve("cluster"));
        }
    }
}
