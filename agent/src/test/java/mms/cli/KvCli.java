package mms.cli;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.function.Consumer;
import picocli.CommandLine;

/** Runs {@code mms} in-process and captures what it prints. */
record KvCli(int exitCode, String out, String err) {

    static KvCli run(String... args) {
        return run(cli -> { }, args);
    }

    /** Runs after {@code prepare} has set up the command line, e.g. a command's streams. */
    static KvCli run(Consumer<CommandLine> prepare, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cli = Main.commandLine();
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        prepare.accept(cli);
        int code = cli.execute(args);
        return new KvCli(code, out.toString(), err.toString());
    }
}
