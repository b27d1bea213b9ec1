package mms.cli;

import picocli.AutoComplete;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** Prints a bash/zsh completion script. */
@Command(name = "completion", mixinStandardHelpOptions = true,
        description = {
            "Prints a bash (and zsh) completion script for mms.",
            "",
            "Use it with:",
            "  source <(mms completion)",
            "or install it with:",
            "  mms completion > /etc/bash_completion.d/mms"
        })
final class CompletionCommand implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().getOut().print(AutoComplete.bash("mms", spec.root().commandLine()));
        spec.commandLine().getOut().flush();
    }
}
