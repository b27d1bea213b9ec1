package mms.cli;

import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.Callable;
import mms.kv.Entry;
import mms.kv.KeyValueStore;
import mms.kv.KvException;
import mms.kv.KvWatch;
import mms.kv.WatchEvent;
import mms.kv.WatchOptions;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code mms kv watch}: prints current values, then every change, until interrupted. */
@Command(name = "watch", mixinStandardHelpOptions = true,
        description = {
            "Prints the current value of KEY, then every change, until Ctrl-C.",
            "",
            "Without KEY every key of BUCKET is watched; KEY may be a pattern such as app.> too. "
                    + "--once prints the first value and exits."
        })
final class KvWatchCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "BUCKET")
    String bucket;

    @Parameters(index = "1", paramLabel = "KEY", arity = "0..1", description = "key or pattern; default every key")
    String key;

    @Option(names = "--once", description = "print the first value (not a delete) raw and exit")
    boolean once;

    @Option(names = "--timeout", paramLabel = "DURATION", converter = CliDurationConverter.class,
            description = "give up after this long, e.g. 30s (exit 1 with 'timeout')")
    Duration timeout;

    @Mixin
    KvOptions store;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws InterruptedException {
        KvOutput.bucket(bucket);
        PrintWriter out = spec.commandLine().getOut();
        Instant deadline = timeout == null ? null : Instant.now().plus(timeout);
        try (KeyValueStore s = store.open();
             KvWatch watch = s.bucket(bucket).watch(key == null ? ">" : key, WatchOptions.CURRENT_THEN_CHANGES)) {
            while (true) {
                Optional<WatchEvent> next;
                if (deadline == null) {
                    next = Optional.of(watch.next());
                } else {
                    Duration left = Duration.between(Instant.now(), deadline);
                    if (left.isNegative() || left.isZero()) {
                        throw new CliException("timeout");
                    }
                    next = watch.poll(left);
                }
                if (next.isEmpty() || !(next.get() instanceof WatchEvent.Update update)) {
                    continue;
                }
                Entry e = update.entry();
                if (once) {
                    if (!e.isMarker()) {
                        out.print(new String(e.value(), StandardCharsets.UTF_8));
                        out.flush();
                        return 0;
                    }
                    continue;
                }
                String when = "[" + KvOutput.time(e.created(), KvOutput.WATCH_TIME) + "] ";
                switch (e.operation()) {
                    case PUT -> out.println(when + "PUT " + bucket + "." + e.key() + ": " + KvOutput.printable(e.value()));
                    case DELETE -> out.println(when + "DEL " + bucket + "." + e.key());
                    case PURGE -> out.println(when + "PURGE " + bucket + "." + e.key());
                }
                out.flush();
            }
        } catch (KvException e) {
            throw KvOutput.failed(e);
        }
    }
}
