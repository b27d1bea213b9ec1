package mms.watcher.kv;

import java.util.ArrayList;
import java.util.List;

/**
 * Finds the expressions in the strings of a Hiera document, as the original's CCM templates do:
 * {@code {{ expr }}} and {@code ${ expr }}. A closing delimiter inside a quoted string (single,
 * double or back quotes, with backslash escapes in the first two) does not count; in
 * {@code ${ }} braces nest, so expressions may hold braces of their own. {@code ${{} is a literal
 * {@code $} followed by a {@code {{ }} expression. An opener without its closer is text.
 */
final class Templates {

    private Templates() {}

    /**
     * One expression: the whole of it, delimiters included, is {@code [start, end)}; its text,
     * without delimiters and surrounding white space, is {@code [innerStart, innerEnd)}.
     */
    record Match(int start, int end, int innerStart, int innerEnd) {

        /** The expression's text in {@code source}. */
        String expression(String source) {
            return source.substring(innerStart, innerEnd);
        }
    }

    /** The expressions of {@code s}, in order. */
    static List<Match> find(String s) {
        List<Match> matches = new ArrayList<>();
        int n = s.length();
        int i = 0;
        while (i < n) {
            boolean dollar;
            if (i < n - 1 && s.charAt(i) == '{' && s.charAt(i + 1) == '{') {
                dollar = false;
            } else if (i < n - 1 && s.charAt(i) == '$' && s.charAt(i + 1) == '{') {
                if (i + 2 < n && s.charAt(i + 2) == '{') {
                    i++; // a literal $: the {{ is found next
                    continue;
                }
                dollar = true;
            } else {
                i++;
                continue;
            }
            int start = i;
            i += 2;
            int innerStart = i;
            boolean inDouble = false;
            boolean inSingle = false;
            boolean inBacktick = false;
            boolean escaped = false;
            int depth = 1;
            boolean closed = false;
            while (i < n) {
                char c = s.charAt(i);
                if (escaped) {
                    escaped = false;
                } else if (inBacktick) {
                    inBacktick = c != '`';
                } else if (inDouble || inSingle) {
                    if (c == '\\') {
                        escaped = true;
                    } else if (c == (inDouble ? '"' : '\'')) {
                        inDouble = false;
                        inSingle = false;
                    }
                } else if (c == '"') {
                    inDouble = true;
                } else if (c == '\'') {
                    inSingle = true;
                } else if (c == '`') {
                    inBacktick = true;
                } else if (!dollar && c == '}' && i + 1 < n && s.charAt(i + 1) == '}') {
                    matches.add(match(s, start, i + 2, innerStart, i));
                    i += 2;
                    closed = true;
                    break;
                } else if (dollar && c == '{') {
                    depth++;
                } else if (dollar && c == '}' && --depth == 0) {
                    matches.add(match(s, start, i + 1, innerStart, i));
                    i++;
                    closed = true;
                    break;
                }
                i++;
            }
            if (!closed) {
                i = start + 2;
            }
        }
        return matches;
    }

    private static Match match(String s, int start, int end, int rawStart, int rawEnd) {
        String inner = s.substring(rawStart, rawEnd);
        String trimmed = inner.strip();
        if (trimmed.isEmpty()) {
            return new Match(start, end, rawStart, rawStart);
        }
        int innerStart = rawStart + inner.indexOf(trimmed);
        return new Match(start, end, innerStart, innerStart + trimmed.length());
    }
}
