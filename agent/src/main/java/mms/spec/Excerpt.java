package mms.spec;

/**
 * Text from an untrusted document, made safe to put in a message: at most {@value #LENGTH}
 * characters (then {@code ...}), control and non-ASCII characters written as {@code \}{@code uXXXX}, so
 * a hostile value can neither flood a log nor forge a line of it.
 */
final class Excerpt {
    static final int LENGTH = 64;

    private Excerpt() {}

    static String of(String text) {
        StringBuilder out = new StringBuilder();
        int end = Math.min(text.length(), LENGTH);
        for (int i = 0; i < end; i++) {
            char c = text.charAt(i);
            if (c < 0x20 || c > 0x7e) {
                out.append(String.format("\\u%04x", (int) c));
            } else {
                out.append(c);
            }
        }
        return text.length() > LENGTH ? out.append("...").toString() : out.toString();
    }
}
