package mms.cli;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeoutException;

/**
 * The training runs of the package's ahead-of-time caches: {@code scripts/package} runs each once,
 * in a JVM started with {@code -XX:AOTCacheOutput}, so that its cache holds the classes, linkage
 * and profiles of what mms does most. Both work in one scratch directory and follow the quick
 * start an operator would:
 * <ul>
 *   <li>{@code commands} (the cache of every command but {@code agent}): {@code --version} and
 *       help, a machine validated and bundled, keys made, a specification packed, verified and put
 *       into an embedded store, {@code kv} and {@code machine match} commands;</li>
 *   <li>{@code agent} (the agent's own cache), in the directory {@code commands} left:
 *       {@code mms agent --manage} until the manager has installed the machine and it has run its
 *       check.</li>
 * </ul>
 * Then the JVM exits, which writes the cache. A cache holds every class its training loaded and a
 * JVM loads them all when it starts, so the commands do not pay for the agent's classes, nor the
 * agent for theirs.
 *
 * <p>Not a command for people: every step must succeed, and a failure (or an agent that has not run
 * the machine within a minute) ends the run with exit code 1, so that the package is not built with
 * a cache of a broken flow.
 */
public final class AotTraining {
    private static final Duration AGENT_DEADLINE = Duration.ofMinutes(1);
    private static final String MACHINE = "trainee";

    private final Path work;
    private final String store;

    private AotTraining(Path work) {
        this.work = work;
        this.store = "sqlite:" + work.resolve("kv.db");
    }

    /**
     * Runs the training {@code args[0]} ({@code commands} or {@code agent}) in the scratch directory
     * {@code args[1]} (empty for {@code commands}, as {@code commands} left it for {@code agent}), and
     * exits: 0 when every step worked, 1 otherwise.
     */
    public static void main(String[] args) {
        if (args.length != 2 || !List.of("commands", "agent").contains(args[0])) {
            System.err.println("usage: AotTraining commands|agent SCRATCH_DIRECTORY");
            System.exit(2);
        }
        try {
            AotTraining training = new AotTraining(Path.of(args[1]).toAbsolutePath());
            if (args[0].equals("commands")) {
                training.commands();
            } else {
                training.agent();
            }
        } catch (Exception e) {
            System.err.println("mms: ahead-of-time training failed: " + e.getMessage());
            e.printStackTrace(System.err);
            System.exit(1);
        }
        // the JVM writes the cache as it exits (the agent's shutdown hook stops the agent first)
        System.exit(0);
    }

    private void commands() throws IOException {
        Path machineDirectory = writeMachine();
        Path repository = work.resolve("repo");
        Files.writeString(work.resolve("facts.json"), "{\"site\": \"lab\", \"role\": \"web\"}\n");

        cli("--version");
        cli("--help");
        cli("kv", "--help");
        cli("machine", "validate", machineDirectory.toString());
        cli("machine", "match", "--identity", "web1", "--facts", work.resolve("facts.json").toString(),
                "identity('^web') && has_command('sh') && has_file('/etc/passwd')");
        cli("machine", "match", "--plugins", "--facts", work.resolve("facts.json").toString(),
                "get_fact('role') == 'web'");
        String entry = cli("bundle", machineDirectory.toString(), "--out", repository.toString()).strip();
        // the specification's entry matches as entries usually do, on the node's tools
        String matched = "{\"match\": \"identity('^web') && has_command('sh')\", " + entry.substring(1);
        Files.writeString(work.resolve("machines.json"), "[" + matched + "]\n");
        cli("keys", "--private-file", work.resolve("signer.key").toString(),
                "--public-file", work.resolve("signer.pub").toString());
        String specification = cli("pack", work.resolve("machines.json").toString(), work.resolve("signer.key").toString());
        Files.writeString(work.resolve("spec.json"), specification);
        cli("verify", work.resolve("spec.json").toString(), work.resolve("signer.pub").toString());
        cli("kv", "add", "MACHINES", "--history", "5", "--store", store);
        cli("kv", "put", "MACHINES", "machines", specification, "--store", store);
        cli("kv", "get", "MACHINES", "machines", "--store", store);
        cli("kv", "ls", "--store", store);
        cli("kv", "history", "MACHINES", "machines", "--store", store);
    }

    private void agent() throws IOException, InterruptedException, TimeoutException {
        Path machines = work.resolve("machines");
        Path events = work.resolve("events.jsonl");
        if (!Files.exists(work.resolve("kv.db"))) {
            throw new IllegalStateException("no store in " + work + ": run the commands training there first");
        }
        Thread agent = Thread.ofPlatform().name("training-agent").daemon().start(() -> Main.run("agent",
                "--machines", machines.toString(), "--state-dir", work.resolve("state").toString(),
                "--store", store, "--identity", "web1", "--facts", work.resolve("facts.json").toString(),
                "--manage", "--signing-key", work.resolve("signer.pub").toString(),
                "--events-file", events.toString(), "--log-level", "info"));
        awaitTransition(agent, events);
    }

    /** The example machine of the quick start, in the shape most machines have. */
    private Path writeMachine() throws IOException {
        Path dir = Files.createDirectories(work.resolve("src").resolve(MACHINE));
        Files.writeString(dir.resolve("machine.yaml"), """
                name: %s
                version: 1.0.0
                initial_state: unknown
                transitions:
                  - {name: ok, from: [unknown, failing], destination: healthy}
                  - {name: failed, from: [healthy], destination: failing}
                watchers:
                  - name: probe
                    type: exec
                    state_match: [unknown, failing]
                    interval: 1s
                    success_transition: ok
                    properties:
                      command: ./check.sh {{ lookup "facts.site" "nowhere" }}
                      environment: ['GREETING={{ lookup "data.greeting" "hello" | ToUpper }}']
                  - name: pace
                    type: timer
                    state_match: [healthy]
                    fail_transition: failed
                    properties: {timer: 1h}
                  - name: checked
                    type: file
                    interval: 1m
                    properties: {path: check.sh, gather_initial_state: true}
                  - name: window
                    type: schedule
                    properties: {schedules: ["0 0 1 1 *"], duration: 1m}
                """.formatted(MACHINE));
        Path check = dir.resolve("check.sh");
        Files.writeString(check, "#!/bin/sh\necho \"$GREETING from $1\"\n");
        Files.setPosixFilePermissions(check, PosixFilePermissions.fromString("rwxr-xr-x"));
        return dir;
    }

    /** Waits until the events file shows the installed machine's first transition. */
    private static void awaitTransition(Thread agent, Path events) throws IOException, InterruptedException,
            TimeoutException {
        Instant deadline = Instant.now().plus(AGENT_DEADLINE);
        String transition = "\"machine\":\"" + MACHINE + "\",\"transition\":\"ok\"";
        while (!(Files.exists(events) && Files.readString(events).contains(transition))) {
            if (!agent.isAlive()) {
                throw new IllegalStateException("the agent stopped before machine " + MACHINE + " ran");
            }
            if (Instant.now().isAfter(deadline)) {
                throw new TimeoutException("the agent did not run machine " + MACHINE + " within "
                        + AGENT_DEADLINE.toSeconds() + "s");
            }
            Thread.sleep(50);
        }
    }

    /** Runs one command as {@code mms ARGS} would; returns its standard output. */
    private static String cli(String... args) {
        PrintStream out = System.out;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        int code;
        try (PrintStream capture = new PrintStream(captured, true, StandardCharsets.UTF_8)) {
            System.setOut(capture);
            code = Main.run(args);
        } finally {
            System.setOut(out);
        }
        if (code != 0) {
            throw new IllegalStateException("mms " + String.join(" ", args) + " exited with " + code);
        }
        return captured.toString(StandardCharsets.UTF_8);
    }
}
