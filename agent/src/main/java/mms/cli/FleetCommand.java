package mms.cli;

import java.util.List;
import picocli.CommandLine.Command;

/** {@code mms fleet}: the fleet as the nodes' status records show it. */
@Command(name = "fleet",
        description = {
            "Shows the fleet as the nodes report it in the store.",
            "",
            "Every agent keeps a status record in the MMS_STATUS bucket of its store: what it runs and "
                    + "what it did with the last specification it saw. These commands read them all."
        },
        mixinStandardHelpOptions = true)
final class FleetCommand extends CommandGroup {
    @Override
    List<Class<?>> subcommands() {
        return List.of(FleetStatusCommand.class, FleetDashboardCommand.class);
    }
}
