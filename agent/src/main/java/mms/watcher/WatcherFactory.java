package mms.watcher;

/**
 * Creates watchers of one type. Implementations are listed in
 * {@code META-INF/services/mms.watcher.WatcherFactory}.
 */
public interface WatcherFactory {

    /** The {@code type:} string in {@code machine.yaml}, e.g. {@code exec}. */
    String type();

    /**
     * Validates the properties and builds a watcher; called when the machine loads, before
     * anything runs. Must not start threads or touch the outside world.
     *
     * @throws WatcherConfigException naming the property, its bad value and why
     */
    Watcher create(WatcherSettings settings, WatcherProperties properties, MachineInfo machine)
            throws WatcherConfigException;
}
