package mms.process;

import java.util.ArrayList;
import java.util.List;

/**
 * Shell-like splitting of a command line into words without a shell, as the original's
 * {@code shellquote.Split}: blanks separate words, single quotes are literal, double quotes are
 * literal except for backslash escapes, a backslash outside quotes escapes the next character,
 * quoted parts join adjacent text, and {@code #} at the start of a word comments out the rest of
 * the line. No expansion, globbing, pipes or redirection.
 */
public final class CommandLine {
    private CommandLine() {}

    /**
     * Splits {@code line} into words.
     *
     * @throws IllegalArgumentException on an unterminated quote
     *     ({@code EOF found when expecting closing quote}) or a trailing backslash
     *     ({@code EOF found after escape character})
     */
    public static List<String> split(String line) {
        List<String> words = new ArrayList<>();
        StringBuilder word = new StringBuilder();
        boolean inWord = false;
        int i = 0;
        int n = line.length();
        while (i < n) {
            char c = line.charAt(i);
            if (isBlank(c)) {
                if (inWord) {
                    words.add(word.toString());
                    word.setLength(0);
                    inWord = false;
                }
                i++;
            } else if (c == '#' && !inWord) {
                while (i < n && line.charAt(i) != '\n') {
                    i++;
                }
            } else if (c == '\\') {
                if (i + 1 >= n) {
                    throw new IllegalArgumentException("EOF found after escape character");
                }
                // a backslash-newline outside quotes is a line continuation, as in a shell
                if (line.charAt(i + 1) != '\n') {
                    word.append(line.charAt(i + 1));
                }
                inWord = true;
                i += 2;
            } else if (c == '\'') {
                int end = line.indexOf('\'', i + 1);
                if (end < 0) {
                    throw new IllegalArgumentException("EOF found when expecting closing quote");
                }
                word.append(line, i + 1, end);
                inWord = true;
                i = end + 1;
            } else if (c == '"') {
                i++;
                boolean closed = false;
                while (i < n) {
                    char d = line.charAt(i);
                    if (d == '"') {
                        closed = true;
                        i++;
                        break;
                    }
                    if (d == '\\') {
                        if (i + 1 >= n) {
                            throw new IllegalArgumentException("EOF found after escape character");
                        }
                        word.append(line.charAt(i + 1));
                        i += 2;
                    } else {
                        word.append(d);
                        i++;
                    }
                }
                if (!closed) {
                    throw new IllegalArgumentException("EOF found when expecting closing quote");
                }
                inWord = true;
            } else {
                word.append(c);
                inWord = true;
                i++;
            }
        }
        if (inWord) {
            words.add(word.toString());
        }
        return words;
    }

    private static boolean isBlank(char c) {
        return c == ' ' || c == '\t' || c == '\r' || c == '\n';
    }
}
