package mms.event;

/**
 * Reads the type-specific members of one watcher type's state notification back into a
 * {@link WatcherState}, the inverse of {@link WatcherState#writeTo}: how a consumer of the bus
 * ({@code mms machine watch}) prints a received state with the same text form the watcher logs. The
 * original's watcher plugins do the same ({@code UnmarshalNotification}).
 */
@FunctionalInterface
public interface WatcherStateReader {

    /**
     * Reads the state.
     *
     * @param data the notification's {@code data}, not null
     * @return the state, never null
     * @throws EventFormatException when a member is missing or has a value this type never writes
     */
    WatcherState read(EventData data) throws EventFormatException;
}
