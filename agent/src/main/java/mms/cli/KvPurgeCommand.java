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

/** {@code mms kv purge}: removes a key's whole history. */
@Command(name = "purge", mixinStandardHelpOptions = true,
        description = "Removes KEY and its history, leaving only a purge marker.")
final class KvPurgeCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "BUCKET")
    String bucket;

    @Parameters(index = "1", paramLabel = "KEY")
    String key;

    @Option(names = {"-f", "--force"}, description = "do not ask for confirmation")
    boolean force;

    @Mixin
    KvOptions store;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        KvOutput.bucket(bucket);
        KvOutput.key(key);
        PrintWriter out = spec.commandLine().getOut();
        if (!force && !KvOutput.confirm(out, "Really remove the " + bucket + " > " + key)) {
            return 0;
        }
        try (KeyValueStore s = store.open()) {
            s.bucket(bucket).purge(key);
        } catch (KvException e) {
            throw KvOutput.failed(e);
        }
        return 0;
    }
}
