package mms.cli;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import mms.agent.Agent;
import mms.agent.AgentException;
import mms.config.AgentConfig;
import mms.duration.GoDuration;
import mms.event.ConsoleEventSink;
import mms.runtime.Machine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code mms machine run}: one machine in the foreground, printing its events. */
@Command(name = "run",
        description = {
            "Runs one machine in the foreground, printing its transitions and watcher states.",
            "",
            "The loop a machine author iterates with. Stops on Ctrl-C, or after --for. Machine data "
                    + "is kept in the machine directory as the agent would."
        },
        mixinStandardHelpOptions = true)
final class MachineRunCommand implements Runnable {
    @Parameters(paramLabel = "DIR", description = "machine directory or its machine.yaml")
    Path path;

    @Option(names = "--for", paramLabel = "DURATION", converter = CliDurationConverter.class,
            description = "stop after this long, e.g. 30s or 5m")
    Duration runFor;

    @Mixin
    AgentOptions options;

    @Override
    public void run() {
        AgentConfig config = options.resolve(System.getenv());
        Logging.configure(config.logLevel(), config.logFormat());
        Path dir = (Files.isRegularFile(path) ? path.toAbsolutePath().getParent() : path).toAbsolutePath();
        Optional<Duration> limit = Optional.ofNullable(runFor);
        Agent agent;
        try {
            agent = Agent.startMachine(config, dir, new ConsoleEventSink(new PrintStream(System.out, true)));
        } catch (AgentException e) {
            throw new CliException(e.getMessage(), 1, e);
        }
        Machine machine = agent.machines().getFirst();
        CountDownLatch done = new CountDownLatch(1);
        Thread hook = Thread.ofPlatform().unstarted(() -> {
            agent.close();
            done.countDown();
        });
        Runtime.getRuntime().addShutdownHook(hook);
        machine.warnings().forEach(w -> System.err.println("warning: " + w));
        System.out.println("running " + machine.name() + " version " + machine.version() + " from " + dir
                + " in state " + machine.state() + (limit.map(d -> " for " + GoDuration.format(d)).orElse("")) + ", Ctrl-C stops it");
        try {
            if (limit.isPresent()) {
                if (!done.await(limit.get().toMillis(), TimeUnit.MILLISECONDS)) {
                    Runtime.getRuntime().removeShutdownHook(hook);
                    agent.close();
                    System.out.println("stopped " + machine.name() + " in state " + machine.state());
                }
            } else {
                done.await();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
