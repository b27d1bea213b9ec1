package mms.spec.match;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.function.IntPredicate;

/**
 * Go's {@code strings} functions over Java strings, with Go's results: Go strings are UTF-8 bytes,
 * so offsets ({@code indexOf}, indexes, slices) count bytes, {@code len} counts code points
 * (runes), comparison is by code point, whitespace is {@code unicode.IsSpace} and case mapping is
 * per code point.
 */
final class GoText {

    private GoText() {}

    /** Go's {@code unicode.IsSpace}. */
    static boolean isSpace(int cp) {
        return (cp >= '\t' && cp <= '\r') || cp == ' ' || cp == 0x85 || Character.isSpaceChar(cp);
    }

    /** {@code utf8.RuneCountInString}. */
    static int runeCount(String s) {
        return s.codePointCount(0, s.length());
    }

    /** The UTF-8 length of {@code s[from:to]} (char offsets); an unpaired surrogate counts as U+FFFD. */
    static int utf8Length(String s, int from, int to) {
        int bytes = 0;
        for (int i = from; i < to; ) {
            int cp = s.codePointAt(i);
            i += Character.charCount(cp);
            bytes += cp < 0x80 ? 1 : cp < 0x800 ? 2 : cp < 0x10000 ? 3 : 4;
        }
        return bytes;
    }

    static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    /** Byte order, which is code point order. */
    static int compare(String a, String b) {
        int i = 0;
        int j = 0;
        while (i < a.length() && j < b.length()) {
            int x = a.codePointAt(i);
            int y = b.codePointAt(j);
            if (x != y) {
                return Integer.compare(x, y);
            }
            i += Character.charCount(x);
            j += Character.charCount(y);
        }
        return Integer.compare(a.length() - i, b.length() - j);
    }

    /** {@code strings.Index}: the byte offset of the first {@code sub}, or -1. */
    static long index(String s, String sub) {
        int at = s.indexOf(sub);
        return at < 0 ? -1 : utf8Length(s, 0, at);
    }

    /** {@code strings.LastIndex}: the byte offset of the last {@code sub}, or -1. */
    static long lastIndex(String s, String sub) {
        int at = s.lastIndexOf(sub);
        return at < 0 ? -1 : utf8Length(s, 0, at);
    }

    /** {@code strings.TrimSpace}. */
    static String trimSpace(String s) {
        return trim(s, GoText::isSpace);
    }

    /** {@code strings.Trim}: removes leading and trailing code points found in {@code cutset}. */
    static String trim(String s, String cutset) {
        return trim(s, cp -> cutset.indexOf(Character.toString(cp)) >= 0);
    }

    private static String trim(String s, IntPredicate cut) {
        int start = 0;
        while (start < s.length() && cut.test(s.codePointAt(start))) {
            start += Character.charCount(s.codePointAt(start));
        }
        int end = s.length();
        while (end > start && cut.test(s.codePointBefore(end))) {
            end -= Character.charCount(s.codePointBefore(end));
        }
        return s.substring(start, end);
    }

    /** {@code strings.ToUpper}: per code point, so {@code ß} stays {@code ß} as in Go. */
    static String upper(String s) {
        StringBuilder out = new StringBuilder(s.length());
        s.codePoints().forEach(cp -> out.appendCodePoint(Character.toUpperCase(cp)));
        return out.toString();
    }

    /** {@code strings.ToLower}: per code point. */
    static String lower(String s) {
        StringBuilder out = new StringBuilder(s.length());
        s.codePoints().forEach(cp -> out.appendCodePoint(Character.toLowerCase(cp)));
        return out.toString();
    }

    /**
     * {@code strings.SplitN} ({@code after} false) and {@code strings.SplitAfterN} ({@code after}
     * true): {@code n < 0} splits at every separator, {@code n == 0} gives no parts, an empty
     * separator splits into code points.
     */
    static List<Object> split(String s, String sep, long n, boolean after) {
        List<Object> out = new ArrayList<>();
        if (n == 0) {
            return out;
        }
        if (sep.isEmpty()) {
            int runes = runeCount(s);
            long parts = n < 0 || n > runes ? runes : n;
            int i = 0;
            for (long k = 0; k < parts - 1; k++) {
                int next = s.offsetByCodePoints(i, 1);
                out.add(s.substring(i, next));
                i = next;
            }
            if (parts > 0) {
                out.add(s.substring(i));
            }
            return out;
        }
        long limit = n < 0 ? Long.MAX_VALUE : n;
        int start = 0;
        while (out.size() < limit - 1) {
            int at = s.indexOf(sep, start);
            if (at < 0) {
                break;
            }
            out.add(s.substring(start, after ? at + sep.length() : at));
            start = at + sep.length();
        }
        out.add(s.substring(start));
        return out;
    }

    /**
     * {@code strings.Replace}: the first {@code n} (all when negative) non-overlapping {@code old}
     * replaced; an empty {@code old} matches before every code point and at the end.
     */
    static String replace(String s, String old, String replacement, long n) {
        if (old.equals(replacement) || n == 0) {
            return s;
        }
        StringBuilder out = new StringBuilder();
        int start = 0;
        long done = 0;
        while (n < 0 || done < n) {
            int at;
            if (old.isEmpty()) {
                if (done > 0) {
                    if (start >= s.length()) {
                        break;
                    }
                    out.appendCodePoint(s.codePointAt(start));
                    start += Character.charCount(s.codePointAt(start));
                }
                at = start;
            } else {
                at = s.indexOf(old, start);
                if (at < 0) {
                    break;
                }
                out.append(s, start, at);
            }
            out.append(replacement);
            start = at + old.length();
            done++;
        }
        return out.append(s, start, s.length()).toString();
    }
}
