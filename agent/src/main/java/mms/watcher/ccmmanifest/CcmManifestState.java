package mms.watcher.ccmmanifest;

/** The outcome of a ccm_manifest check, with the wire names of {@code previous_outcome}. */
public enum CcmManifestState {
    /** Not checked yet. */
    UNKNOWN("unknown"),
    /** The manifest could not be read or applied. In mms every active check ends here. */
    ERROR("error"),
    /** Every resource was already as the manifest says. Never reached in mms: nothing is applied. */
    STABLE("stable"),
    /** The apply changed resources (or, in noop mode, would). Never reached in mms. */
    CHANGES("changes"),
    /** The watcher was not active. */
    SKIPPED("skipped");

    private final String wireName;

    CcmManifestState(String wireName) {
        this.wireName = wireName;
    }

    /** The name in notifications. */
    public String wireName() {
        return wireName;
    }
}
