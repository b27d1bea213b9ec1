package mms.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import picocli.CommandLine;

/** Every command's {@code --help}, as an operator reads it on an 80-column terminal. */
class HelpTextTest {
    static final int WIDTH = 80;
    /** A help rendered this wide wraps nothing, so its words are the words the texts were written with. */
    static final int UNWRAPPED = 2000;
    static final Pattern WORD = Pattern.compile("\\S+");

    /** Every command, as the words that reach it: {@code [kv, put]}; the root is {@code []}. */
    static Stream<List<String>> commands() {
        List<List<String>> out = new ArrayList<>();
        collect(Main.commandLine(), List.of(), out);
        return out.stream();
    }

    private static void collect(CommandLine cli, List<String> path, List<List<String>> out) {
        out.add(path);
        cli.getSubcommands().forEach((name, sub) -> {
            if (sub.getCommandName().equals(name)) { // once per command, not per alias
                List<String> next = new ArrayList<>(path);
                next.add(name);
                collect(sub, next, out);
            }
        });
    }

    static CommandLine command(List<String> path) {
        CommandLine cli = Main.commandLine();
        for (String name : path) {
            cli = cli.getSubcommands().get(name);
        }
        return cli;
    }

    static String usage(List<String> path, int width) {
        CommandLine cli = command(path);
        cli.setUsageHelpWidth(width);
        return cli.getUsageMessage(CommandLine.Help.Ansi.OFF);
    }

    static String name(List<String> path) {
        return String.join(" ", Stream.concat(Stream.of("mms"), path.stream()).toList());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("commands")
    void helpWrapsBetweenWordsNeverInsideOne(List<String> path) {
        Set<String> words = new HashSet<>();
        WORD.matcher(usage(path, UNWRAPPED)).results().forEach(m -> words.add(m.group()));
        List<String> cut = new ArrayList<>();
        for (String line : usage(path, WIDTH).lines().toList()) {
            WORD.matcher(line).results().map(m -> m.group()).filter(w -> !words.contains(w))
                    .forEach(w -> cut.add(w + "   in: " + line.strip()));
        }
        assertThat(cut).as("words of '%s --help' cut at the line end", name(path)).isEmpty();
        assertThat(usage(path, WIDTH).lines()).as("lines of '%s --help'", name(path))
                .allMatch(l -> l.length() <= WIDTH);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("commands")
    void descriptionsAreWholeParagraphsAndTheSummaryAWholeSentence(List<String> path) {
        CommandLine.Model.UsageMessageSpec usage = command(path).getCommandSpec().usageMessage();
        List<String> description = Arrays.asList(usage.description());
        assertThat(description).as("description of '%s'", name(path)).isNotEmpty();
        // a parent's command list shows the header when there is one (picocli's help command), else this
        String summary = usage.header().length > 0 ? usage.header()[0] : description.getFirst();
        assertThat(summary).as("summary of '%s', shown in its parent's command list", name(path))
                .endsWith(".").doesNotContain("%n");
        for (int i = 0; i < description.size(); i++) {
            String line = description.get(i).replaceAll("(%n)+$", ""); // picocli's own line breaks
            boolean prose = !line.isBlank() && !line.startsWith(" ");
            if (prose) {
                // picocli wraps each element: one ending mid-sentence leaves a ragged fragment line
                assertThat(line).as("paragraph %d of '%s' ends mid-sentence", i, name(path)).matches("(?s).*[.:)]$");
            }
        }
    }

    @Test
    void completionHasHelpLikeEveryOtherCommand() {
        MainTest.Result r = MainTest.run("completion", "--help");

        assertThat(r.code()).isZero();
        assertThat(r.err()).isEmpty();
        assertThat(r.out()).startsWith("Usage: mms completion").contains("source <(mms completion)");
    }
}
