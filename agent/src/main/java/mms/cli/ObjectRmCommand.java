package mms.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/** {@code mms object rm}: deletes an object. */
@Command(name = "rm", mixinStandardHelpOptions = true,
        description = {
            "Deletes an object.",
            "",
            "Deletes object NAME from BUCKET after asking (-f does not ask). Archive watchers whose "
                    + "source it is fail their next download; machines already installed stay as they are."
        })
final class ObjectRmCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "BUCKET")
    String bucket;

    @Parameters(index = "1", paramLabel = "NAME", description = "the object name, e.g. fleet/app-1.0.0.tar.gz")
    String name;

    @Mixin
    KvConfirmation confirmation;

    @Mixin
    KvOptions store;

    @Override
    public Integer call() {
        KvOutput.bucket(bucket);
        if (confirmation.confirmed("Really remove object " + name + " from bucket " + bucket)) {
            if (!store.applyToObjects(objects -> objects.delete(bucket, name))) {
                throw ObjectOutput.notFound(bucket, name);
            }
        }
        return 0;
    }
}
