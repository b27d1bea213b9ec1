package mms.status;

import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * Every record of the status bucket at one moment.
 *
 * @param nodes      the records that parsed, in any order, not null
 * @param unreadable the keys whose value is not a node status record, with the reason, sorted by
 *                   key, not null
 */
public record FleetRecords(List<NodeStatus> nodes, Map<String, String> unreadable) {

    /** No record at all. */
    public static final FleetRecords EMPTY = new FleetRecords(List.of(), Map.of());

    /** Copies. */
    public FleetRecords {
        nodes = List.copyOf(nodes);
        unreadable = Collections.unmodifiableSortedMap(new TreeMap<>(Objects.requireNonNull(unreadable, "unreadable")));
    }
}
