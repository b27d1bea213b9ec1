package mms.cli;

import java.io.PrintWriter;
import java.time.Duration;
import java.util.concurrent.Callable;
import mms.kv.BucketConfig;
import mms.kv.KeyValueBucket;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code mms kv add}: creates a bucket unless it exists, then shows it. */
@Command(name = "add", mixinStandardHelpOptions = true,
        description = "Creates a bucket (an existing one is left unchanged) and shows its settings.")
final class KvAddCommand implements Callable<Integer> {
    @Parameters(paramLabel = "BUCKET", description = "bucket name: A-Z a-z 0-9 _ -")
    String bucket;

    @Option(names = "--history", paramLabel = "N", defaultValue = "5", description = "entries kept per key, 1-64 (default 5)")
    int history;

    @Option(names = "--ttl", paramLabel = "DURATION", defaultValue = "0", converter = CliDurationConverter.class,
            description = "how long entries live, e.g. 1d12h; 0 for ever (default)")
    Duration ttl;

    @Option(names = "--replicas", paramLabel = "R", defaultValue = "1", description = "NATS replicas, 1-5 (default 1)")
    int replicas;

    @Mixin
    KvOptions store;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        BucketConfig config;
        try {
            config = BucketConfig.of(KvOutput.bucket(bucket)).withHistory(history).withTtl(ttl).withReplicas(replicas);
        } catch (IllegalArgumentException e) {
            throw new CliException(e.getMessage());
        }
        store.run(s -> {
            KeyValueBucket b = s.createBucket(config);
            PrintWriter out = spec.commandLine().getOut();
            KvOutput.status(out, b.status(), false);
            out.flush();
        });
        return 0;
    }
}
