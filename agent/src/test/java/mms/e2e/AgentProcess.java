package mms.e2e;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import mms.cli.Main;
import mms.kv.ConnectOptions;
import mms.kv.KeyValueStore;
import mms.kv.KeyValueStores;

/**
 * {@code mms agent --manage} on a node's machines and state directories in a child JVM (the test's
 * class path, a quick-starting JIT), its log read line by line as it comes, so that a test can wait
 * for a moment of an operation and kill the agent there ({@code kill -9}).
 */
public final class AgentProcess implements AutoCloseable {
    private static final Duration LINE_TIMEOUT = Duration.ofSeconds(60);

    private final Path node;
    private final Process process;
    private final BlockingQueue<String> lines = new LinkedBlockingQueue<>();
    private final List<String> seen = new ArrayList<>();

    /**
     * Starts the agent of {@code node} ({@code node/machines}, {@code node/state}, store
     * {@code sqlite:node/state/kv.db}), trusting specifications signed by {@code operator}.
     */
    public AgentProcess(Path node, Operator operator) throws IOException {
        this.node = node;
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java")
                .toString(), "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "--enable-native-access=ALL-UNNAMED",
                "-cp", System.getProperty("java.class.path"), Main.class.getName(), "agent",
                "--identity", "node1", "--machines", node.resolve("machines").toString(),
                "--state-dir", node.resolve("state").toString(), "--manage",
                "--signing-key", operator.key().publicKey().hex(), "--status-interval", "1s"));
        ProcessBuilder builder = new ProcessBuilder(command).redirectOutput(ProcessBuilder.Redirect.DISCARD);
        builder.environment().keySet().removeIf(name -> name.startsWith("MMS_"));
        process = builder.start();
        Thread.ofVirtual().name("agent-log").start(() -> {
            try (BufferedReader log = new BufferedReader(new InputStreamReader(process.getErrorStream(), UTF_8))) {
                for (String line = log.readLine(); line != null; line = log.readLine()) {
                    lines.add(line);
                }
            } catch (IOException e) {
                // the agent was killed
            }
        });
    }

    /** The node's directory. */
    public Path node() {
        return node;
    }

    /** What the agent logged so far that a wait consumed, oldest first. */
    public List<String> seen() {
        return List.copyOf(seen);
    }

    /**
     * Waits for a log line matching {@code wanted}, consuming the lines before it; fails naming
     * what the agent logged when none comes within a minute.
     */
    public void awaitLine(Predicate<String> wanted) throws InterruptedException {
        long deadline = System.nanoTime() + LINE_TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            String line = lines.poll(deadline - System.nanoTime(), TimeUnit.NANOSECONDS);
            if (line != null) {
                seen.add(line);
                if (wanted.test(line)) {
                    return;
                }
            }
        }
        throw new AssertionError("the agent in " + node + " did not log the expected line; it logged " + seen);
    }

    /** Consumes the lines logged so far, so that the next {@link #awaitLine} only sees what comes after. */
    public void skipLogged() {
        lines.drainTo(seen);
    }

    /** Puts {@code value} at {@code key} of bucket {@code MACHINES} in the node's store, as an operator would. */
    public void publish(String key, byte[] value) throws Exception {
        try (KeyValueStore store = KeyValueStores.open("sqlite:" + node.resolve("state/kv.db"), ConnectOptions.NONE)) {
            store.bucket("MACHINES").put(key, value);
        }
    }

    /** Kills the agent ({@code SIGKILL}: no shutdown hook runs) and waits until it is gone. */
    public void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor();
    }

    @Override
    public void close() throws InterruptedException {
        kill();
    }
}
