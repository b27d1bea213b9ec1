package mms.spec.match;

import java.util.Locale;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * RE2 patterns on {@link java.util.regex}. The common syntax is shared; RE2's named groups
 * {@code (?P<name>...)} are rewritten to Java's form, and constructs RE2 rejects (look-around,
 * back-references, atomic groups, possessive quantifiers) are rejected here too, so a pattern
 * never matches on mms where it failed on the original. Remaining difference: Java's {@code $}
 * also matches before a final line terminator.
 */
final class Regexes {

    private Regexes() {}

    static Pattern compile(String re2) {
        StringBuilder out = new StringBuilder(re2.length());
        boolean inClass = false;
        for (int i = 0; i < re2.length(); i++) {
            char c = re2.charAt(i);
            if (c == '\\' && i + 1 < re2.length()) {
                char n = re2.charAt(i + 1);
                if (!inClass && (Character.isDigit(n) && n != '0' || n == 'k')) {
                    throw new PatternSyntaxException("back-references are not supported by re2", re2, i);
                }
                out.append(c).append(n);
                i++;
                continue;
            }
            if (inClass) {
                if (c == ']') {
                    inClass = false;
                }
                out.append(c);
                continue;
            }
            if (c == '[') {
                inClass = true;
                out.append(c);
                if (i + 1 < re2.length() && re2.charAt(i + 1) == '^') {
                    out.append('^');
                    i++;
                }
                if (i + 1 < re2.length() && re2.charAt(i + 1) == ']') {
                    out.append(']');
                    i++;
                }
                continue;
            }
            if (c == '(' && re2.startsWith("(?P<", i)) {
                out.append("(?<");
                i += 3;
                continue;
            }
            if (c == '(' && (re2.startsWith("(?=", i) || re2.startsWith("(?!", i) || re2.startsWith("(?<=", i)
                    || re2.startsWith("(?<!", i) || re2.startsWith("(?>", i))) {
                throw new PatternSyntaxException("look-around and atomic groups are not supported by re2", re2, i);
            }
            if (c == '+' && i > 0 && isQuantifierEnd(re2, i - 1)) {
                throw new PatternSyntaxException("possessive quantifiers are not supported by re2", re2, i);
            }
            out.append(c);
        }
        return Pattern.compile(out.toString());
    }

    private static boolean isQuantifierEnd(String re, int i) {
        char p = re.charAt(i);
        boolean escaped = i > 0 && re.charAt(i - 1) == '\\';
        return !escaped && (p == '*' || p == '+' || p == '?' || p == '}');
    }

    /** A one-line lowercase description of a pattern error. */
    static String describe(PatternSyntaxException e) {
        String d = e.getDescription();
        String text = d.isEmpty() ? "invalid pattern" : d.substring(0, 1).toLowerCase(Locale.ROOT) + d.substring(1);
        return e.getIndex() >= 0 ? text + " near index " + e.getIndex() : text;
    }
}
