package mms.watcher.machines;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import mms.event.WatcherState;
import mms.watcher.MachineInfo;
import mms.watcher.Watcher;
import mms.watcher.WatcherFactory;
import mms.watcher.WatcherProperties;
import mms.watcher.WatcherRuntime;
import mms.watcher.WatcherSettings;

/**
 * An {@code archive} type that does nothing, so written manager machines load in a host. When one
 * closes it records whether its machine's files still existed (in place or where the purge parked them),
 * which shows the machine stopped before its directory was deleted.
 */
final class IdleArchiveFactory implements WatcherFactory {
    /** machine directory → whether its parked copy still held machine.yaml when the watcher closed */
    final Map<Path, Boolean> closedWithFilesPresent = new ConcurrentHashMap<>();

    @Override
    public String type() {
        return "archive";
    }

    @Override
    public Watcher create(WatcherSettings settings, WatcherProperties properties, MachineInfo machine) {
        Path dir = machine.directory();
        // a manager is parked as .purge.mm_<name>, its machine directory then moved into that; the host
        // stops the machine as soon as the manager is parked, so its files may still be in place then
        Path parked = dir.getFileName().toString().startsWith(ManagerManifest.PREFIX)
                ? dir.resolveSibling(".purge." + dir.getFileName())
                : dir.resolveSibling(ManagerManifest.PURGING_PREFIX + dir.getFileName()).resolve("machine");
        return new Watcher() {
            @Override
            public WatcherSettings settings() {
                return settings;
            }

            @Override
            public void run(WatcherRuntime runtime) throws InterruptedException {
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

            @Override
            public void close() {
                closedWithFilesPresent.put(dir, Files.exists(dir.resolve("machine.yaml"))
                        || Files.exists(parked.resolve("machine.yaml")));
            }
        };
    }
}
