package mms.host;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.function.Supplier;
import java.util.random.RandomGenerator;
import mms.event.EventSink;
import mms.runtime.WatcherRegistry;
import mms.time.TimeSource;
import mms.watcher.WatcherServices;

/**
 * How a {@link Host} runs.
 *
 * @param machinesDirectory the machines directory; created (0700) when missing
 * @param identity          this node's identity
 * @param facts             the node's facts
 * @param time              the clock machines use
 * @param random            randomness for splay and jitter
 * @param events            where events go
 * @param watchers          the known watcher types
 * @param compiled          compiled-in machines
 * @param services          what the agent offers watchers (the host adds its machine registry)
 * @param rescanInterval    the safety-net rescan period (filesystem notifications do the real work)
 */
public record HostOptions(
        Path machinesDirectory,
        String identity,
        Supplier<JsonNode> facts,
        TimeSource time,
        RandomGenerator random,
        EventSink events,
        WatcherRegistry watchers,
        List<CompiledMachine> compiled,
        WatcherServices services,
        Duration rescanInterval) {

    public HostOptions {
        compiled = List.copyOf(compiled);
    }
}
