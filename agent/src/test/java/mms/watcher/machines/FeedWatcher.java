package mms.watcher.machines;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import mms.event.WatcherState;
import mms.watcher.MachineContext;
import mms.watcher.MachineInfo;
import mms.watcher.Watcher;
import mms.watcher.WatcherFactory;
import mms.watcher.WatcherProperties;
import mms.watcher.WatcherSettings;

/** Stands in for the kv watcher: lets a test put machine data as another watcher would. */
public final class FeedWatcher implements Watcher {
    private final WatcherSettings settings;
    private final CountDownLatch ready = new CountDownLatch(1);
    private volatile MachineContext context;

    FeedWatcher(WatcherSettings settings) {
        this.settings = settings;
    }

    /** Creates {@code feed} watchers and remembers the last one. */
    public static final class Factory implements WatcherFactory {
        /** The last feed watcher created. */
        public volatile FeedWatcher last;

        @Override
        public String type() {
            return "feed";
        }

        @Override
        public Watcher create(WatcherSettings settings, WatcherProperties properties, MachineInfo machine) {
            last = new FeedWatcher(settings);
            return last;
        }
    }

    /** Puts {@code value} under {@code key} in the machine's data, as a kv watcher would. */
    public void put(String key, JsonNode value) throws IOException, InterruptedException {
        if (!ready.await(10, TimeUnit.SECONDS)) {
            throw new IllegalStateException("feed watcher never started");
        }
        context.putData(key, value);
    }

    @Override
    public WatcherSettings settings() {
        return settings;
    }

    @Override
    public void run(mms.watcher.WatcherRuntime runtime) throws InterruptedException {
        context = runtime.machine();
        ready.countDown();
        while (true) {
            runtime.awaitWakeup();
        }
    }

    @Override
    public WatcherState currentState() {
        return new WatcherState() {
            @Override
            public void writeTo(ObjectNode data) {}

            @Override
            public String text(String identity, String machine, String watcher) {
                return "";
            }
        };
    }
}
