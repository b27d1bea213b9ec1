package mms.watcher;

import java.util.Locale;
import java.util.Optional;

/**
 * Where one node is in the rollout of a new version of a supervised entry (one with a health check
 * or a rollout plan), as its status record and its rollout events say it. Wire names are the
 * lowercase constant names.
 */
public enum RolloutState {
    /** The node's wave may not start yet: earlier waves are not done, the pause has not passed, or the fleet is not known. */
    WAITING,
    /** The rollout is paused: the node does not start installing. */
    PAUSED,
    /**
     * The rollout halted fleet-wide (too many nodes failed): the node does not install the new
     * version, or went back to the previous one ({@code auto_revert}).
     */
    HALTED,
    /** The node's manager installs the new version. */
    INSTALLING,
    /** The new version is installed; the node waits for it to prove itself healthy. */
    VERIFYING,
    /** The new version runs and proved itself healthy (or, without a health check, runs). */
    HEALTHY,
    /** The new version failed its health check and the node went back to the previous one. */
    REVERTED,
    /** The new version failed its health check and there was no previous version to go back to. */
    FAILED;

    /** The wire name, lowercase. */
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The state of a wire name, if it is one. */
    public static Optional<RolloutState> of(String wireName) {
        for (RolloutState s : values()) {
            if (s.wireName().equals(wireName)) {
                return Optional.of(s);
            }
        }
        return Optional.empty();
    }

    /** Whether this node failed the new version ({@link #REVERTED}, {@link #FAILED}): what {@code max_failed} counts. */
    public boolean failure() {
        return this == REVERTED || this == FAILED;
    }

    /** Whether the node is done with the new version: healthy, or failed it. */
    public boolean done() {
        return this == HEALTHY || failure();
    }

    /** Whether the node runs, or is putting in place, the new version. */
    public boolean upgrading() {
        return this == INSTALLING || this == VERIFYING;
    }
}
