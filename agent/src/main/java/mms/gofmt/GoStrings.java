package mms.gofmt;

import java.nio.charset.StandardCharsets;

/** Go's string quoting and the escapers behind the {@code html}, {@code js} and {@code urlquery} functions. */
public final class GoStrings {

    private static final char[] HEX = "0123456789ABCDEF".toCharArray();

    private GoStrings() {}

    /** Interprets Go escapes in the body of a quoted literal; null when the body is malformed. */
    public static String unquote(String body, char quote) {
        StringBuilder out = new StringBuilder(body.length());
        int i = 0;
        while (i < body.length()) {
            char c = body.charAt(i++);
            if (c == quote) {
                return null;
            }
            if (c != '\\') {
                out.append(c);
                continue;
            }
            if (i >= body.length()) {
                return null;
            }
            char e = body.charAt(i++);
            switch (e) {
                case 'a' -> out.append('\u0007');
                case 'b' -> out.append('\b');
                case 'f' -> out.append('\f');
                case 'n' -> out.append('\n');
                case 'r' -> out.append('\r');
                case 't' -> out.append('\t');
                case 'v' -> out.append('\u000b');
                case '\\' -> out.append('\\');
                case '\'', '"' -> {
                    if (e != quote) {
                        return null;
                    }
                    out.append(e);
                }
                case 'x', 'u', 'U' -> {
                    int n = e == 'x' ? 2 : e == 'u' ? 4 : 8;
                    if (i + n > body.length()) {
                        return null;
                    }
                    String digits = body.substring(i, i + n);
                    // parseUnsignedInt would also take a leading '+', which Go rejects
                    if (!digits.chars().allMatch(d -> Character.digit(d, 16) >= 0)) {
                        return null;
                    }
                    try {
                        int v = Integer.parseUnsignedInt(digits, 16);
                        i += n;
                        if (e == 'x') {
                            // a byte: only meaningful as text when ASCII, which is what machine files use
                            out.append((char) v);
                        } else {
                            if (!Character.isValidCodePoint(v) || (v >= 0xD800 && v <= 0xDFFF)) {
                                return null;
                            }
                            out.appendCodePoint(v);
                        }
                    } catch (NumberFormatException ex) {
                        return null;
                    }
                }
                case '0', '1', '2', '3', '4', '5', '6', '7' -> {
                    if (i + 2 > body.length()) {
                        return null;
                    }
                    String oct = "" + e + body.charAt(i) + body.charAt(i + 1);
                    try {
                        int v = Integer.parseInt(oct, 8);
                        if (v > 255) {
                            return null;
                        }
                        out.append((char) v);
                        i += 2;
                    } catch (NumberFormatException ex) {
                        return null;
                    }
                }
                default -> {
                    return null;
                }
            }
        }
        return out.toString();
    }

    /** Go's {@code strconv.Quote}. */
    public static String quote(String s) {
        StringBuilder out = new StringBuilder(s.length() + 2).append('"');
        s.codePoints().forEach(cp -> appendEscaped(out, cp, '"'));
        return out.append('"').toString();
    }

    /** Go's {@code strconv.QuoteRune}, used by {@code %q} on integers. */
    public static String quoteRune(long r) {
        int cp = r < 0 || r > Character.MAX_CODE_POINT || (r >= 0xD800 && r <= 0xDFFF) ? 0xFFFD : (int) r;
        StringBuilder out = new StringBuilder().append('\'');
        appendEscaped(out, cp, '\'');
        return out.append('\'').toString();
    }

    private static void appendEscaped(StringBuilder out, int cp, char quote) {
        if (cp == quote || cp == '\\') {
            out.append('\\').appendCodePoint(cp);
            return;
        }
        if (isPrint(cp)) {
            out.appendCodePoint(cp);
            return;
        }
        switch (cp) {
            case 7 -> out.append("\\a");
            case '\b' -> out.append("\\b");
            case '\f' -> out.append("\\f");
            case '\n' -> out.append("\\n");
            case '\r' -> out.append("\\r");
            case '\t' -> out.append("\\t");
            case 11 -> out.append("\\v");
            default -> {
                if (cp < ' ' || cp == 0x7f) {
                    out.append("\\x").append(hex2(cp));
                } else if (cp < 0x10000) {
                    out.append(String.format("\\u%04x", cp));
                } else {
                    out.append(String.format("\\U%08x", cp));
                }
            }
        }
    }

    private static String hex2(int b) {
        return String.format("%02x", b);
    }

    /** Approximates Go's {@code unicode.IsPrint}: letters, marks, numbers, punctuation, symbols and ASCII space. */
    public static boolean isPrint(int cp) {
        if (cp == ' ') {
            return true;
        }
        return switch (Character.getType(cp)) {
            case Character.UNASSIGNED, Character.CONTROL, Character.FORMAT, Character.PRIVATE_USE,
                    Character.SURROGATE, Character.SPACE_SEPARATOR, Character.LINE_SEPARATOR,
                    Character.PARAGRAPH_SEPARATOR -> false;
            default -> true;
        };
    }

    /** Go's {@code template.HTMLEscapeString}. */
    public static String html(String s) {
        StringBuilder out = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> out.append("&#34;");
                case '\'' -> out.append("&#39;");
                case '&' -> out.append("&amp;");
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '\0' -> out.append('\uFFFD');
                default -> out.append(c);
            }
        }
        return out.toString();
    }

    /** Go's {@code template.JSEscapeString}. */
    public static String js(String s) {
        StringBuilder out = new StringBuilder(s.length());
        int i = 0;
        while (i < s.length()) {
            int cp = s.codePointAt(i);
            i += Character.charCount(cp);
            switch (cp) {
                case '\\' -> out.append("\\\\");
                case '\'' -> out.append("\\'");
                case '"' -> out.append("\\\"");
                case '<' -> out.append("\\u003C");
                case '>' -> out.append("\\u003E");
                case '&' -> out.append("\\u0026");
                case '=' -> out.append("\\u003D");
                default -> {
                    if (cp < ' ') {
                        out.append("\\u00").append(HEX[cp >> 4]).append(HEX[cp & 0xF]);
                    } else if (cp < 0x80 || isPrint(cp)) {
                        out.appendCodePoint(cp);
                    } else {
                        out.append(String.format("\\u%04X", cp));
                    }
                }
            }
        }
        return out.toString();
    }

    /** Go's {@code url.QueryEscape}. */
    public static String queryEscape(String s) {
        StringBuilder out = new StringBuilder(s.length());
        for (byte b : s.getBytes(StandardCharsets.UTF_8)) {
            int c = b & 0xff;
            if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                    || c == '-' || c == '_' || c == '.' || c == '~') {
                out.append((char) c);
            } else if (c == ' ') {
                out.append('+');
            } else {
                out.append('%').append(HEX[c >> 4]).append(HEX[c & 0xF]);
            }
        }
        return out.toString();
    }
}
