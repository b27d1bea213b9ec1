package mms.cli;

import java.util.List;
import picocli.CommandLine.Command;

/** {@code mms governor}: manage and use concurrency governors. */
@Command(name = "governor", aliases = "gov",
        description = {
            "Creates, inspects and uses governors: limits on how many processes work at once.",
            "",
            "A governor limits the whole fleet on NATS JetStream (compatible with 'choria governor'), "
                    + "or the processes of this host on the embedded SQLite store."
        },
        mixinStandardHelpOptions = true)
final class GovernorCommand extends CommandGroup {
    @Override
    List<Class<?>> subcommands() {
        return List.of(GovernorAddCommand.class, GovernorListCommand.class, GovernorViewCommand.class,
                GovernorEvictCommand.class, GovernorResetCommand.class, GovernorRemoveCommand.class,
                GovernorRunCommand.class);
    }
}
