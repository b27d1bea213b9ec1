package mms.json.gjson;

import java.util.ArrayList;
import java.util.List;

/** GJSON's wildcard patterns: {@code *} is any run of characters, {@code ?} one, {@code \} escapes. */
final class Glob {

    private Glob() {}

    enum Kind { LITERAL, STAR, ONE }

    record Token(Kind kind, int codePoint) {
        static Token literal(int codePoint) {
            return new Token(Kind.LITERAL, codePoint);
        }
    }

    /** Compiles a pattern in which {@code \} makes the next character literal. */
    static List<Token> compile(String pattern) {
        List<Token> out = new ArrayList<>();
        int i = 0;
        while (i < pattern.length()) {
            int cp = pattern.codePointAt(i);
            i += Character.charCount(cp);
            if (cp == '\\' && i < pattern.length()) {
                int next = pattern.codePointAt(i);
                i += Character.charCount(next);
                out.add(Token.literal(next));
            } else if (cp == '*') {
                out.add(new Token(Kind.STAR, 0));
            } else if (cp == '?') {
                out.add(new Token(Kind.ONE, 0));
            } else {
                out.add(Token.literal(cp));
            }
        }
        return List.copyOf(out);
    }

    /** Whether the whole of {@code text} matches; backtracks only to the last star. */
    static boolean matches(List<Token> pattern, String text) {
        int[] cps = text.codePoints().toArray();
        int p = 0;
        int t = 0;
        int starP = -1;
        int starT = 0;
        while (t < cps.length) {
            if (p < pattern.size()) {
                Token tok = pattern.get(p);
                if (tok.kind() == Kind.STAR) {
                    starP = p++;
                    starT = t;
                    continue;
                }
                if (tok.kind() == Kind.ONE || tok.codePoint() == cps[t]) {
                    p++;
                    t++;
                    continue;
                }
            }
            if (starP < 0) {
                return false;
            }
            p = starP + 1;
            t = ++starT;
        }
        while (p < pattern.size() && pattern.get(p).kind() == Kind.STAR) {
            p++;
        }
        return p == pattern.size();
    }
}
