package mms.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code mms machine}: tools for machine authors, and the fleet's events. */
@Command(name = "machine",
        description = "Tools for writing and watching machines: validate, graph, run one in the foreground, test a "
                + "matcher, watch the fleet's events.",
        mixinStandardHelpOptions = true,
        subcommands = {MachineValidateCommand.class, MachineGraphCommand.class, MachineRunCommand.class,
                MachineMatchCommand.class, MachineWatchCommand.class})
final class MachineCommand implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }
}
