package mms.cli;

import java.util.List;
import picocli.CommandLine.Command;

/** {@code mms spec}: the operator's workflow for the fleet's signed specification in the store. */
@Command(name = "spec",
        description = {
            "Publishes, shows, compares, rolls back and pauses the fleet's specification in the store.",
            "",
            "The specification lives in the bucket and key the nodes' manager follows (manage_bucket, "
                    + "manage_key; default MACHINES > machines). Every change is a new versioned "
                    + "specification: validated, signed with a serial above every one the bucket keeps, "
                    + "checked against the keys the nodes trust and shown against what the store holds "
                    + "before it is put. The store and the nodes' trust are found as the agent finds them "
                    + "(--config, MMS_* variables, flags).",
            "",
            "A day's work:",
            "  mms spec show --json > machines.json      # what the fleet runs, to edit",
            "  mms spec diff machines.json               # what would change, where",
            "  mms spec publish machines.json --key signer.key --wait",
            "  mms spec pause web --key signer.key       # hold the web rollout",
            "  mms spec rollback --key signer.key --wait # the previous revision again"
        },
        mixinStandardHelpOptions = true)
final class SpecCommand extends CommandGroup {
    @Override
    List<Class<?>> subcommands() {
        return List.of(SpecPublishCommand.class, SpecShowCommand.class, SpecDiffCommand.class,
                SpecRollbackCommand.class, SpecPauseCommand.class, SpecResumeCommand.class);
    }
}
