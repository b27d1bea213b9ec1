package mms.cli;

import java.io.PrintWriter;
import java.util.Arrays;
import java.util.Optional;
import java.util.Set;
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
        },
        subcommands = {AgentCommand.class, MachineCommand.class, KvCommand.class, ObjectCommand.class,
                KeysCommand.class, PackCommand.class, SignCommand.class, VerifyCommand.class, TrustCommand.class,
                PluginsCommand.class,
                BundleCommand.class, SpecCommand.class, FleetCommand.class,
                Sha256SumsCommand.class, GovernorCommand.class, CompletionCommand.class,
                CommandLine.HelpCommand.class})
public final class Main implements Runnable {
    /** Commands with more options than this show {@code [OPTIONS]} in their synopsis. */
    private static final int LONG_SYNOPSIS_OPTIONS = 8;
    private static final String DEBUG = "--debug";
    private static final String DEBUG_DESCRIPTION = "show stack traces of errors";
    /** Top-level commands that work on the whole command line, so never on a lean one. */
    private static final Set<Class<?>> WHOLE = Set.of(CommandLine.HelpCommand.class, CompletionCommand.class);

    @Option(names = DEBUG, scope = ScopeType.INHERIT, description = DEBUG_DESCRIPTION)
    boolean debug;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        System.exit(run(args));
    }

    /** Runs the command line and returns the exit code (for tests and embedding). */
    public static int run(String... args) {
        return commandLine(args).execute(args);
    }

    /** The whole command line: every command. */
    static CommandLine commandLine() {
        return configure(new CommandLine(new Main()));
    }

    /**
     * A command line that runs {@code args} as {@link #commandLine()} would, built only as far as
     * they need: {@code mms kv get ...} gets a root holding the {@code kv} commands alone. Building
     * the model of every command (picocli reflects on each class, option and mixin) was most of the
     * start time of a command; the root's help, the {@code help} and {@code completion} commands,
     * and anything that is not a command get the whole command line.
     */
    static CommandLine commandLine(String... args) {
        return lean(args).map(Main::configure).orElseGet(Main::commandLine);
    }

    private static Optional<CommandLine> lean(String[] args) {
        String[] words = Arrays.stream(args).filter(a -> !a.equals(DEBUG)).toArray(String[]::new);
        if (words.length == 1 && (words[0].equals("--version") || words[0].equals("-V"))) {
            return Optional.of(new CommandLine(new Lean()));
        }
        if (words.length == 0 || words[0].startsWith("-")) {
            return Optional.empty();
        }
        for (Class<?> command : Main.class.getAnnotation(Command.class).subcommands()) {
            Command annotation = command.getAnnotation(Command.class);
            boolean named = annotation.name().equals(words[0]) || Arrays.asList(annotation.aliases()).contains(words[0]);
            if (named && !WHOLE.contains(command)) {
                return Optional.of(new CommandLine(new Lean()).addSubcommand(command));
            }
        }
        return Optional.empty();
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

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
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

    /** The root of a lean command line: what every command inherits from {@code mms}. */
    @Command(name = "mms", mixinStandardHelpOptions = true, versionProvider = Version.class)
    static final class Lean {
        @Option(names = DEBUG, scope = ScopeType.INHERIT, description = DEBUG_DESCRIPTION)
        boolean debug;
    }
}
