package mms.spec.match;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Splits an expression into tokens following expr-lang's lexical rules. Byte string literals
 * ({@code b"..."}) are refused: no matcher value is a byte slice.
 */
final class Lexer {

    /** Identifiers expr-lang treats as operators. */
    static final Set<String> WORD_OPERATORS = Set.of("and", "or", "not", "in", "matches", "contains", "startsWith",
            "endsWith", "let", "if", "else");

    private static final String[] SYMBOLS = {
        "&&", "||", "==", "!=", "<=", ">=", "??", "?.", "**", "..", "::",
        "!", "<", ">", "+", "-", "*", "/", "%", "^", "?", ":", ".", ",", "|", "#", "=", ";"
    };

    private final String src;
    private int pos;
    private final List<Token> tokens = new ArrayList<>();

    private Lexer(String src) {
        this.src = src;
    }

    static List<Token> tokenize(String src) throws MatcherException {
        Lexer lexer = new Lexer(src);
        lexer.run();
        return lexer.tokens;
    }

    private void run() throws MatcherException {
        while (true) {
            skipSpaceAndComments();
            if (pos >= src.length()) {
                tokens.add(new Token(Token.Kind.EOF, "", null, pos));
                return;
            }
            char c = src.charAt(pos);
            int start = pos;
            if (Character.isDigit(c) || (c == '.' && pos + 1 < src.length() && Character.isDigit(src.charAt(pos + 1)))) {
                number();
            } else if (c == '"' || c == '\'') {
                tokens.add(new Token(Token.Kind.STRING, src.substring(start, quoted(c)), unquoted, start));
            } else if (c == '`') {
                tokens.add(new Token(Token.Kind.STRING, src.substring(start, raw()), unquoted, start));
            } else if ((c == 'b' || c == 'B') && pos + 1 < src.length() && (src.charAt(pos + 1) == '"' || src.charAt(pos + 1) == '\'')) {
                throw MatcherException.at("byte string literals are not supported in matchers", src, start);
            } else if (Character.isLetter(c) || c == '_' || c == '$') {
                while (pos < src.length() && (Character.isLetterOrDigit(src.charAt(pos)) || src.charAt(pos) == '_' || src.charAt(pos) == '$')) {
                    pos++;
                }
                String word = src.substring(start, pos);
                tokens.add(new Token(WORD_OPERATORS.contains(word) ? Token.Kind.OPERATOR : Token.Kind.IDENT, word, null, start));
            } else if ("()[]{}".indexOf(c) >= 0) {
                pos++;
                tokens.add(new Token(Token.Kind.BRACKET, String.valueOf(c), null, start));
            } else {
                String symbol = null;
                for (String s : SYMBOLS) {
                    if (src.startsWith(s, pos)) {
                        symbol = s;
                        break;
                    }
                }
                if (symbol == null) {
                    throw MatcherException.at("unrecognized character: " + describe(src.codePointAt(pos)), src, start);
                }
                pos += symbol.length();
                tokens.add(new Token(Token.Kind.OPERATOR, symbol, null, start));
            }
        }
    }

    private void skipSpaceAndComments() throws MatcherException {
        while (pos < src.length()) {
            int c = src.codePointAt(pos);
            if (GoText.isSpace(c)) {
                pos += Character.charCount(c);
            } else if (src.startsWith("//", pos)) {
                int end = src.indexOf('\n', pos);
                pos = end < 0 ? src.length() : end + 1;
            } else if (src.startsWith("/*", pos)) {
                int end = src.indexOf("*/", pos + 2);
                if (end < 0) {
                    throw MatcherException.at("unclosed comment", src, pos);
                }
                pos = end + 2;
            } else {
                return;
            }
        }
    }

    private void number() throws MatcherException {
        int start = pos;
        if (src.charAt(pos) == '0' && pos + 1 < src.length() && "xXoObB".indexOf(src.charAt(pos + 1)) >= 0) {
            char kind = Character.toLowerCase(src.charAt(pos + 1));
            int radix = kind == 'x' ? 16 : kind == 'o' ? 8 : 2;
            pos += 2;
            while (pos < src.length() && (Character.digit(src.charAt(pos), 16) >= 0 || src.charAt(pos) == '_')) {
                pos++;
            }
            String digits = src.substring(start + 2, pos).replace("_", "");
            try {
                tokens.add(new Token(Token.Kind.NUMBER, src.substring(start, pos), Long.parseLong(digits, radix), start));
            } catch (NumberFormatException e) {
                throw MatcherException.at("invalid number literal " + src.substring(start, pos), src, start);
            }
            return;
        }
        boolean isFloat = false;
        digits();
        if (pos < src.length() && src.charAt(pos) == '.' && !src.startsWith("..", pos)) {
            isFloat = true;
            pos++;
            digits();
        }
        if (pos < src.length() && (src.charAt(pos) == 'e' || src.charAt(pos) == 'E')) {
            isFloat = true;
            pos++;
            if (pos < src.length() && (src.charAt(pos) == '+' || src.charAt(pos) == '-')) {
                pos++;
            }
            int expStart = pos;
            digits();
            if (pos == expStart) {
                throw MatcherException.at("invalid number literal " + src.substring(start, pos), src, start);
            }
        }
        if (pos < src.length() && (Character.isLetter(src.charAt(pos)) || src.charAt(pos) == '_')) {
            throw MatcherException.at("invalid number literal " + src.substring(start, pos + 1), src, start);
        }
        String text = src.substring(start, pos);
        String clean = text.replace("_", "");
        try {
            Object value = isFloat ? (Object) Double.parseDouble(clean) : (Object) Long.parseLong(clean);
            tokens.add(new Token(Token.Kind.NUMBER, text, value, start));
        } catch (NumberFormatException e) {
            throw MatcherException.at("invalid number literal " + text, src, start);
        }
    }

    private void digits() {
        while (pos < src.length() && (Character.isDigit(src.charAt(pos)) || src.charAt(pos) == '_')) {
            pos++;
        }
    }

    private String unquoted;

    /** Scans a raw string starting at {@code pos} (a doubled backtick stands for one), sets {@link #unquoted}. */
    private int raw() throws MatcherException {
        int start = pos;
        StringBuilder out = new StringBuilder();
        pos++;
        while (true) {
            int end = src.indexOf('`', pos);
            if (end < 0) {
                throw MatcherException.at("literal not terminated", src, start);
            }
            out.append(src, pos, end);
            pos = end + 1;
            if (pos < src.length() && src.charAt(pos) == '`') {
                out.append('`');
                pos++;
                continue;
            }
            unquoted = out.toString();
            return pos;
        }
    }

    /** Scans a quoted string starting at {@code pos}, sets {@link #unquoted}, returns the end offset. */
    private int quoted(char quote) throws MatcherException {
        int start = pos;
        StringBuilder out = new StringBuilder();
        pos++;
        while (true) {
            if (pos >= src.length() || src.charAt(pos) == '\n') {
                throw MatcherException.at("literal not terminated", src, start);
            }
            char c = src.charAt(pos);
            if (c == quote) {
                pos++;
                unquoted = out.toString();
                return pos;
            }
            if (c != '\\') {
                out.append(c);
                pos++;
                continue;
            }
            int escapeAt = pos;
            if (pos + 1 >= src.length()) {
                throw MatcherException.at("literal not terminated", src, start);
            }
            char e = src.charAt(pos + 1);
            pos += 2;
            switch (e) {
                case 'a' -> out.append('\u0007');
                case 'b' -> out.append('\b');
                case 'f' -> out.append('\f');
                case 'n' -> out.append('\n');
                case 'r' -> out.append('\r');
                case 't' -> out.append('\t');
                case 'v' -> out.append('\u000b');
                case '\\' -> out.append('\\');
                case '?' -> out.append('?');
                case '`' -> out.append('`');
                case '\'', '"' -> {
                    if (e != quote) {
                        throw MatcherException.at("invalid char escape", src, escapeAt);
                    }
                    out.append(e);
                }
                case 'x', 'X' -> out.appendCodePoint(hex(2, escapeAt));
                case 'u' -> out.appendCodePoint(pos < src.length() && src.charAt(pos) == '{' ? braced(escapeAt) : hex(4, escapeAt));
                case 'U' -> out.appendCodePoint(hex(8, escapeAt));
                case '0', '1', '2', '3' -> {
                    pos--;
                    if (pos + 3 > src.length()) {
                        throw MatcherException.at("invalid char escape", src, escapeAt);
                    }
                    int value = 0;
                    for (int i = 0; i < 3; i++) {
                        int d = Character.digit(src.charAt(pos + i), 8);
                        if (d < 0) {
                            throw MatcherException.at("invalid char escape", src, escapeAt);
                        }
                        value = value * 8 + d;
                    }
                    if (value > 255) {
                        throw MatcherException.at("invalid char escape", src, escapeAt);
                    }
                    pos += 3;
                    out.append((char) value);
                }
                default -> throw MatcherException.at("invalid char escape", src, escapeAt);
            }
        }
    }

    private int hex(int length, int escapeAt) throws MatcherException {
        if (pos + length > src.length()) {
            throw MatcherException.at("invalid char escape", src, escapeAt);
        }
        int value = 0;
        for (int i = 0; i < length; i++) {
            int d = Character.digit(src.charAt(pos + i), 16);
            if (d < 0) {
                throw MatcherException.at("invalid char escape", src, escapeAt);
            }
            value = value * 16 + d;
        }
        if (!Character.isValidCodePoint(value) || (value >= 0xD800 && value <= 0xDFFF)) {
            throw MatcherException.at("invalid char escape", src, escapeAt);
        }
        pos += length;
        return value;
    }

    /** {@code \\u{X...}}: one to six hex digits in braces, {@code pos} at the brace. */
    private int braced(int escapeAt) throws MatcherException {
        int close = src.indexOf('}', pos);
        if (close < 0 || close == pos + 1 || close > pos + 7) {
            throw MatcherException.at("invalid char escape", src, escapeAt);
        }
        pos++;
        int value = hex(close - pos, escapeAt);
        pos++;
        return value;
    }

    private static String describe(int codePoint) {
        return Character.isISOControl(codePoint)
                ? String.format("U+%04X", codePoint)
                : "'" + Character.toString(codePoint) + "'";
    }
}
