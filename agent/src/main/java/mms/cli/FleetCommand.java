package mms.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code mms fleet}: the fleet as the nodes' status records show it. */
@Command(name = "fleet",
        description = {
            "Shows the fleet as the nodes report it in the store.",
            "",
            "Every agent keeps a status record in the MMS_STATUS bucket of its store: what it runs and "
                    + "what it did with the last specification it saw. These commands read them all."
        },
        mixinStandardHelpOptions = true,
        subcommands = {FleetStatusCommand.class})
final class FleetCommand implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }
}
