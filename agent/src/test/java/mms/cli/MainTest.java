package mms.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class MainTest {
    @TempDir
    Path dir;

    record Result(int code, String out, String err) {}

    static Result run(String... args) {
        CommandLine cli = Main.commandLine();
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        cli.setOut(new PrintWriter(out));
        cli.setErr(new PrintWriter(err));
        int code = cli.execute(args);
        return new Result(code, out.toString(), err.toString());
    }

    static final String GOOD = """
            name: good
            version: 1.0.0
            initial_state: a
            transitions:
              - {name: go, from: [a], destination: b}
            watchers:
              - {name: t, type: timer, state_match: [a], fail_transition: go, properties: {timer: 10s}}
            """;

    @Test
    void validateReportsOkForAGoodMachine() throws Exception {
        Files.createDirectories(dir.resolve("good"));
        Files.writeString(dir.resolve("good/machine.yaml"), GOOD);
        Result r = run("machine", "validate", dir.resolve("good").toString());
        assertThat(r.code()).isZero();
        assertThat(r.out()).contains("ok: " + dir.resolve("good/machine.yaml") + " (good 1.0.0)");
    }

    @Test
    void validateListsEveryProblemOfEveryMachineAndExitsOne() throws Exception {
        Files.createDirectories(dir.resolve("good"));
        Files.writeString(dir.resolve("good/machine.yaml"), GOOD);
        Files.createDirectories(dir.resolve("bad"));
        Files.writeString(dir.resolve("bad/machine.yaml"), "name: bad\nwatchers:\n  - {name: x, type: nope}\n");
        Result r = run("machine", "validate", dir.toString());
        assertThat(r.code()).isEqualTo(1);
        assertThat(r.out()).contains("error: " + dir.resolve("bad/machine.yaml") + ": version: a machine version is required")
                .contains("unknown watcher type 'nope'")
                .contains("ok: " + dir.resolve("good/machine.yaml"));
    }

    @Test
    void validateChecksTheFileItIsGivenNotTheMachineYamlBesideIt() throws Exception {
        Files.writeString(dir.resolve("machine.yaml"), GOOD);
        Path other = Files.writeString(dir.resolve("candidate.yaml"), "name: candidate\nwatchers:\n  - {name: x, type: nope}\n");

        Result r = run("machine", "validate", other.toString());

        assertThat(r.code()).isEqualTo(1);
        assertThat(r.out()).contains("error: " + other + ": version: a machine version is required")
                .contains("unknown watcher type 'nope'")
                .doesNotContain("ok:");
    }

    @Test
    void validateNamesTheFileItCheckedWhenItIsGood() throws Exception {
        Path file = Files.writeString(dir.resolve("candidate.yaml"), GOOD);

        Result r = run("machine", "validate", file.toString());

        assertThat(r.code()).isZero();
        assertThat(r.out()).isEqualTo("ok: " + file + " (good 1.0.0)\n");
    }

    @Test
    void graphPrintsDot() throws Exception {
        Files.writeString(dir.resolve("machine.yaml"), GOOD);
        Result r = run("machine", "graph", dir.toString());
        assertThat(r.code()).isZero();
        assertThat(r.out()).startsWith("digraph fsm {\n    \"a\" -> \"b\" [ label = \"go\" ];");
    }

    @Test
    void errorsPrintAMessageNotAStackTrace() {
        Result r = run("machine", "graph", dir.resolve("missing").toString());
        assertThat(r.code()).isEqualTo(1);
        assertThat(r.err()).startsWith("mms: cannot read").doesNotContain("\tat ");
        Result debug = run("--debug", "machine", "graph", dir.resolve("missing").toString());
        assertThat(debug.err()).contains("\tat ");
    }

    @Test
    void aBadStoreUrlIsAUsageErrorBeforeAnythingRuns() {
        for (String[] command : new String[][] {
                {"kv", "ls", "--store", "nats:/oops"},
                {"agent", "--store", "nats:/oops", "--machines", dir.resolve("machines").toString()},
                {"governor", "ls", "--store", "nats:/oops"}}) {
            Result r = run(command);

            assertThat(r.code()).as(String.join(" ", command)).isEqualTo(2);
            assertThat(r.err()).startsWith("mms: flag --store: store url 'nats:/oops'");
        }
        assertThat(dir.resolve("machines")).doesNotExist();
    }

    @Test
    void aBadHttpListenAddressIsAUsageErrorBeforeAnythingRuns() {
        Result r = run("agent", "--http-listen", "9464", "--machines", dir.resolve("machines").toString());

        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).startsWith("mms: flag --http-listen: http_listen '9464' is not HOST:PORT: the port is missing");
        assertThat(dir.resolve("machines")).doesNotExist();
    }

    @Test
    void usageErrorsExitTwo() {
        assertThat(run("machine", "validate").code()).isEqualTo(2);
        assertThat(run("no-such-command").code()).isEqualTo(2);
    }

    @Test
    void versionAndCompletion() {
        assertThat(run("--version").out()).startsWith("mms ");
        Result completion = run("completion");
        assertThat(completion.code()).isZero();
        assertThat(completion.out()).contains("complete -F").contains("agent").contains("machine");
    }
}
