package mms.cli;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;

/**
 * The training runs of the package's ahead-of-time caches: {@code scripts/package} runs each once,
 * in a JVM started with {@code -XX:AOTCacheOutput}, so that its cache holds the classes and linkage
 * of what those commands do. A JVM loads every class of its cache when it starts, so a cache made
 * for every command cost {@code mms --version} as much as {@code mms pack}: each family of commands
 * gets its own, which the launcher picks by the first word of the command line.
 * <ul>
 *   <li>{@code mms}: no command, {@code --version} and {@code --help};</li>
 *   <li>{@code kv}: the {@code kv} commands on an embedded store;</li>
 *   <li>{@code match}: {@code mms machine match}, which scripts and operators run on nodes;</li>
 *   <li>{@code commands}: every other command, as the quick start uses them: a machine validated,
 *       graphed and bundled, keys made, a specification packed and verified.</li>
 * </ul>
 * {@code mms agent} has none: it runs for days, and a cache's classes stay resident whether the
 * agent uses them or not (an idle managing agent took 5 MB more with one); it starts without one
 * well within its goal.
 *
 * <p>Not a command for people: every step must succeed, and a failure ends the run with exit code
 * 1, so that the package is not built with a cache of a broken flow.
 */
public final class AotTraining {
    /** The trainings, each the name of its cache. */
    static final List<String> TRAININGS = List.of("mms", "kv", "match", "commands");
    private static final String MACHINE = "trainee";

    private final Path work;
    private final String store;

    private AotTraining(Path work) {
        this.work = work;
        this.store = "sqlite:" + work.resolve("kv.db");
    }

    /**
     * Runs the training {@code args[0]} (one of {@link #TRAININGS}) in the empty scratch directory
     * {@code args[1]}, and exits: 0 when every step worked, 1 otherwise.
     */
    public static void main(String[] args) {
        if (args.length != 2 || !TRAININGS.contains(args[0])) {
            System.err.println("usage: AotTraining " + String.join("|", TRAININGS) + " SCRATCH_DIRECTORY");
            System.exit(2);
        }
        try {
            AotTraining training = new AotTraining(Path.of(args[1]).toAbsolutePath());
            switch (args[0]) {
                case "mms" -> training.root();
                case "kv" -> training.kv();
                case "match" -> training.match();
                default -> training.commands();
            }
        } catch (Exception e) {
            System.err.println("mms: ahead-of-time training failed: " + e.getMessage());
            e.printStackTrace(System.err);
            System.exit(1);
        }
        // the JVM writes the cache as it exits
        System.exit(0);
    }

    private void root() {
        cli("--version");
        cli("--help");
    }

    private void kv() {
        cli("kv", "add", "MACHINES", "--history", "5", "--store", store);
        cli("kv", "put", "MACHINES", "machines", "{\"role\": \"web\"}", "--store", store);
        cli("kv", "put", "MACHINES", "machines", "{\"role\": \"db\"}", "--store", store);
        cli("kv", "get", "MACHINES", "machines", "--store", store);
        cli("kv", "get", "MACHINES", "machines", "--raw", "--store", store);
        cli("kv", "ls", "--store", store);
        cli("kv", "ls", "MACHINES", "--store", store);
        cli("kv", "history", "MACHINES", "machines", "--store", store);
        cli("kv", "status", "MACHINES", "--store", store);
        cli("kv", "del", "MACHINES", "machines", "--force", "--store", store);
    }

    private void match() throws IOException {
        Path facts = writeFacts();
        cli("machine", "match", "--identity", "web1", "--facts", facts.toString(),
                "identity('^web') && has_command('sh') && has_file('/etc/passwd')");
        cli("machine", "match", "--plugins", "--facts", facts.toString(), "get_fact('role') == 'web'");
    }

    private void commands() throws IOException {
        Path machineDirectory = writeMachine();
        Path repository = work.resolve("repo");
        cli("machine", "validate", machineDirectory.toString());
        cli("machine", "graph", machineDirectory.toString());
        String entry = cli("bundle", machineDirectory.toString(), "--out", repository.toString()).strip();
        // the specification's entry matches as entries usually do, on the node's tools
        String matched = "{\"match\": \"identity('^web') && has_command('sh')\", " + entry.substring(1);
        Files.writeString(work.resolve("machines.json"), "[" + matched + "]\n");
        cli("keys", "--private-file", work.resolve("signer.key").toString(),
                "--public-file", work.resolve("signer.pub").toString());
        String specification = cli("pack", work.resolve("machines.json").toString(), work.resolve("signer.key").toString());
        Files.writeString(work.resolve("spec.json"), specification);
        cli("verify", work.resolve("spec.json").toString(), work.resolve("signer.pub").toString());
        cli("sha256sums", "--check", machineDirectory.toString());
    }

    private Path writeFacts() throws IOException {
        return Files.writeString(work.resolve("facts.json"), "{\"site\": \"lab\", \"role\": \"web\"}\n");
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
