package mms.cli;

import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;
import mms.kv.StoredObject;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/** {@code mms object ls}: the objects of a bucket. */
@Command(name = "ls", mixinStandardHelpOptions = true,
        description = {
            "Lists the objects of a bucket.",
            "",
            "One row per object of BUCKET, sorted by name: name, size in bytes and when it was stored "
                    + "(local time). Deleted objects are not shown."
        })
final class ObjectLsCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "BUCKET")
    String bucket;

    @Mixin
    KvOptions store;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        KvOutput.bucket(bucket);
        List<StoredObject.Info> objects = store.applyToObjects(o -> o.list(bucket));
        PrintWriter out = spec.commandLine().getOut();
        if (objects.isEmpty()) {
            out.println("No objects in bucket " + bucket);
        } else {
            KvOutput.table(out, List.of("Name", "Size", "Modified"), objects.stream()
                    .map(o -> List.of(o.name(), Long.toString(o.size()), KvOutput.time(o.modified(), KvOutput.WATCH_TIME)))
                    .toList());
        }
        out.flush();
        return 0;
    }
}
