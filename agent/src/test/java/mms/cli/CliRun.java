package mms.cli;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.Map;
import java.util.function.Consumer;
import picocli.CommandLine;

/** Runs the real command line in-process and captures what it prints. */
record CliRun(int exitCode, String out, String err) {

    static CliRun run(String... args) {
        return run(cli -> { }, args);
    }

    /** Runs with the given environment for commands that read one. */
    static CliRun withEnvironment(Map<String, String> environment, String... args) {
        return run(cli -> cli.getSubcommands().values().forEach(sub -> {
            setEnvironment(sub, environment);
            sub.getSubcommands().values().forEach(s -> setEnvironment(s, environment));
        }), args);
    }

    private static void setEnvironment(CommandLine cli, Map<String, String> environment) {
        switch (cli.getCommand()) {
            case PackCommand p -> p.environment = environment;
            case VerifyCommand v -> v.environment = environment;
            case MachineMatchCommand m -> m.environment = environment;
            case PluginsMatcherCommand m -> m.environment = environment;
            case TrustShowCommand t -> t.environment = environment;
            default -> { }
        }
    }

    /** Runs after {@code prepare} adjusted the command line (an environment, a clock). */
    static CliRun run(Consumer<CommandLine> prepare, String... args) {
        CommandLine cli = Main.commandLine();
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        prepare.accept(cli);
        int code = cli.execute(args);
        return new CliRun(code, out.toString(), err.toString());
    }
}
