package mms.cli;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.Callable;
import mms.duration.GoDuration;
import mms.governor.GovernorEvent;
import mms.governor.GovernorEventType;
import mms.kv.EnterOptions;
import mms.kv.KvException;
import mms.kv.NoFreeSlot;
import mms.kv.Slot;
import mms.process.CommandLine;
import mms.process.ProcessOutcome;
import mms.process.ProcessRequest;
import mms.process.ProcessRunner;
import mms.time.Backoff;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code mms governor run NAME -- COMMAND...}: runs a command while holding a slot. */
@Command(name = "run", mixinStandardHelpOptions = true,
        description = {
            "Runs COMMAND while holding a slot of governor NAME.",
            "",
            "Waits for a slot, runs COMMAND with this terminal, frees the slot and exits with the "
                    + "command's exit code. A single COMMAND word is split with shell quoting rules.",
            "",
            "With --max-per-period the slot is not freed but left to expire: at most CAPACITY runs "
                    + "start per expiry period, and running out of time is not an error."
        })
final class GovernorRunCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "NAME", description = "governor name")
    String name;

    @Parameters(index = "1..*", paramLabel = "COMMAND", arity = "1..*", description = "command and arguments")
    List<String> command;

    @Option(names = "--max-wait", paramLabel = "DURATION", defaultValue = "5m", converter = CliDurationConverter.class,
            description = "longest wait for a slot (default ${DEFAULT-VALUE})")
    Duration wait;

    @Option(names = "--interval", paramLabel = "DURATION", defaultValue = "5s", converter = CliDurationConverter.class,
            description = "retry interval, at least 1s (default ${DEFAULT-VALUE})")
    Duration retry;

    @Option(names = "--max-per-period", description = "do not free the slot when done; limit starts per expiry period")
    boolean maxPerPeriod;

    @Option(names = "--identity", paramLabel = "NAME", description = "node identity for the holder name and events (MMS_IDENTITY, config 'identity'; default: the host name)")
    String identity;

    @Mixin
    GovernorStoreOptions store;

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws InterruptedException {
        if (retry.compareTo(Duration.ofSeconds(1)) < 0) {
            throw new CliException("interval should be >=1s", 2, null);
        }
        if (!wait.isPositive()) {
            throw new CliException("--max-wait must be positive, got " + GoDuration.format(wait), 2, null);
        }
        List<String> words;
        try {
            words = command.size() == 1 ? CommandLine.split(command.getFirst()) : command;
        } catch (IllegalArgumentException e) {
            throw new CliException("could not parse command: " + e.getMessage(), 2, e);
        }
        if (words.isEmpty()) {
            throw new CliException("could not parse command", 2, null);
        }
        String node = identity != null ? identity : store.identity();
        // the original used the bare identity, so 'view' could not tell two jobs of one node apart
        String holder = node + ": " + String.join(" ", words);
        EnterOptions campaign = new EnterOptions(wait, Backoff.fixed(retry), !maxPerPeriod);
        return store.apply(governor -> {
            Slot slot;
            try {
                slot = governor.storage().enter(name, holder, campaign);
            } catch (NoFreeSlot e) {
                if (maxPerPeriod) {
                    return 0;
                }
                governor.announce(GovernorEvent.of(GovernorEventType.TIMEOUTS, node, "CLI", name, 0, Instant.now()));
                throw new CliException("could not get a execution slot: " + e.getMessage(), 1, e);
            } catch (KvException e) {
                governor.announce(GovernorEvent.of(GovernorEventType.TIMEOUTS, node, "CLI", name, 0, Instant.now()));
                throw new CliException("could not get a execution slot: " + e.getMessage(), 1, e);
            }
            long seq = slot.sequence();
            governor.announce(GovernorEvent.of(GovernorEventType.ENTER, node, "CLI", name, seq, Instant.now()));
            // Ctrl-C reaches the child too; the hook frees the slot before the JVM exits
            Thread release = new Thread(slot::close, "governor-release");
            Runtime.getRuntime().addShutdownHook(release);
            try {
                return switch (ProcessRunner.run(ProcessRequest.inheriting(words))) {
                    case ProcessOutcome.Exited exited -> exited.exitCode();
                    case ProcessOutcome.TimedOut timedOut ->
                        throw new IllegalStateException("a command without a timeout timed out after " + timedOut.timeout());
                };
            } catch (IOException e) {
                spec.commandLine().getErr().println("execution failed: " + e.getMessage());
                spec.commandLine().getErr().flush();
                return 1;
            } finally {
                slot.close();
                governor.announce(GovernorEvent.of(GovernorEventType.EXIT, node, "CLI", name, seq, Instant.now()));
                try {
                    Runtime.getRuntime().removeShutdownHook(release);
                } catch (IllegalStateException shuttingDown) {
                    // the hook is running or ran: nothing left to undo
                }
            }
        });
    }
}
