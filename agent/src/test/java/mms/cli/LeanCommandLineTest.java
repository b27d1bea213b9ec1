package mms.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import picocli.CommandLine;

/** {@code mms ARGS} runs on a command line built only as far as ARGS need, with the same outcome. */
class LeanCommandLineTest {
    @TempDir
    Path dir;

    record Result(int code, String out, String err) {}

    static Result execute(CommandLine cli, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        cli.setOut(new PrintWriter(out));
        cli.setErr(new PrintWriter(err));
        int code = cli.execute(args);
        return new Result(code, out.toString(), err.toString());
    }

    static Stream<List<String>> commands() {
        return HelpTextTest.commands().filter(path -> !path.isEmpty());
    }

    @Test
    void holdsOnlyTheNamedCommand() {
        CommandLine kvGet = Main.commandLine("kv", "get", "CONFIG", "spec");
        assertThat(kvGet.getSubcommands()).containsOnlyKeys("kv");
        assertThat(kvGet.getSubcommands().get("kv").getSubcommands()).containsOnlyKeys("get");
        assertThat(Main.commandLine("gov", "ls").getSubcommands().get("gov").getSubcommands())
                .containsOnlyKeys("list", "ls");
        assertThat(Main.commandLine("--debug", "machine", "match", "identity('x')").getSubcommands())
                .containsOnlyKeys("machine");
        assertThat(Main.commandLine("--version").getSubcommands()).isEmpty();
    }

    @Test
    void aGroupsHelpAndUnknownWordsGetEveryCommandOfTheGroup() {
        int every = Main.commandLine().getSubcommands().get("kv").getSubcommands().size();
        for (String[] args : List.of(new String[] {"kv"}, new String[] {"kv", "--help"}, new String[] {"kv", "gett"})) {
            assertThat(Main.commandLine(args).getSubcommands().get("kv").getSubcommands())
                    .as(String.join(" ", args)).hasSize(every);
        }
    }

    @Test
    void theRootsHelpHelpCompletionAndUnknownWordsGetEveryCommand() {
        int every = Main.commandLine().getSubcommands().size();
        for (String[] args : List.of(new String[] {}, new String[] {"--help"}, new String[] {"help", "kv"},
                new String[] {"completion"}, new String[] {"kvv", "get"}, new String[] {"--version", "kv"})) {
            assertThat(Main.commandLine(args).getSubcommands()).as(String.join(" ", args)).hasSize(every);
        }
    }

    @ParameterizedTest
    @MethodSource("commands")
    void everyCommandsHelpIsTheSame(List<String> path) {
        List<String> args = new ArrayList<>(path);
        args.add("--help");
        String[] help = args.toArray(String[]::new);

        assertThat(execute(Main.commandLine(help), help)).isEqualTo(execute(Main.commandLine(), help));
    }

    @Test
    void versionIsTheSame() {
        assertThat(execute(Main.commandLine("--version"), "--version"))
                .isEqualTo(execute(Main.commandLine(), "--version"))
                .satisfies(r -> assertThat(r.out()).startsWith("mms "));
    }

    @Test
    void versionWithoutAnyCommandLineIsTheSame() {
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        Main.printVersion(new PrintStream(printed, true, StandardCharsets.UTF_8));

        assertThat(printed.toString(StandardCharsets.UTF_8).replace(System.lineSeparator(), "\n"))
                .isEqualTo(execute(Main.commandLine(), "--version").out());
    }

    @Test
    void debugBeforeOrAfterTheCommandShowsTheStackTrace() {
        String store = "sqlite:" + dir.resolve("kv.db");
        for (String[] args : List.of(new String[] {"--debug", "kv", "get", "NOPE", "k", "--store", store},
                new String[] {"kv", "get", "NOPE", "k", "--store", store, "--debug"})) {
            Result r = execute(Main.commandLine(args), args);
            assertThat(r.code()).isEqualTo(1);
            assertThat(r.err()).startsWith("mms: bucket NOPE not found").contains("\tat mms.cli.");
        }
        String[] quiet = {"kv", "get", "NOPE", "k", "--store", store};
        assertThat(execute(Main.commandLine(quiet), quiet).err()).doesNotContain("\tat ");
    }

    @Test
    void usageErrorsAreTheSame() {
        String[] args = {"kv", "get", "--no-such-option"};
        assertThat(execute(Main.commandLine(args), args)).isEqualTo(execute(Main.commandLine(), args));
    }
}
