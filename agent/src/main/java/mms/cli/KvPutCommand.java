package mms.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/** {@code mms kv put}: stores a value. */
@Command(name = "put", mixinStandardHelpOptions = true,
        description = "Stores VALUE under KEY ('-' reads the value from standard input) and prints it.")
final class KvPutCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "BUCKET")
    String bucket;

    @Parameters(index = "1", paramLabel = "KEY", description = "key: A-Z a-z 0-9 - / _ = . (dots separate tokens)")
    String key;

    @Parameters(index = "2", paramLabel = "VALUE", description = "the value, or - for standard input")
    String value;

    @Mixin
    KvOptions store;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        KvOutput.bucket(bucket);
        KvOutput.key(key);
        byte[] bytes;
        if (value.equals("-")) {
            try {
                bytes = System.in.readAllBytes();
            } catch (IOException e) {
                throw new CliException("cannot read the value from standard input: " + e.getMessage());
            }
        } else {
            bytes = value.getBytes(StandardCharsets.UTF_8);
        }
        store.run(s -> s.bucket(bucket).put(key, bytes));
        PrintWriter out = spec.commandLine().getOut();
        out.println(new String(bytes, StandardCharsets.UTF_8));
        out.flush();
        return 0;
    }
}
