package mms.cli;

import java.io.PrintWriter;
import java.util.concurrent.Callable;
import mms.kv.KeyValueStore;
import mms.kv.KvException;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code mms kv rm}: removes a whole bucket. */
@Command(name = "rm", mixinStandardHelpOptions = true,
        description = "Removes BUCKET with all its keys. kv watchers reading it report errors until it is back.")
final class KvRmCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "BUCKET")
    String bucket;

    @Option(names = {"-f", "--force"}, description = "do not ask for confirmation")
    boolean force;

    @Mixin
    KvOptions store;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        KvOutput.bucket(bucket);
        PrintWriter out = spec.commandLine().getOut();
        if (!force && !KvOutput.confirm(out, "Really remove the " + bucket + " bucket")) {
            return 0;
        }
        try (KeyValueStore s = store.open()) {
            s.removeBucket(bucket);
        } catch (KvException e) {
            throw KvOutput.failed(e);
        }
        return 0;
    }
}
