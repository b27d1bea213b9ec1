package mms.cli;

import java.io.PrintWriter;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Callable;
import mms.kv.Entry;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code mms kv get}: shows a key's value. */
@Command(name = "get", mixinStandardHelpOptions = true,
        description = "Shows the value of KEY with its revision and time; --raw prints only the value.")
final class KvGetCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "BUCKET")
    String bucket;

    @Parameters(index = "1", paramLabel = "KEY")
    String key;

    @Option(names = "--raw", description = "print the value bytes only, without a newline")
    boolean raw;

    @Mixin
    KvOptions store;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        KvOutput.bucket(bucket);
        KvOutput.key(key);
        Entry entry = store.apply(s -> s.bucket(bucket).get(key)
                .orElseThrow(() -> new CliException("key " + key + " not found in bucket " + bucket)));
        PrintWriter out = spec.commandLine().getOut();
        byte[] value = entry.value();
        if (raw) {
            try {
                out.print(StandardCharsets.UTF_8.newDecoder().decode(ByteBuffer.wrap(value)));
                out.flush();
            } catch (CharacterCodingException e) {
                out.flush();
                System.out.write(value, 0, value.length);
                System.out.flush();
            }
            return 0;
        }
        out.println(bucket + " > " + key + " sequence " + entry.revision() + " created @ "
                + KvOutput.time(entry.created(), KvOutput.RFC822));
        out.println();
        String shown = KvOutput.printable(value);
        int width = terminalWidth();
        if (shown.length() > width) {
            out.println("Showing first " + width + " characters, use --raw for full value");
            out.println();
            shown = shown.substring(0, width);
        }
        out.println(shown);
        out.flush();
        return 0;
    }

    private static int terminalWidth() {
        if (System.console() == null) {
            return 80;
        }
        try {
            return Math.max(20, Integer.parseInt(System.getenv().getOrDefault("COLUMNS", "80")));
        } catch (NumberFormatException e) {
            return 80;
        }
    }
}
