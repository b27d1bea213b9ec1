package mms.cli;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import mms.kv.BucketStatus;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/** {@code mms kv ls}: the keys of a bucket, or the buckets. */
@Command(name = "ls", aliases = "keys", mixinStandardHelpOptions = true,
        description = "Lists the keys holding a value in BUCKET, sorted; without BUCKET lists the buckets.")
final class KvLsCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "BUCKET", arity = "0..1")
    String bucket;

    @Mixin
    KvOptions store;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        store.run(s -> {
            if (bucket != null) {
                s.bucket(KvOutput.bucket(bucket)).keys().forEach(out::println);
            } else {
                List<List<String>> rows = new ArrayList<>();
                for (String name : s.bucketNames()) {
                    BucketStatus st = s.bucket(name).status();
                    rows.add(List.of(name, Integer.toString(st.history()), Long.toString(st.values())));
                }
                if (rows.isEmpty()) {
                    out.println("No Key-Value stores found");
                } else {
                    KvOutput.table(out, List.of("Bucket", "History", "Values"), rows);
                }
            }
        });
        out.flush();
        return 0;
    }
}
