package mms.watcher.archive;

/** The outcome of one archive check, with the original's wire names of {@code previous_outcome}. */
public enum ArchiveState {
    /** No check has finished yet. */
    UNKNOWN("unknown"),
    /** The watcher was not active ({@code state_match}, {@code foreign_state_required}). */
    SKIPPED("skipped"),
    /** The check failed: template, governor, download, checksum, unsafe entry or install. */
    ERROR("error"),
    /** The installed directory exists and, with {@code verify}, matches its checksums file. */
    VERIFIED("verified"),
    /**
     * A downloaded archive's content failed verification against its checksums file (the archive
     * checksum matched, so the publisher built a bad archive). Unreachable in the original.
     */
    VERIFY_FAILED("verify_failed"),
    /** The installed directory is missing; a step of a check, never its final outcome. */
    NO_CREATES("no_creates"),
    /** The installed directory lacks its checksums file; a step of a check, never its final outcome. */
    NO_CHECKSUMS("no_checksums"),
    /** The archive was downloaded, verified and installed. */
    DOWNLOADED("downloaded");

    private final String wireName;

    ArchiveState(String wireName) {
        this.wireName = wireName;
    }

    /** The name in notifications. */
    public String wireName() {
        return wireName;
    }
}
