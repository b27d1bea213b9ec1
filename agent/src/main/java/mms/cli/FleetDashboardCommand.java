package mms.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.net.InetSocketAddress;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import mms.config.AgentConfig;
import mms.dashboard.FleetDashboard;
import mms.kv.KeyValueStore;
import mms.status.FleetFeed;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code mms fleet dashboard}: the fleet on a live web page, until Ctrl-C. */
@Command(name = "dashboard", mixinStandardHelpOptions = true,
        description = {
            "Serves a web page with the fleet as a table, node by node, updated live from the nodes' status "
                    + "records, until Ctrl-C.",
            "",
            "The page shows what 'mms fleet status' shows (the specification, how far it converged, "
                    + "rejections and failures by reason, stale and stopped nodes, versions) and a row per node: "
                    + "its state, the revision it runs and each machine's version and state. Everything it "
                    + "loads comes from this command; there is no authentication, so keep --listen on loopback "
                    + "or a management network."
        })
final class FleetDashboardCommand implements Callable<Integer> {

    @Option(names = "--listen", paramLabel = "HOST:PORT", defaultValue = "127.0.0.1:8080",
            description = "where to serve the page (default ${DEFAULT-VALUE}; [::1]:8080 for IPv6, port 0 picks one)")
    String listen;

    @Mixin
    FleetOptions options;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        InetSocketAddress address = address();
        AgentConfig config = options.resolve(System.getenv());
        AgentConfig.SpecificationKey where = config.specification();
        PrintWriter err = spec.commandLine().getErr();
        CountDownLatch stop = new CountDownLatch(1);
        CountDownLatch stopped = new CountDownLatch(1);
        // Ctrl-C: end the wait below and let it close the listener and the store before the JVM exits
        Thread hook = Thread.ofPlatform().name("fleet-dashboard-stop").unstarted(() -> {
            stop.countDown();
            try {
                stopped.await(5, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        try (KeyValueStore store = KvOptions.open(config.store());
             FleetFeed feed = FleetFeed.open(store, where.bucket(), where.key());
             FleetDashboard dashboard = start(feed, store, address)) {
            InetSocketAddress bound = dashboard.address();
            err.println("serving the fleet dashboard of " + store.description() + " (" + where.bucket() + " > "
                    + where.key() + ") on http://" + new AgentConfig.HttpListen(bound.getHostString(), bound.getPort())
                    + "/, Ctrl-C stops");
            err.flush();
            Runtime.getRuntime().addShutdownHook(hook);
            try {
                stop.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } finally {
                try {
                    Runtime.getRuntime().removeShutdownHook(hook);
                } catch (IllegalStateException e) {
                    // the JVM is shutting down: the hook is what ended the wait
                }
            }
        } finally {
            stopped.countDown();
        }
        return 0;
    }

    /** {@code --listen}, parsed and resolved; a usage error (2) naming what is wrong. */
    private InetSocketAddress address() {
        AgentConfig.HttpListen parsed;
        try {
            parsed = AgentConfig.HttpListen.parse(listen.strip());
        } catch (IllegalArgumentException e) {
            throw new CliException("--listen '" + listen + "' is not HOST:PORT: " + e.getMessage(), 2, e);
        }
        InetSocketAddress address = new InetSocketAddress(parsed.host(), parsed.port());
        if (address.isUnresolved()) {
            throw new CliException("cannot listen on " + parsed + ": host " + parsed.host() + " does not resolve", 1, null);
        }
        return address;
    }

    private static FleetDashboard start(FleetFeed feed, KeyValueStore store, InetSocketAddress address) {
        try {
            return FleetDashboard.start(feed, store.description(), address);
        } catch (IOException e) {
            throw new CliException("cannot listen on " + new AgentConfig.HttpListen(address.getHostString(),
                    address.getPort()) + ": " + e.getMessage(), 1, e);
        }
    }
}
