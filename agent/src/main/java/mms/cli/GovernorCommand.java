package mms.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code mms governor}: manage and use concurrency governors. */
@Command(name = "governor", aliases = "gov",
        description = {
            "Creates, inspects and uses governors: named limits on how many processes may work at",
            "once, fleet-wide on NATS JetStream (compatible with 'choria governor') or across this",
            "host's processes on the embedded SQLite store."
        },
        mixinStandardHelpOptions = true,
        subcommands = {GovernorAddCommand.class, GovernorListCommand.class, GovernorViewCommand.class,
                GovernorEvictCommand.class, GovernorResetCommand.class, GovernorRemoveCommand.class,
                GovernorRunCommand.class})
final class GovernorCommand implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }
}
