package mms.runtime;

import java.util.Collection;
import java.util.Map;
import java.util.Optional;
import java.util.ServiceLoader;
import java.util.TreeMap;
import mms.event.WatcherStateReader;
import mms.watcher.WatcherFactory;

/** The watcher types this build knows, found with {@link ServiceLoader}. */
public final class WatcherRegistry {
    private final Map<String, WatcherFactory> factories = new TreeMap<>();

    private WatcherRegistry() {}

    /** Every {@link WatcherFactory} on the class path. @throws IllegalStateException on a duplicate type */
    public static WatcherRegistry discover() {
        return of(ServiceLoader.load(WatcherFactory.class).stream().map(ServiceLoader.Provider::get).toList());
    }

    /** Exactly the given factories (tests, custom builds). @throws IllegalStateException on a duplicate type */
    public static WatcherRegistry of(Collection<? extends WatcherFactory> factories) {
        WatcherRegistry registry = new WatcherRegistry();
        for (WatcherFactory f : factories) {
            WatcherFactory previous = registry.factories.putIfAbsent(f.type(), f);
            if (previous != null) {
                throw new IllegalStateException("watcher type '" + f.type() + "' is provided twice: by "
                        + previous.getClass().getName() + " and " + f.getClass().getName());
            }
        }
        return registry;
    }

    /** The factory for {@code type}. */
    public Optional<WatcherFactory> get(String type) {
        return Optional.ofNullable(factories.get(type));
    }

    /** The readers of the state notifications of the known types that offer one, by type. */
    public Map<String, WatcherStateReader> stateReaders() {
        Map<String, WatcherStateReader> readers = new TreeMap<>();
        factories.forEach((type, factory) -> factory.stateReader().ifPresent(reader -> readers.put(type, reader)));
        return readers;
    }

    /** Known type names, sorted. */
    public Collection<String> types() {
        return factories.keySet();
    }
}
