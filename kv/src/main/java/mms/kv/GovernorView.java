package mms.kv;

import java.util.List;

/**
 * A governor and its current holders, oldest sequence first.
 *
 * @param info    configuration and active count
 * @param holders the taken slots
 */
public record GovernorView(GovernorInfo info, List<Holder> holders) {
    /** Copies the list. */
    public GovernorView {
        holders = List.copyOf(holders);
    }
}
