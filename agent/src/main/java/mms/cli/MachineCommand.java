package mms.cli;

import java.util.List;
import picocli.CommandLine.Command;

/** {@code mms machine}: tools for machine authors, and the fleet's events. */
@Command(name = "machine",
        description = "Tools for writing and watching machines: validate, graph, run one in the foreground, test a "
                + "matcher, watch the fleet's events.",
        mixinStandardHelpOptions = true)
final class MachineCommand extends CommandGroup {
    @Override
    List<Class<?>> subcommands() {
        return List.of(MachineValidateCommand.class, MachineGraphCommand.class, MachineRunCommand.class,
                MachineMatchCommand.class, MachineWatchCommand.class);
    }
}
