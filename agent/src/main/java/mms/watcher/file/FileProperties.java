package mms.watcher.file;

import java.nio.file.Path;
import java.util.Optional;
import mms.template.Template;
import mms.watcher.WatcherConfigException;
import mms.watcher.WatcherProperties;

/**
 * The {@code properties} of a file watcher. With {@code contents} the file is <em>managed</em>:
 * its content, mode, owner and group are enforced; without, it is only watched for changes.
 *
 * @param path               {@code path}: the file, required; relative paths resolve against
 *                           the machine directory (stored absolute)
 * @param gatherInitialState {@code gather_initial_state}: remember the file's modification time
 *                           at start so the first check does not report a change; default false
 * @param contents           {@code contents}: the managed content (template); default none
 * @param owner              {@code owner}: user name (template), required with {@code contents}
 * @param group              {@code group}: group name (template), required with {@code contents}
 * @param mode               {@code mode}: octal mode like {@code 0640} (template), required with
 *                           {@code contents}; checked at load unless it is a template
 */
public record FileProperties(
        Path path,
        boolean gatherInitialState,
        Optional<String> contents,
        Optional<String> owner,
        Optional<String> group,
        Optional<String> mode) {

    /** Whether content is enforced. */
    public boolean managed() {
        return contents.isPresent();
    }

    /** Whether any managed property is a template (so data changes matter). */
    boolean templated() {
        return contents.filter(Template::isTemplate).isPresent() || owner.filter(Template::isTemplate).isPresent()
                || group.filter(Template::isTemplate).isPresent() || mode.filter(Template::isTemplate).isPresent();
    }

    /**
     * Reads and validates the properties.
     *
     * @param machineDirectory where relative paths resolve
     * @throws WatcherConfigException naming the bad property and value
     */
    public static FileProperties parse(WatcherProperties p, Path machineDirectory) throws WatcherConfigException {
        Path path = machineDirectory.resolve(p.requiredString("path")).toAbsolutePath().normalize();
        boolean gather = p.bool("gather_initial_state", false);
        // an empty contents means "not managed", as in the original
        Optional<String> contents = p.string("contents").filter(s -> !s.isEmpty());
        Optional<String> owner = p.string("owner").filter(s -> !s.isEmpty());
        Optional<String> group = p.string("group").filter(s -> !s.isEmpty());
        Optional<String> mode = modeText(p);
        if (contents.isPresent()) {
            requireWithContents(p, "owner", owner);
            requireWithContents(p, "group", group);
            requireWithContents(p, "mode", mode);
            if (!Template.isTemplate(mode.get())) {
                try {
                    FileMode.parse(mode.get());
                } catch (IllegalArgumentException e) {
                    throw p.bad("mode", mode.get(), e.getMessage());
                }
            }
        }
        return new FileProperties(path, gather, contents, owner, group, mode);
    }

    private static void requireWithContents(WatcherProperties p, String key, Optional<String> value)
            throws WatcherConfigException {
        if (value.isEmpty()) {
            throw new WatcherConfigException("property '" + key + "' of " + p.owner() + " is required when managing content");
        }
    }

    private static Optional<String> modeText(WatcherProperties p) throws WatcherConfigException {
        Optional<Object> raw = p.raw("mode");
        if (raw.isPresent() && raw.get() instanceof Number n) {
            // an unquoted 0640 may reach us already converted by the YAML reader: insist on text
            throw p.bad("mode", n, "must be quoted text like \"0640\" so it is read as octal");
        }
        return p.string("mode").map(String::strip).filter(s -> !s.isEmpty());
    }
}
