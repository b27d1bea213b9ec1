package mms.kv.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Starts one real {@code nats-server -js} per test class and kills it after the class, in a
 * temporary directory that is deleted afterwards. Register it on a static field:
 *
 * <pre>{@code
 * @RegisterExtension
 * static final NatsServerExtension NATS = new NatsServerExtension();
 * ... KeyValueStores.open(NATS.url(), ConnectOptions.NONE) ... NATS.uniqueBucket("spec")
 * }</pre>
 *
 * The binary comes from {@code $NATS_SERVER} or {@code PATH}. When it is missing the class is
 * skipped, except with {@code CI=true}, where that is a failure.
 */
public final class NatsServerExtension implements BeforeAllCallback, AfterAllCallback {
    private static final AtomicInteger BUCKETS = new AtomicInteger();

    private final List<String> extraArgs;
    private Path dir;
    private NatsServer server;

    /** A plain server: no auth, no TLS. */
    public NatsServerExtension() {
        this(List.of());
    }

    /** A server started with further arguments (e.g. {@code --auth TOKEN}). */
    public NatsServerExtension(List<String> extraArgs) {
        this.extraArgs = List.copyOf(extraArgs);
    }

    /** Fails under CI, skips otherwise, when no nats-server binary is available. */
    public static void requireBinary() {
        if (NatsServer.binary().isEmpty()) {
            String why = "nats-server not found: set NATS_SERVER or put nats-server on PATH";
            if ("true".equalsIgnoreCase(System.getenv("CI"))) {
                throw new IllegalStateException(why + " (required because CI=true)");
            }
            Assumptions.abort(why);
        }
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        requireBinary();
        try {
            dir = Files.createTempDirectory("mms-nats-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        try {
            server = NatsServer.start(dir, extraArgs);
        } catch (RuntimeException e) {
            NatsServer.deleteTree(dir);
            throw e;
        }
    }

    @Override
    public void afterAll(ExtensionContext context) {
        try {
            if (server != null) {
                server.kill();
            }
        } finally {
            NatsServer.deleteTree(dir);
        }
    }

    /** Returns the client URL of the running server. */
    public String url() {
        return server.url();
    }

    /** Returns the running server (to kill or restart it). */
    public NatsServer server() {
        return server;
    }

    /** Returns a bucket name no other test of this JVM uses: {@code <prefix>_<n>}. */
    public static String uniqueBucket(String prefix) {
        return prefix + "_" + BUCKETS.incrementAndGet() + "_" + ProcessHandle.current().pid();
    }
}
