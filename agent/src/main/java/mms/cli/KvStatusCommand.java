package mms.cli;

import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/** {@code mms kv status}: a bucket's settings and size. */
@Command(name = "status", aliases = "info", mixinStandardHelpOptions = true,
        description = "Shows a bucket's settings and how much it holds.")
final class KvStatusCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "BUCKET")
    String bucket;

    @Mixin
    KvOptions store;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        KvOutput.bucket(bucket);
        PrintWriter out = spec.commandLine().getOut();
        store.run(s -> KvOutput.status(out, s.bucket(bucket).status(), true));
        out.flush();
        return 0;
    }
}
