package mms.kv;

import java.util.Objects;

/** What a {@link KvWatch} delivers: an entry, or the signal that the initial values are all delivered. */
public sealed interface WatchEvent {

    /**
     * A new entry (a value or a delete/purge marker) of a watched key.
     *
     * @param entry the entry, never null
     */
    record Update(Entry entry) implements WatchEvent {
        /** Checks the entry is present. */
        public Update {
            Objects.requireNonNull(entry, "entry");
        }
    }

    /** Every current value was delivered (or none was asked for); what follows are changes. Sent exactly once, first or after the current values. */
    record EndOfInitialData() implements WatchEvent {
    }
}
