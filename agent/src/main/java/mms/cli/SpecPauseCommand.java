package mms.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import mms.spec.RolloutPause;
import mms.spec.SpecificationException;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/** {@code mms spec pause}: staged rollouts held where they are, by a newly signed specification. */
@Command(name = "pause", mixinStandardHelpOptions = true,
        description = {
            "Holds staged rollouts where they are: nodes of later waves do not start installing.",
            "",
            "Publishes the store's current specification again with \"paused\": true in the rollout plan "
                    + "of each ENTRY (default: every entry that has a rollout plan), signed with a new serial "
                    + "like any publication, so only a signer can pause and every node learns it the way it "
                    + "learns everything else. An entry without a rollout plan is an error. Nodes that "
                    + "installed it already keep it; mms spec resume lets the rollout go on.",
            "",
            "Examples:",
            "  mms spec pause --key signer.key                # every rollout",
            "  mms spec pause web api --key signer.key --wait"
        })
final class SpecPauseCommand implements Callable<Integer> {
    @Parameters(arity = "0..*", paramLabel = "ENTRY", description = "the entries to pause (default: every one with a plan)")
    List<String> entries = new ArrayList<>();

    @Mixin
    PublishOptions options;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws InterruptedException {
        return Publication.run(options, spec, history -> plan(history, entries, true));
    }

    /** The current specification with {@code rollout.paused} set to {@code paused}, or nothing when it is already. */
    static Publication.Plan plan(SpecHistory history, List<String> entries, boolean paused) throws SpecificationException {
        SpecHistory.Revision current = history.current().orElseThrow(() -> new CliException(history.where()
                + " holds no specification to " + (paused ? "pause" : "resume")));
        SpecContent content = current.readable();
        RolloutPause.Result result = RolloutPause.set(content.machines(), entries, paused);
        String state = paused ? "paused" : "running";
        if (result.changed().isEmpty()) {
            return new Publication.Plan.Nothing("the rollout of " + String.join(", ", result.unchanged()) + " in "
                    + content.label() + " is " + state + " already");
        }
        return new Publication.Plan.Machines(content.label() + " with the rollout of "
                + String.join(", ", result.changed()) + " " + state, result.machines());
    }
}
