package mms.runtime;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.random.RandomGenerator;
import mms.event.EventSink;
import mms.event.TransitionNotification;
import mms.time.TimeSource;
import mms.watcher.WatcherServices;

/**
 * What a host gives each machine it runs.
 *
 * @param identity     this node's identity
 * @param facts        the node's facts, read on every use
 * @param time         the clock
 * @param random       randomness for splay and jitter
 * @param events       where transitions and watcher states go
 * @param stateLookup  another machine's current state by name (foreign_state_required)
 * @param transitions  told about every transition, to feed other machines' subscriptions; must not block
 * @param services     what the agent offers watchers
 */
public record MachineEnvironment(
        String identity,
        Supplier<JsonNode> facts,
        TimeSource time,
        RandomGenerator random,
        EventSink events,
        Function<String, Optional<String>> stateLookup,
        Consumer<TransitionNotification> transitions,
        WatcherServices services) {
}
