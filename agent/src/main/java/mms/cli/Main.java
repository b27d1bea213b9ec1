package mms.cli;

import java.io.PrintWriter;
import mms.agent.Agent;
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
                BundleCommand.class, SpecCommand.class, FleetCommand.class,
                Sha256SumsCommand.class, GovernorCommand.class, CompletionCommand.class,
                CommandLine.HelpCommand.class})
public final class Main implements Runnable {
    /** Commands with more options than this show {@code [OPTIONS]} in their synopsis. */
    private static final int LONG_SYNOPSIS_OPTIONS = 8;

    @Option(names = "--debug", scope = ScopeType.INHERIT,
            description = "show stack traces of errors")
    boolean debug;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        System.exit(run(args));
    }

    /** Runs the command line and returns the exit code (for tests and embedding). */
    public static int run(String... args) {
        return commandLine().execute(args);
    }

    static CommandLine commandLine() {
        CommandLine cli = new CommandLine(new Main());
        abbreviateLongSynopses(cli);
        cli.setExecutionExceptionHandler((e, cmd, parsed) -> {
            Main main = cmd.getCommandSpec().root().userObject() instanceof Main m ? m : null;
            PrintWriter err = cmd.getErr();
            err.println("mms: " + message(e));
            if (main != null && main.debug) {
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
            return Agent.version();
        }
    }
}
