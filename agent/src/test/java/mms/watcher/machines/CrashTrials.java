package mms.watcher.machines;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.locks.LockSupport;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import mms.archive.ArchiveException;
import mms.archive.Sha256Sums;
import mms.archive.bundle.MachineBundle;
import mms.e2e.AgentProcess;
import mms.e2e.Operator;
import mms.kv.BucketConfig;
import mms.kv.ConnectOptions;
import mms.kv.KeyValueStore;
import mms.kv.KeyValueStores;
import org.awaitility.core.ConditionTimeoutException;

/**
 * Kills ({@code kill -9}) a real agent ({@code mms agent --manage} in a child JVM) at a chosen
 * moment of an install, an upgrade or a purge of machine {@code app}, checks what the kill left, and
 * starts the agent again until the disk is what the specification asks. One node serves every
 * trial: a trial's restarted agent is the next trial's victim, so a trial costs one agent start.
 * The operations come round in turn: install version 1, upgrade to version 2, purge, install...
 *
 * <p>Right after a kill, {@code machines/app} is absent or a complete version (every file as its
 * {@code SHA256SUMS} lists, nothing else): absent or version 1 for an install, version 1 or 2 for an
 * upgrade, absent or version 2 for a purge. It never exists without its manager {@code mm_app} or a
 * purge mark ({@code .purge.mm_app}, under which the host does not start it), and a manager that
 * exists holds a whole manifest of version 1 or 2. After the restart the disk converges: the wanted
 * version installed with its manager, or nothing of {@code app} after a purge, and no staging,
 * attempt, trash, displaced, parked or temporary entry anywhere in the machines directory.
 *
 * <p>Used by {@link CrashTest} (a few trials each) and {@code mms.watcher.machines.bench.CrashBench}.
 */
public final class CrashTrials implements AutoCloseable {
    /** How long a restarted agent may take to bring the disk in line. */
    private static final Duration CONVERGENCE = Duration.ofSeconds(60);
    /** The names {@code AtomicFiles.replace} gives its temporary files. */
    private static final Pattern TEMPORARY = Pattern.compile("\\..+\\.[0-9]+\\.tmp");

    /** What a trial interrupts. */
    public enum Operation {
        INSTALL("deploying autonomous agent app", Duration.ofMillis(1200)),
        UPGRADE("mm_app/machine.yaml has incorrect content, updating", Duration.ofMillis(600)),
        PURGE("removing managed machine app that is not in the desired set", Duration.ofMillis(250));

        /** The agent's log line that says the operation began. */
        final String began;
        /** The longest kill delay {@link #killDelay} chooses. */
        final Duration longest;

        Operation(String began, Duration longest) {
            this.began = began;
            this.longest = longest;
        }

        /** The operation after this one in the cycle. */
        public Operation next() {
            return values()[(ordinal() + 1) % values().length];
        }
    }

    /** What a killed agent left at {@code machines/app}. */
    public enum Found { ABSENT, VERSION_1, VERSION_2 }

    /**
     * One trial.
     *
     * @param operation what was interrupted
     * @param killDelay how long after the operation began the agent was killed
     * @param found     what the kill left
     * @param interrupted whether the kill left the operation unfinished (else it had completed)
     * @param converged how long the restarted agent took to bring the disk in line (an agent start
     *                  included; next to nothing when the operation had completed)
     */
    public record Outcome(Operation operation, Duration killDelay, Found found, boolean interrupted,
                          Duration converged) {}

    private final Operator operator;
    private final Path node;
    private final Path machines;
    private final MachineBundle v1;
    private final MachineBundle v2;
    private AgentProcess agent;
    private Operation next = Operation.INSTALL;

    /** A node in {@code dir/node} with an empty specification bucket, and its agent started. */
    public CrashTrials(Path dir) throws Exception {
        operator = new Operator(dir.resolve("operator"));
        v1 = operator.bundleAsFile("app", "1.0.0");
        v2 = operator.bundleAsFile("app", "2.0.0");
        node = dir.resolve("node");
        machines = Files.createDirectories(node.resolve("machines"));
        try (KeyValueStore store = KeyValueStores.open("sqlite:" + node.resolve("state/kv.db"), ConnectOptions.NONE)) {
            store.createBucket(BucketConfig.of("MACHINES"));
        }
        agent = new AgentProcess(node, operator);
        agent.awaitLine(line -> line.contains("machines has no value yet"));
    }

    /**
     * A random kill delay for {@code operation}: uniform up to a little longer than the operation
     * takes on a loaded 2-core machine, so that most kills land inside it and a few after it.
     */
    public static Duration killDelay(Operation operation, Random random) {
        return Duration.ofMillis(random.nextLong(operation.longest.toMillis()));
    }

    /** The operation the next {@link #trial} interrupts. */
    public Operation next() {
        return next;
    }

    /**
     * Publishes the specification of the next operation, kills the agent {@code killDelay} after the
     * operation began, checks what it left, restarts it and waits until the disk converges.
     *
     * @throws AssertionError when the kill left something else than promised, or the disk did not converge
     */
    public Outcome trial(Duration killDelay) throws Exception {
        Operation operation = next;
        agent.skipLogged();
        agent.publish("machines", specification(operation).getBytes(UTF_8));
        agent.awaitLine(line -> line.contains(operation.began));
        LockSupport.parkNanos(killDelay.toNanos());
        agent.kill();
        Found found = afterKill(operation, killDelay);
        boolean interrupted = !converged(operation);
        long restarted = System.nanoTime();
        agent = new AgentProcess(node, operator);
        try {
            await("the restarted agent converges after a kill " + killDelay.toMillis() + " ms into the " + operation)
                    .atMost(CONVERGENCE).pollInterval(Duration.ofMillis(50)).until(() -> converged(operation));
        } catch (ConditionTimeoutException e) {
            throw new AssertionError(e.getMessage() + "; the machines directory holds " + tree()
                    + "; the agent logged " + agent.seen(), e);
        }
        next = operation.next();
        return new Outcome(operation, killDelay, found, interrupted, Duration.ofNanos(System.nanoTime() - restarted));
    }

    private String specification(Operation operation) {
        return switch (operation) {
            case INSTALL -> operator.signed(Operator.entry(v1));
            case UPGRADE -> operator.signed(Operator.entry(v2));
            case PURGE -> operator.signed();
        };
    }

    /** Checks what the kill left; @return what {@code machines/app} is */
    private Found afterKill(Operation operation, Duration killDelay) throws IOException {
        String trial = operation + " killed after " + killDelay.toMillis() + " ms: ";
        Path app = machines.resolve("app");
        Found found;
        if (!Files.exists(app, LinkOption.NOFOLLOW_LINKS)) {
            found = Found.ABSENT;
        } else if (complete(app, v1)) {
            found = Found.VERSION_1;
        } else if (complete(app, v2)) {
            found = Found.VERSION_2;
        } else {
            throw new AssertionError(trial + app + " is neither version complete: " + tree());
        }
        Set<Found> allowed = switch (operation) {
            case INSTALL -> Set.of(Found.ABSENT, Found.VERSION_1);
            case UPGRADE -> Set.of(Found.VERSION_1, Found.VERSION_2);
            case PURGE -> Set.of(Found.ABSENT, Found.VERSION_2);
        };
        if (!allowed.contains(found)) {
            throw new AssertionError(trial + app + " is " + found + ", expected one of " + allowed);
        }
        Path manager = machines.resolve(ManagerManifest.PREFIX + "app");
        if (found != Found.ABSENT && !Files.isDirectory(manager, LinkOption.NOFOLLOW_LINKS)
                && !Files.isDirectory(machines.resolve(ManagerManifest.PURGING_PREFIX + "app"), LinkOption.NOFOLLOW_LINKS)) {
            throw new AssertionError(trial + app + " has neither its manager nor a purge mark: it would run unmanaged; "
                    + tree());
        }
        if (Files.exists(manager, LinkOption.NOFOLLOW_LINKS)) {
            Optional<String> installs = managerChecksum();
            if (installs.isEmpty() || !Set.of(v1.checksum(), v2.checksum()).contains(installs.get())) {
                throw new AssertionError(trial + manager + " does not hold a whole manifest of version 1 or 2: " + tree());
            }
        }
        return found;
    }

    private boolean converged(Operation operation) throws IOException {
        if (!leftovers().isEmpty()) {
            return false;
        }
        Path app = machines.resolve("app");
        return switch (operation) {
            case INSTALL -> complete(app, v1) && managerChecksum().equals(Optional.of(v1.checksum()));
            case UPGRADE -> complete(app, v2) && managerChecksum().equals(Optional.of(v2.checksum()));
            case PURGE -> Stream.of(app, machines.resolve("mm_app"), machines.resolve("tmp/app"))
                    .noneMatch(p -> Files.exists(p, LinkOption.NOFOLLOW_LINKS));
        };
    }

    /** What interrupted operations may leave: none of it may stay once the agent converged. */
    private List<Path> leftovers() throws IOException {
        List<Path> found = new ArrayList<>();
        try (Stream<Path> walk = Files.walk(machines)) {
            walk.forEach(p -> {
                String name = p.getFileName().toString();
                boolean inWorkArea = p.getParent() != null && p.getParent().getParent() != null
                        && p.getParent().getParent().equals(machines.resolve("tmp"));
                if (name.startsWith(".purge.") || name.endsWith(MachinesDirectory.STAGING_SUFFIX)
                        || TEMPORARY.matcher(name).matches() || (inWorkArea && !name.equals("previous"))) {
                    found.add(p);
                }
            });
        } catch (java.io.UncheckedIOException e) {
            found.add(machines); // changing under the walk: look again
        }
        return found;
    }

    private Optional<String> managerChecksum() {
        Path file = machines.resolve("mm_app/machine.yaml");
        try {
            return ManagerManifest.checksum(file, Files.readAllBytes(file));
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    private static boolean complete(Path directory, MachineBundle version) {
        try {
            return Files.isDirectory(directory, LinkOption.NOFOLLOW_LINKS)
                    && Sha256Sums.verifyDirectory(directory, "SHA256SUMS", version.verifyChecksum(), true).ok();
        } catch (ArchiveException | IOException e) {
            return false;
        }
    }

    private String tree() {
        try (Stream<Path> walk = Files.walk(machines)) {
            return walk.map(p -> machines.relativize(p).toString()).filter(s -> !s.isEmpty()).sorted().toList().toString();
        } catch (IOException | java.io.UncheckedIOException e) {
            return "(unreadable: " + e.getMessage() + ")";
        }
    }

    @Override
    public void close() throws InterruptedException {
        agent.kill();
        operator.close();
    }
}
