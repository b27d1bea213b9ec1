package mms.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/** {@code mms spec resume}: paused rollouts going on, by a newly signed specification. */
@Command(name = "resume", mixinStandardHelpOptions = true,
        description = {
            "Lets paused staged rollouts go on.",
            "",
            "Publishes the store's current specification again with \"paused\": false in the rollout plan "
                    + "of each ENTRY (default: every entry that has a rollout plan), signed with a new serial "
                    + "like any publication. An entry without a rollout plan is an error.",
            "",
            "Examples:",
            "  mms spec resume --key signer.key --wait",
            "  mms spec resume web --key signer.key"
        })
final class SpecResumeCommand implements Callable<Integer> {
    @Parameters(arity = "0..*", paramLabel = "ENTRY", description = "the entries to resume (default: every one with a plan)")
    List<String> entries = new ArrayList<>();

    @Mixin
    PublishOptions options;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws InterruptedException {
        return Publication.run(options, spec, history -> SpecPauseCommand.plan(history, entries, false));
    }
}
