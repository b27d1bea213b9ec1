package mms.cli;

import java.io.PrintStream;
import java.io.PrintWriter;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import mms.agent.AgentVersion;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;

/** Entry point of {@code mms}. */
@Command(name = "mms",
        mixinStandardHelpOptions = true,
        versionProvider = Main.Version.class,
        description = {
            "Runs and manages autonomous agents (Choria machines) on this node.",
            "",
            "Start here: 'mms agent --machines DIR' hosts every machine in DIR; 'mms machine run DIR' "
                    + "runs one machine in the foreground while you write it."
        })
public final class Main extends CommandGroup {
    /** Commands with more options than this show {@code [OPTIONS]} in their synopsis. */
    private static final int LONG_SYNOPSIS_OPTIONS = 8;
    private static final String DEBUG = "--debug";
    private static final Set<String> VERSION_FLAGS = Set.of("--version", "-V");
    private static final String DEBUG_DESCRIPTION = "show stack traces of errors";
    /** Top-level commands that work on the whole command line, so never on a lean one. */
    private static final Set<Class<?>> WHOLE = Set.of(CommandLine.HelpCommand.class, CompletionCommand.class);

    @Option(names = DEBUG, scope = ScopeType.INHERIT, description = DEBUG_DESCRIPTION)
    boolean debug;

    @Override
    List<Class<?>> subcommands() {
        return List.of(AgentCommand.class, MachineCommand.class, KvCommand.class, ObjectCommand.class,
                KeysCommand.class, PackCommand.class, SignCommand.class, VerifyCommand.class, TrustCommand.class,
                PluginsCommand.class, BundleCommand.class, SpecCommand.class, FleetCommand.class,
                Sha256SumsCommand.class, GovernorCommand.class, CompletionCommand.class,
                CommandLine.HelpCommand.class);
    }

    public static void main(String[] args) {
        System.exit(run(args));
    }

    /** Runs the command line and returns the exit code (for tests and embedding). */
    public static int run(String... args) {
        if (args.length == 1 && VERSION_FLAGS.contains(args[0])) {
            // the one answer that needs no command line: picocli's first model costs ~50 ms
            printVersion(System.out);
            return 0;
        }
        return commandLine(args).execute(args);
    }

    /** What {@code mms --version} prints, as picocli prints the version provider's lines. */
    static void printVersion(PrintStream out) {
        for (String line : new Version().getVersion()) {
            out.println(line);
        }
        out.flush();
    }

    /** The whole command line: every command. */
    static CommandLine commandLine() {
        return configure(addSubcommands(new CommandLine(new Main()), List.of()));
    }

    /**
     * A command line that runs {@code args} as {@link #commandLine()} would, built only as far as
     * they reach: {@code mms kv get ...} gets a root holding {@code kv}, which holds {@code get}
     * alone. Building the model of every command (picocli reflects on each class, option and mixin)
     * was most of the start time of a command. The root's help, the {@code help} and
     * {@code completion} commands, and a group's help or unknown word get every command of that
     * level, as they list them.
     */
    static CommandLine commandLine(String... args) {
        List<String> words = Arrays.stream(args).filter(a -> !a.equals(DEBUG)).toList();
        CommandLine root = new CommandLine(new Main());
        if (words.size() == 1 && VERSION_FLAGS.contains(words.getFirst())) {
            return configure(root);
        }
        boolean whole = !words.isEmpty() && WHOLE.stream().anyMatch(c -> names(c).contains(words.getFirst()));
        return configure(addSubcommands(root, whole ? List.of() : words));
    }

    /**
     * Adds to {@code cli}, when it is a group, the subcommand the first of {@code words} names,
     * built the same way with the words after it; or, when none is named, every subcommand with
     * every subcommand of theirs. Each is added before its own subcommands, so that it inherits the
     * root's {@code --debug} and hands it on.
     */
    private static CommandLine addSubcommands(CommandLine cli, List<String> words) {
        if (!(cli.getCommand() instanceof CommandGroup group)) {
            return cli;
        }
        List<Class<?>> named = words.isEmpty() ? List.of()
                : group.subcommands().stream().filter(c -> names(c).contains(words.getFirst())).toList();
        List<String> rest = named.isEmpty() ? List.of() : words.subList(1, words.size());
        for (Class<?> subcommand : named.isEmpty() ? group.subcommands() : named) {
            CommandLine child = new CommandLine(subcommand);
            cli.addSubcommand(child);
            addSubcommands(child, rest);
        }
        return cli;
    }

    /** The name and aliases of a command class. */
    private static List<String> names(Class<?> command) {
        Command annotation = command.getAnnotation(Command.class);
        return Stream.concat(Stream.of(annotation.name()), Arrays.stream(annotation.aliases())).toList();
    }

    private static CommandLine configure(CommandLine cli) {
        abbreviateLongSynopses(cli);
        cli.setExecutionExceptionHandler((e, cmd, parsed) -> {
            PrintWriter err = cmd.getErr();
            err.println("mms: " + message(e));
            if (Boolean.TRUE.equals(cmd.getCommandSpec().root().findOption(DEBUG).getValue())) {
                e.printStackTrace(err);
            }
            err.flush();
            return e instanceof CliException c ? c.exitCode() : 1;
        });
        return cli;
    }

    /**
     * {@code Usage: mms kv put [OPTIONS] BUCKET KEY VALUE} for commands with many options: a synopsis
     * of twenty bracketed options is a wall the reader skips, and the options are listed below it.
     */
    private static void abbreviateLongSynopses(CommandLine cli) {
        if (cli.getCommandSpec().options().size() > LONG_SYNOPSIS_OPTIONS) {
            cli.getCommandSpec().usageMessage().abbreviateSynopsis(true);
        }
        cli.getSubcommands().values().forEach(Main::abbreviateLongSynopses);
    }

    private static String message(Throwable e) {
        String m = e.getMessage();
        return m == null || m.isBlank() ? e.toString() : m;
    }

    /** The version baked in at build time. */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[] {"mms " + version(), "Java " + Runtime.version()};
        }

        static String version() {
            return AgentVersion.get();
        }
    }
}
