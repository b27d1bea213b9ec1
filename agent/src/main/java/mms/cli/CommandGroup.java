package mms.cli;

import java.util.List;
import picocli.CommandLine;

/**
 * A command that only groups others ({@code mms kv}, {@code mms machine}, ...): run alone, it shows
 * its usage.
 *
 * <p>Its subcommands are declared by {@link #subcommands()} instead of
 * {@code @Command(subcommands = ...)}, so that {@link Main} can build a command line only as far as
 * the words on it reach: picocli reflects on every command class it is given, and building the ten
 * {@code kv} commands to run {@code mms kv get} was a third of that command's start.
 */
abstract class CommandGroup implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    /** The subcommands, in the order the usage lists them. */
    abstract List<Class<?>> subcommands();

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }
}
