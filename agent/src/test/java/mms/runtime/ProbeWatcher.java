package mms.runtime;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import mms.event.WatcherState;
import mms.watcher.MachineInfo;
import mms.watcher.Watcher;
import mms.watcher.WatcherConfigException;
import mms.watcher.WatcherFactory;
import mms.watcher.WatcherProperties;
import mms.watcher.WatcherRuntime;
import mms.watcher.WatcherSettings;

/**
 * A watcher for runtime tests: on start and on every wake-up it records the machine state and,
 * when active, reports the outcome named by its {@code outcome} property (success, failure, none).
 * A test makes a run fail by queueing an exception or error in {@link #failures}: the next check
 * throws it instead of checking.
 */
final class ProbeWatcher implements Watcher {
    /** Every probe built, so tests can reach them. */
    static final List<ProbeWatcher> ALL = new CopyOnWriteArrayList<>();

    final WatcherSettings settings;
    final String outcome;
    final boolean dataWakeups;
    final List<String> seenStates = new CopyOnWriteArrayList<>();
    final AtomicInteger runs = new AtomicInteger();
    /** How many times the runtime has called {@link #run}. */
    final AtomicInteger starts = new AtomicInteger();
    /** Thrown, one per check, before anything else happens in it. */
    final Queue<Throwable> failures = new ConcurrentLinkedQueue<>();
    volatile boolean closed;
    volatile boolean running;

    ProbeWatcher(WatcherSettings settings, String outcome, boolean dataWakeups) {
        this.settings = settings;
        this.outcome = outcome;
        this.dataWakeups = dataWakeups;
    }

    static final class Factory implements WatcherFactory {
        @Override
        public String type() {
            return "probe";
        }

        @Override
        public Watcher create(WatcherSettings settings, WatcherProperties properties, MachineInfo machine)
                throws WatcherConfigException {
            String outcome = properties.string("outcome", "none");
            if (!List.of("success", "failure", "none").contains(outcome)) {
                throw properties.bad("outcome", outcome, "must be success, failure or none");
            }
            ProbeWatcher w = new ProbeWatcher(settings, outcome, properties.bool("data_wakeups", false));
            ALL.add(w);
            return w;
        }
    }

    @Override
    public WatcherSettings settings() {
        return settings;
    }

    @Override
    public void run(WatcherRuntime runtime) throws InterruptedException {
        running = true;
        starts.incrementAndGet();
        try {
            while (true) {
                runs.incrementAndGet();
                Throwable failure = failures.poll();
                if (failure instanceof RuntimeException e) {
                    throw e;
                }
                if (failure instanceof Error e) {
                    throw e;
                }
                seenStates.add(runtime.machine().state());
                if (runtime.shouldWatch()) {
                    switch (outcome) {
                        case "success" -> runtime.success();
                        case "failure" -> runtime.failure();
                        default -> { }
                    }
                    runtime.publish();
                }
                runtime.awaitWakeup();
            }
        } finally {
            running = false;
        }
    }

    @Override
    public WatcherState currentState() {
        return new WatcherState() {
            @Override
            public void writeTo(ObjectNode data) {
                data.put("runs", runs.get());
            }

            @Override
            public String text(String identity, String machine, String watcher) {
                return identity + " " + machine + "#" + watcher + " runs: " + runs.get();
            }
        };
    }

    @Override
    public boolean wakeOnDataChange() {
        return dataWakeups;
    }

    @Override
    public void close() {
        closed = true;
    }
}
