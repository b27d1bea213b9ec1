package mms.watcher;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Optional;
import java.util.random.RandomGenerator;
import mms.template.TemplateException;
import mms.time.TimeSource;

/**
 * The narrow view of its machine a watcher gets. Data writes through this view are attributed to
 * the watcher, so the runtime wakes the machine's <em>other</em> watchers.
 */
public interface MachineContext {

    /** Machine name. */
    String name();

    /** Machine version. */
    String version();

    /** Instance id: a new UUID each time the machine loads. */
    String instanceId();

    /** This node's identity. */
    String identity();

    /** The machine directory. */
    Path directory();

    /** The current state. */
    String state();

    /**
     * Fires {@code event}. Not fireable from the current state is a warning, not an error.
     *
     * @throws InterruptedException when the machine stops during storm-protection backoff
     */
    TransitionOutcome transition(String event) throws InterruptedException;

    /** The current state of another machine on this host, by name. */
    Optional<String> foreignState(String machineName);

    /** One machine-data value. */
    Optional<JsonNode> data(String key);

    /** A copy of all machine data. */
    ObjectNode data();

    /**
     * Stores a machine-data value (saved at once).
     *
     * @return whether the value changed
     * @throws IOException when it cannot be saved; nothing changed then
     */
    boolean putData(String key, JsonNode value) throws IOException;

    /**
     * Removes a machine-data value.
     *
     * @return whether it was there
     * @throws IOException when the change cannot be saved; nothing changed then
     */
    boolean deleteData(String key) throws IOException;

    /** This node's facts as a JSON object (read fresh from the facts source). */
    JsonNode facts();

    /**
     * Renders a property template ({@code {{ lookup "facts.x" "d" }}}) over facts and data.
     *
     * @throws TemplateException when the template does not parse or execute
     */
    String render(String template) throws TemplateException;

    /** The machine's clock. */
    TimeSource time();

    /** Randomness for splay and jitter (seeded in tests). */
    RandomGenerator random();

    /** What the agent offers watchers: its store, governors, trust settings and machine registry. */
    WatcherServices services();
}
