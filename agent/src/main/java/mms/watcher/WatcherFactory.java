package mms.watcher;

import java.util.Optional;
import mms.event.WatcherStateReader;

/**
 * Creates watchers of one type. Implementations are listed in
 * {@code META-INF/services/mms.watcher.WatcherFactory}.
 */
public interface WatcherFactory {

    /** The {@code type:} string in {@code machine.yaml}, e.g. {@code exec}. */
    String type();

    /**
     * Reads this type's state notifications back from the bus, for {@code mms machine watch}:
     * usually the notification record's {@code read}, the inverse of its {@code writeTo}.
     *
     * @return the reader; empty when this type's states are not read back (the default), in which
     *     case watching the fleet reports them as undecodable
     */
    default Optional<WatcherStateReader> stateReader() {
        return Optional.empty();
    }

    /**
     * Validates the properties and builds a watcher; called when the machine loads, before
     * anything runs. Must not start threads or touch the outside world.
     *
     * @throws WatcherConfigException naming the property, its bad value and why
     */
    Watcher create(WatcherSettings settings, WatcherProperties properties, MachineInfo machine)
            throws WatcherConfigException;
}
