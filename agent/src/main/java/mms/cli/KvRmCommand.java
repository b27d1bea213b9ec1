package mms.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/** {@code mms kv rm}: removes a whole bucket. */
@Command(name = "rm", mixinStandardHelpOptions = true,
        description = "Removes BUCKET with all its keys. kv watchers reading it report errors until it is back.")
final class KvRmCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "BUCKET")
    String bucket;

    @Mixin
    KvConfirmation confirmation;

    @Mixin
    KvOptions store;

    @Override
    public Integer call() {
        KvOutput.bucket(bucket);
        if (confirmation.confirmed("Really remove the " + bucket + " bucket")) {
            store.run(s -> s.removeBucket(bucket));
        }
        return 0;
    }
}
