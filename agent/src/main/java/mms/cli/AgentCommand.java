package mms.cli;

import java.util.concurrent.CountDownLatch;
import mms.agent.Agent;
import mms.agent.AgentException;
import mms.config.AgentConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code mms agent}: hosts every machine of the machines directory until stopped. */
@Command(name = "agent",
        description = {
            "Hosts every machine in the machines directory until SIGTERM or Ctrl-C.",
            "",
            "Each sub-directory holding a machine.yaml is a machine. New, changed and removed "
                    + "directories are noticed within a second: a changed machine is stopped completely and "
                    + "started again, a removed one is stopped. Directories named tmp, starting with '.' or "
                    + "ending in '-temp', and symbolic links, are ignored.",
            "",
            "With --manage the agent also runs a built-in manager machine that deploys the machines "
                    + "of the signed specification in the store (bucket MACHINES, key machines).",
            "",
            "Settings come from flags, then MMS_* environment variables, then --config FILE."
        },
        mixinStandardHelpOptions = true)
final class AgentCommand implements Runnable {
    @Mixin
    AgentOptions options;

    @Override
    public void run() {
        AgentConfig config = options.resolve(System.getenv());
        Logging.configure(config.logLevel(), config.logFormat());
        Agent agent;
        try {
            agent = Agent.start(config);
        } catch (AgentException e) {
            throw new CliException(e.getMessage(), 1, e);
        }
        CountDownLatch stopped = new CountDownLatch(1);
        // no static logger: picocli creates every command to build its model, and a static one
        // would set up logging for 'mms --version' too
        Logger log = LoggerFactory.getLogger(AgentCommand.class);
        Runtime.getRuntime().addShutdownHook(Thread.ofPlatform().name("shutdown").unstarted(() -> {
            log.info("shutting down");
            agent.close();
            stopped.countDown();
        }));
        try {
            stopped.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
