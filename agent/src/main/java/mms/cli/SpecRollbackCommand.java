package mms.cli;

import java.util.concurrent.Callable;
import mms.spec.MachinesDiff;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code mms spec rollback}: an earlier revision's machines published again, with a new serial. */
@Command(name = "rollback", mixinStandardHelpOptions = true,
        description = {
            "Publishes the machines of an earlier revision again: the one before the current, or --revision N.",
            "",
            "Nodes refuse an old specification put back as it was (a rollback attack looks the same), so "
                    + "the old content is signed again as a new specification with a serial above every one "
                    + "the bucket keeps, and goes through everything mms spec publish does: validation, the "
                    + "nodes' trust, the changes shown, a compare-and-set put, and --wait.",
            "",
            "How far back it reaches is the bucket's history (mms kv add MACHINES --history 10; mms kv "
                    + "history MACHINES machines lists the revisions, mms spec show --revision N shows one).",
            "",
            "Examples:",
            "  mms spec rollback --key signer.key --wait",
            "  mms spec rollback --revision 5 --key signer.key --dry-run"
        })
final class SpecRollbackCommand implements Callable<Integer> {
    @Option(names = "--revision", paramLabel = "N",
            description = "the revision whose machines to publish again (default: the one before the current)")
    Long revision;

    @Mixin
    PublishOptions options;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws InterruptedException {
        return Publication.run(options, spec, history -> {
            SpecHistory.Revision current = history.current().orElseThrow(() -> new CliException(history.where()
                    + " holds no specification to roll back"));
            SpecHistory.Revision target = revision != null ? history.revision(revision)
                    : history.before(current.revision()).orElseThrow(() -> new CliException(history.where()
                            + " keeps no revision before revision " + current.revision() + ", nothing to roll back to"
                            + " (the bucket's --history decides how many it keeps)"));
            if (target.revision() == current.revision()) {
                return new Publication.Plan.Nothing("revision " + target.revision() + " is the current one");
            }
            SpecContent content = target.readable();
            if (current.content().isPresent()
                    && MachinesDiff.of(current.content().get().machines(), content.machines()).isEmpty()) {
                return new Publication.Plan.Nothing(content.label() + " lists the same machines as the current "
                        + current.label());
            }
            return new Publication.Plan.Machines(content.label() + " again", content.machines());
        });
    }
}
