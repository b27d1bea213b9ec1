package mms.archive;

/** A file's SHA-256 differs from the expected one; both digests are lowercase hex. */
public final class ChecksumMismatchException extends ArchiveException {

    private final String what;
    private final String expected;
    private final String actual;

    /**
     * @param what     what was checked, e.g. {@code archive https://host/x.tgz}
     * @param expected expected digest, lowercase hex
     * @param actual   computed digest, lowercase hex
     */
    public ChecksumMismatchException(String what, String expected, String actual) {
        super("checksum mismatch for " + what + ": expected " + expected + ", got " + actual);
        this.what = what;
        this.expected = expected;
        this.actual = actual;
    }

    /** What was checked. */
    public String what() {
        return what;
    }

    /** The expected digest, lowercase hex. */
    public String expected() {
        return expected;
    }

    /** The digest of the bytes actually received or found, lowercase hex. */
    public String actual() {
        return actual;
    }
}
