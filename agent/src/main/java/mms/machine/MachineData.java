package mms.machine;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BiConsumer;
import mms.files.AtomicFiles;
import mms.json.Json;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A machine's key→JSON store, persisted as {@code machine_data.json}: compact JSON, keys sorted,
 * written to a 0600 temporary file in the machine directory and renamed over the old one, so a
 * crash leaves the old or the new file, never half of one.
 *
 * <p>Unlike the original, a failed save rolls the in-memory change back (memory and disk never
 * diverge), writing a value equal to the current one is not a change, and listeners hear about
 * every real change (the runtime uses that to wake watchers).
 */
public final class MachineData {
    /** The data file name inside the machine directory. */
    public static final String FILE_NAME = "machine_data.json";
    private static final Logger LOG = LoggerFactory.getLogger(MachineData.class);

    private final Path file;
    private final TreeMap<String, JsonNode> values = new TreeMap<>();
    private final List<BiConsumer<String, String>> listeners = new CopyOnWriteArrayList<>();

    private MachineData(Path file) {
        this.file = file;
    }

    /**
     * Loads {@code directory/machine_data.json}. A missing file is an empty store; an unreadable or
     * corrupt one is reported through {@code warn} (naming the file and the reason) and discarded.
     */
    public static MachineData load(Path directory, java.util.function.Consumer<String> warn) {
        MachineData data = new MachineData(directory.resolve(FILE_NAME));
        try {
            // a kill during a save leaves its temporary file; the data file itself is whole
            AtomicFiles.removeLeftovers(data.file);
        } catch (IOException e) {
            warn.accept("could not remove the temporary files of interrupted saves of " + data.file + ": "
                    + firstLine(e.getMessage()));
        }
        try {
            byte[] bytes = Files.readAllBytes(data.file);
            JsonNode root = Json.mapper().readTree(bytes);
            if (root instanceof ObjectNode object) {
                object.properties().forEach(e -> data.values.put(e.getKey(), e.getValue()));
            } else {
                warn.accept("could not load data file " + data.file + ", discarding it: it holds "
                        + (root == null ? "nothing" : root.getNodeType().toString().toLowerCase(java.util.Locale.ROOT))
                        + ", not a JSON object");
            }
        } catch (NoSuchFileException e) {
            // a machine that never stored anything
        } catch (IOException e) {
            warn.accept("could not load data file " + data.file + ", discarding it: " + firstLine(e.getMessage()));
        }
        return data;
    }

    /** A store that lives only in memory, for machines without a directory. */
    public static MachineData inMemory() {
        return new MachineData(null);
    }

    /** The value stored under {@code key}. */
    public synchronized Optional<JsonNode> get(String key) {
        return Optional.ofNullable(values.get(key)).map(JsonNode::deepCopy);
    }

    /** A copy of the whole store as a JSON object with sorted keys. */
    public synchronized ObjectNode snapshot() {
        ObjectNode out = Json.object();
        values.forEach((k, v) -> out.set(k, v.deepCopy()));
        return out;
    }

    /**
     * Stores {@code value} under {@code key} and saves. Storing a value equal to the current one
     * does nothing.
     *
     * @param writer who writes, passed to listeners (a watcher name, or empty)
     * @return whether the store changed
     * @throws IOException when the file cannot be saved; the store is then unchanged
     */
    public boolean put(String key, JsonNode value, String writer) throws IOException {
        synchronized (this) {
            JsonNode old = values.get(key);
            if (value.equals(old)) {
                return false;
            }
            values.put(key, value.deepCopy());
            try {
                save();
            } catch (IOException e) {
                if (old == null) {
                    values.remove(key);
                } else {
                    values.put(key, old);
                }
                throw e;
            }
        }
        listeners.forEach(l -> l.accept(key, writer));
        return true;
    }

    /**
     * Removes {@code key} and saves; nothing happens when it is absent.
     *
     * @return whether the store changed
     * @throws IOException when the file cannot be saved; the store is then unchanged
     */
    public boolean delete(String key, String writer) throws IOException {
        synchronized (this) {
            JsonNode old = values.remove(key);
            if (old == null) {
                return false;
            }
            try {
                save();
            } catch (IOException e) {
                values.put(key, old);
                throw e;
            }
        }
        listeners.forEach(l -> l.accept(key, writer));
        return true;
    }

    /** Calls {@code listener(key, writer)} after every change. */
    public void onChange(BiConsumer<String, String> listener) {
        listeners.add(listener);
    }

    /** Writes the current contents to disk (used at shutdown; every change already saves). */
    public synchronized void flush() throws IOException {
        if (file != null && (!values.isEmpty() || Files.exists(file))) {
            save();
        }
    }

    private void save() throws IOException {
        if (file == null) {
            return;
        }
        ObjectNode data = Json.object();
        values.forEach(data::set);
        byte[] content = Json.writeSorted(data).getBytes(StandardCharsets.UTF_8);
        try {
            AtomicFiles.replace(file, AtomicFiles.PRIVATE, out -> out.write(content));
        } catch (IOException e) {
            LOG.debug("could not save {}", file, e);
            throw new IOException("could not save data to " + file + ": " + e.getMessage(), e);
        }
    }

    private static String firstLine(String message) {
        return message == null ? "unknown error" : message.lines().findFirst().orElse(message);
    }
}
