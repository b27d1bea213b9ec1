package mms.cli;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import mms.kv.Entry;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/** {@code mms kv history}: every kept entry of a key. */
@Command(name = "history", mixinStandardHelpOptions = true,
        description = "Shows the kept entries of KEY, oldest first, delete and purge markers included.")
final class KvHistoryCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "BUCKET")
    String bucket;

    @Parameters(index = "1", paramLabel = "KEY")
    String key;

    @Mixin
    KvOptions store;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        KvOutput.bucket(bucket);
        KvOutput.key(key);
        List<Entry> history = store.apply(s -> s.bucket(bucket).history(key));
        List<List<String>> rows = new ArrayList<>();
        for (Entry e : history) {
            String value = KvOutput.printable(e.value()).replace("\n", "\\n");
            if (value.length() > 40) {
                value = value.substring(0, 15) + "..." + value.substring(value.length() - 15);
            }
            rows.add(List.of(Long.toString(e.revision()), e.operation().name(),
                    KvOutput.time(e.created(), KvOutput.WATCH_TIME), Integer.toString(e.length()), value));
        }
        PrintWriter out = spec.commandLine().getOut();
        KvOutput.table(out, List.of("Seq", "Operation", "Time", "Length", "Value"), rows);
        out.flush();
        return 0;
    }
}
