package mms.process;

/**
 * What a process wrote to its standard output and error, bounded.
 *
 * @param text    the kept bytes as UTF-8 text (a character cut by the limit becomes U+FFFD)
 * @param kept    how many bytes were kept, at most the capture limit
 * @param dropped how many bytes beyond the limit were read and dropped
 */
public record CapturedOutput(String text, int kept, long dropped) {
    /** Nothing captured: the output was discarded or inherited, or the process wrote nothing. */
    public static final CapturedOutput NONE = new CapturedOutput("", 0, 0);

    /** Whether the process wrote nothing (or nothing was captured). */
    public boolean isEmpty() {
        return kept == 0 && dropped == 0;
    }
}
