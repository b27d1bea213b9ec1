package mms.kv.testing;

import static org.awaitility.Awaitility.await;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * One real {@code nats-server} process with JetStream, bound to 127.0.0.1 on a random client port
 * ({@code -p -1}), its store and ports file under a directory the caller owns. {@link #kill()} sends
 * SIGKILL (a crash, as in production failures); {@link #close()} does the same and waits.
 */
public final class NatsServer implements AutoCloseable {
    private static final Pattern CLIENT_URL = Pattern.compile("\"nats\"\\s*:\\s*\\[\\s*\"([^\"]+)\"");
    private static final Pattern MONITOR_URL = Pattern.compile("\"monitoring\"\\s*:\\s*\\[\\s*\"([^\"]+)\"");

    private final Path dir;
    private final List<String> args;
    private Process process;
    private String url;
    private String monitorUrl;

    private NatsServer(Path dir, List<String> args) {
        this.dir = dir;
        this.args = args;
    }

    /** Returns the nats-server binary: {@code $NATS_SERVER}, else {@code nats-server} on PATH. */
    public static Optional<Path> binary() {
        String env = System.getenv("NATS_SERVER");
        if (env != null && !env.isBlank()) {
            Path p = Path.of(env);
            return Files.isExecutable(p) ? Optional.of(p) : Optional.empty();
        }
        String path = System.getenv().getOrDefault("PATH", "");
        for (String d : path.split(File.pathSeparator)) {
            if (d.isEmpty()) {
                continue;
            }
            Path p = Path.of(d, "nats-server");
            if (Files.isExecutable(p)) {
                return Optional.of(p);
            }
        }
        return Optional.empty();
    }

    /**
     * Starts a server and waits until it listens.
     *
     * @param dir       directory for the store ({@code dir/jetstream}), ports file and log; created when missing
     * @param extraArgs further command line arguments (cluster, auth, tls)
     * @return the running server
     */
    public static NatsServer start(Path dir, List<String> extraArgs) {
        NatsServer s = new NatsServer(dir, List.copyOf(extraArgs));
        s.launch();
        return s;
    }

    /**
     * Starts the process again on the same directory (and so the same JetStream state) and the same
     * client port after a kill, so clients reconnect to the URL they had.
     */
    public void restart() {
        kill();
        launch();
    }

    private void launch() {
        Path bin = binary().orElseThrow(() -> new IllegalStateException("nats-server not found (set NATS_SERVER or PATH)"));
        try {
            Files.createDirectories(dir);
            List<String> cmd = new ArrayList<>(List.of(bin.toString(), "-js", "-a", "127.0.0.1", "-p", "-1",
                    "--ports_file_dir", dir.toString(), "-sd", dir.resolve("jetstream").toString()));
            cmd.addAll(args);
            if (url != null) {
                // a restart: the port it had, after any given (the last -p wins)
                cmd.addAll(List.of("-p", Integer.toString(URI.create(url).getPort())));
            }
            Path log = dir.resolve("server.log");
            process = new ProcessBuilder(cmd).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
            Path ports = dir.resolve(bin.getFileName() + "_" + process.pid() + ".ports");
            await("nats-server in " + dir + " to listen").atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(20))
                    .until(() -> {
                        if (!process.isAlive()) {
                            throw new IllegalStateException("nats-server exited with " + process.exitValue() + ": " + tail(log));
                        }
                        return Files.exists(ports) && CLIENT_URL.matcher(Files.readString(ports)).find();
                    });
            Matcher m = CLIENT_URL.matcher(Files.readString(ports));
            m.find();
            url = m.group(1);
            Matcher mon = MONITOR_URL.matcher(Files.readString(ports));
            monitorUrl = mon.find() ? mon.group(1) : null;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start nats-server in " + dir, e);
        }
    }

    private static String tail(Path log) throws IOException {
        List<String> lines = Files.readAllLines(log);
        return String.join("\n", lines.subList(Math.max(0, lines.size() - 15), lines.size()));
    }

    /** Returns the client URL, e.g. {@code nats://127.0.0.1:41234}. */
    public String url() {
        return url;
    }

    /** Returns the monitoring URL when the server was started with {@code -m -1}. */
    public Optional<String> monitorUrl() {
        return Optional.ofNullable(monitorUrl);
    }

    /** Returns the server's directory. */
    public Path dir() {
        return dir;
    }

    /** Returns true while the process runs. */
    public boolean isAlive() {
        return process != null && process.isAlive();
    }

    /** Kills the process with SIGKILL and waits for it to exit; idempotent. */
    public void kill() {
        Process p = process;
        if (p != null && p.isAlive()) {
            p.destroyForcibly();
            try {
                if (!p.waitFor(30, TimeUnit.SECONDS)) {
                    throw new IllegalStateException("nats-server " + p.pid() + " did not exit");
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    @Override
    public void close() {
        kill();
    }

    /** Deletes a directory tree; used by the harness to leave nothing behind. */
    public static void deleteTree(Path root) {
        if (root == null || !Files.exists(root)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(root)) {
            for (Path p : walk.sorted((a, b) -> b.getNameCount() - a.getNameCount()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete " + root, e);
        }
    }
}
