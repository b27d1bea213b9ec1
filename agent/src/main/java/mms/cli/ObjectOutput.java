package mms.cli;

/** Messages shared by the {@code mms object} verbs. */
final class ObjectOutput {
    private ObjectOutput() {}

    /** The error for an object the bucket does not hold. */
    static CliException notFound(String bucket, String name) {
        return new CliException("object '" + name + "' not found in object store bucket " + bucket);
    }

    /**
     * {@code NAME (SIZE bytes, sha256 HEX)}: the hex SHA-256 as {@code sha256sum} and
     * {@code mms bundle}'s {@code checksum} print it, so the two can be compared by eye.
     */
    static String summary(String name, long size, String sha256) {
        return name + " (" + size + " bytes, sha256 " + sha256 + ")";
    }
}
