package mms.watcher.kv;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;
import mms.event.EventSink;
import mms.event.MachineEvent;
import mms.event.WatcherStateNotification;
import mms.json.Json;
import mms.kv.KeyValueStore;
import mms.machine.ManifestParser;
import mms.runtime.Machine;
import mms.runtime.MachineEnvironment;
import mms.runtime.MachineLoader;
import mms.runtime.WatcherRegistry;
import mms.time.TimeSource;
import mms.watcher.MachineInfo;
import mms.watcher.Watcher;
import mms.watcher.WatcherConfigException;
import mms.watcher.WatcherFactory;
import mms.watcher.WatcherProperties;
import mms.watcher.WatcherServices;
import mms.watcher.WatcherSettings;

/**
 * A real machine with one kv watcher named {@code config}, on the real clock (the store's own
 * timeouts are real), recording its events. States: {@code start} --got--> {@code ready},
 * --broken--> {@code failed}, --reset--> {@code start}.
 */
final class KvMachine implements AutoCloseable {
    final Machine machine;
    private final List<MachineEvent> events;

    final KvWatcher watcher;

    private KvMachine(Machine machine, List<MachineEvent> events, KvWatcher watcher) {
        this.machine = machine;
        this.events = events;
        this.watcher = watcher;
    }

    /** The watcher's last outcome, published or not. */
    KvState kvState() {
        return ((KvStateNotification) watcher.currentState()).state();
    }

    /**
     * Loads and starts the machine.
     *
     * @param watcher the watcher's YAML lines after {@code type: kv} (interval, properties), indented 4
     */
    static KvMachine start(Path dir, Optional<KeyValueStore> store, String watcher) throws Exception {
        return start(dir, store, watcher, Json.object());
    }

    /** As {@link #start(Path, Optional, String)} on a node with {@code facts}. */
    static KvMachine start(Path dir, Optional<KeyValueStore> store, String watcher, JsonNode facts) throws Exception {
        Files.createDirectories(dir);
        Files.writeString(dir.resolve("machine.yaml"), """
                name: kvtest
                version: 1.0.0
                initial_state: start
                transitions:
                  - {name: got, from: [start, ready, failed], destination: ready}
                  - {name: broken, from: [start, ready], destination: failed}
                  - {name: reset, from: [ready, failed], destination: start}
                watchers:
                  - name: config
                    type: kv
                    success_transition: got
                    fail_transition: broken
                """ + watcher);
        List<MachineEvent> events = new CopyOnWriteArrayList<>();
        EventSink sink = events::add;
        WatcherServices services = store.map(WatcherServices.NONE::withStore).orElse(WatcherServices.NONE);
        MachineEnvironment env = new MachineEnvironment("node1", () -> facts, TimeSource.system(), new Random(1),
                sink, name -> Optional.empty(), t -> { }, services);
        List<KvWatcher> built = new CopyOnWriteArrayList<>();
        WatcherFactory recording = new WatcherFactory() {
            @Override
            public String type() {
                return "kv";
            }

            @Override
            public Watcher create(WatcherSettings settings, WatcherProperties properties, MachineInfo info)
                    throws WatcherConfigException {
                KvWatcher w = (KvWatcher) new KvWatcherFactory().create(settings, properties, info);
                built.add(w);
                return w;
            }
        };
        Machine m = new MachineLoader(WatcherRegistry.of(List.of(recording)))
                .load(ManifestParser.read(dir), dir, true, env);
        m.start();
        return new KvMachine(m, events, built.getLast());
    }

    /** The data item, or missing node. */
    JsonNode data(String key) {
        return machine.data().path(key);
    }

    String state() {
        return machine.state();
    }

    /** The kv states published so far, in order. */
    List<KvState> published() {
        return events.stream().filter(e -> e instanceof WatcherStateNotification)
                .map(e -> ((KvStateNotification) ((WatcherStateNotification) e).state()).state()).toList();
    }

    @Override
    public void close() {
        machine.stop();
    }
}
