package mms.cli;

import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** The {@code -f/--force} option and the y/N question of the {@code mms kv} verbs that remove data. */
final class KvConfirmation {
    @Option(names = {"-f", "--force"}, description = "do not ask for confirmation")
    boolean force;

    @Spec(Spec.Target.MIXEE)
    CommandSpec command;

    /** True when {@code --force} was given or the user answers yes; otherwise prints {@code Skipping}. */
    boolean confirmed(String question) {
        return force || KvOutput.confirm(command.commandLine().getOut(), question);
    }
}
