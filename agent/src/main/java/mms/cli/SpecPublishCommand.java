package mms.cli;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import mms.spec.SpecificationException;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/** {@code mms spec publish}: machines.json to the fleet, checked, signed, compared and put in one step. */
@Command(name = "publish", mixinStandardHelpOptions = true,
        description = {
            "Validates, signs, checks, compares and puts machines.json as the fleet's specification.",
            "",
            "FILE is signed as a versioned specification with the next serial (one above the highest "
                    + "the bucket keeps, or --serial), issued now, for the nodes' audience (the audience "
                    + "setting, default <manage_bucket>/<manage_key>). The signatures are checked against the "
                    + "keys the nodes trust (trust_file or signing_key, and a newer trust document in the "
                    + "bucket's trust key). What changes against the specification in the store is shown, "
                    + "with the nodes that run each changed entry now (from their status records). Then it "
                    + "is put, only if the store still holds what it was compared with.",
            "",
            "Nothing is put when the machines are invalid, the signatures do not satisfy the nodes' "
                    + "trust, the serial is not above the bucket's, or the store changed meanwhile (exit 1).",
            "",
            "With --wait it follows the rollout as mms fleet status --wait does, one line per change, "
                    + "and exits 0 once every live node runs it, 3 when a node rejected it, 4 when one failed "
                    + "to install it by the timeout, 5 when nodes did not get there in time.",
            "",
            "FILE may also be a versioned specification signed offline (mms pack --serial, then mms sign "
                    + "by each signer): it is published as signed, each --key adding a signature.",
            "",
            "Examples:",
            "  mms spec publish machines.json --key signer.key --wait",
            "  mms spec publish machines.json --key signer.key --expires 30d --dry-run",
            "  mms spec publish spec.json --wait       # signed offline by two people"
        })
final class SpecPublishCommand implements Callable<Integer> {
    @Parameters(paramLabel = "FILE", description = "machines.json, or a versioned specification signed offline")
    Path file;

    @Mixin
    PublishOptions options;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws InterruptedException {
        byte[] bytes = PackCommand.readFile(file);
        String label = file.toString();
        return Publication.run(options, spec, history -> {
            SpecContent content = SpecContent.read(label, new String(bytes, StandardCharsets.UTF_8), true);
            if (content.versioned().isPresent()) {
                return new Publication.Plan.Signed(content.label(), content.versioned().get());
            }
            if (content.original().isPresent()) {
                throw new SpecificationException(label + " is a specification in the original's format:"
                        + " publish the machines.json it was packed from, which is signed as a versioned specification");
            }
            return new Publication.Plan.Machines(label, bytes);
        });
    }
}
