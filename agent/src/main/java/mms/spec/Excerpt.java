package mms.spec;

/**
 * Text from an untrusted document, made safe to put in a message: control characters and line
 * separators written as {@code \}{@code uXXXX}, so a hostile value can neither forge a line of a
 * log nor flood it.
 */
final class Excerpt {
    /** How much of a value {@link #of} keeps. */
    static final int LENGTH = 64;
    /** How much of a parser's message {@link #line} keeps. */
    static final int LINE = 512;

    private Excerpt() {}

    /** A value quoted in a message: at most {@value #LENGTH} characters, then {@code ...}; only printable ASCII kept. */
    static String of(String text) {
        return escape(text, LENGTH, true);
    }

    /** A whole message built from untrusted text (a JSON parser's): one line of at most {@value #LINE} characters. */
    static String line(String text) {
        return escape(text, LINE, false);
    }

    private static String escape(String text, int length, boolean asciiOnly) {
        StringBuilder out = new StringBuilder();
        int end = Math.min(text.length(), length);
        for (int i = 0; i < end; i++) {
            char c = text.charAt(i);
            boolean unsafe = c < 0x20 || c == 0x7f || (c >= 0x80 && c <= 0x9f) || c == '\u2028' || c == '\u2029';
            if (unsafe || (asciiOnly && c > 0x7e)) {
                out.append(String.format("\\u%04x", (int) c));
            } else {
                out.append(c);
            }
        }
        return text.length() > length ? out.append("...").toString() : out.toString();
    }
}
