package mms.template;

import java.util.ArrayList;
import java.util.List;

/** Splits template text into items the way Go's text/template/parse lexer does. */
final class Lexer {

    enum Type {
        TEXT, LEFT_DELIM, RIGHT_DELIM, SPACE, IDENTIFIER, FIELD, DOT, VARIABLE, STRING, RAW_STRING,
        CHAR_CONSTANT, NUMBER, BOOL, NIL, LEFT_PAREN, RIGHT_PAREN, PIPE, DECLARE, ASSIGN, COMMA,
        KEYWORD, EOF
    }

    record Item(Type type, String val, int pos) {
        @Override
        public String toString() {
            return switch (type) {
                case EOF -> "EOF";
                case KEYWORD -> "<" + val + ">";
                case SPACE -> "space";
                default -> val.length() > 10 && type != Type.TEXT ? '"' + val.substring(0, 10) + "...\"" : '"' + val + '"';
            };
        }
    }

    private static final String LEFT = "{{";
    private static final String RIGHT = "}}";

    private final String input;
    private final List<Item> items = new ArrayList<>();
    private int pos;
    private int parenDepth;

    private Lexer(String input) {
        this.input = input;
    }

    static List<Item> lex(String input) throws TemplateException {
        Lexer lexer = new Lexer(input);
        lexer.run();
        return lexer.items;
    }

    private void run() throws TemplateException {
        boolean trimNextText = false;
        while (true) {
            int start = pos;
            int x = input.indexOf(LEFT, pos);
            int end = x < 0 ? input.length() : x;
            boolean trimBefore = x >= 0 && hasLeftTrimMarker(x + LEFT.length());
            String text = input.substring(start, end);
            if (trimNextText) {
                int skipped = text.length() - stripLeading(text).length();
                text = text.substring(skipped);
                start += skipped;
            }
            if (trimBefore) {
                text = stripTrailing(text);
            }
            if (!text.isEmpty()) {
                items.add(new Item(Type.TEXT, text, start));
            }
            if (x < 0) {
                items.add(new Item(Type.EOF, "", input.length()));
                return;
            }
            trimNextText = action(x, trimBefore);
        }
    }

    /** Lexes one action starting at {@code x}; returns whether the text after it is trimmed. */
    private boolean action(int x, boolean trimBefore) throws TemplateException {
        pos = x + LEFT.length() + (trimBefore ? 2 : 0);
        if (input.startsWith("/*", pos)) {
            int close = input.indexOf("*/", pos + 2);
            if (close < 0) {
                throw error(x, "unclosed comment");
            }
            pos = close + 2;
            int delim = atRightDelim();
            if (delim < 0) {
                throw error(x, "comment ends before closing delimiter");
            }
            boolean trim = delim == 1;
            pos += RIGHT.length() + (trim ? 2 : 0);
            return trim;
        }
        items.add(new Item(Type.LEFT_DELIM, LEFT, x));
        parenDepth = 0;
        while (true) {
            int delim = atRightDelim();
            if (delim >= 0) {
                if (parenDepth > 0) {
                    throw error(pos, "unclosed left paren");
                }
                boolean trim = delim == 1;
                if (trim) {
                    pos += 2;
                }
                items.add(new Item(Type.RIGHT_DELIM, RIGHT, pos));
                pos += RIGHT.length();
                return trim;
            }
            if (pos >= input.length()) {
                throw error(x, "unclosed action");
            }
            insideAction();
        }
    }

    /** -1: not at a right delimiter; 0: plain; 1: with trim marker. */
    private int atRightDelim() {
        if (pos + 1 < input.length() && isSpace(input.charAt(pos)) && input.charAt(pos + 1) == '-'
                && input.startsWith(RIGHT, pos + 2)) {
            return 1;
        }
        return input.startsWith(RIGHT, pos) ? 0 : -1;
    }

    private boolean hasLeftTrimMarker(int at) {
        return at + 1 < input.length() && input.charAt(at) == '-' && isSpace(input.charAt(at + 1));
    }

    private void insideAction() throws TemplateException {
        int start = pos;
        char c = input.charAt(pos);
        if (isSpace(c)) {
            while (pos < input.length() && isSpace(input.charAt(pos)) && atRightDelim() != 1) {
                pos++;
            }
            if (pos == start) {
                // a space that starts a right trim marker: let the delimiter check consume it
                return;
            }
            emit(Type.SPACE, start);
        } else if (c == '=') {
            pos++;
            emit(Type.ASSIGN, start);
        } else if (c == ':') {
            if (pos + 1 >= input.length() || input.charAt(pos + 1) != '=') {
                throw error(start, "expected :=");
            }
            pos += 2;
            emit(Type.DECLARE, start);
        } else if (c == '|') {
            pos++;
            emit(Type.PIPE, start);
        } else if (c == '"') {
            quote(start);
        } else if (c == '`') {
            int close = input.indexOf('`', pos + 1);
            if (close < 0) {
                throw error(start, "unterminated raw quoted string");
            }
            pos = close + 1;
            emit(Type.RAW_STRING, start);
        } else if (c == '$') {
            pos++;
            while (pos < input.length() && isAlphaNumeric(input.charAt(pos))) {
                pos++;
            }
            emit(Type.VARIABLE, start);
            checkTerminator();
        } else if (c == '\'') {
            charConstant(start);
        } else if (c == '.') {
            if (pos + 1 < input.length() && Character.isDigit(input.charAt(pos + 1))) {
                number(start);
                return;
            }
            pos++;
            if (pos < input.length() && isAlphaNumeric(input.charAt(pos))) {
                while (pos < input.length() && isAlphaNumeric(input.charAt(pos))) {
                    pos++;
                }
                emit(Type.FIELD, start);
            } else {
                emit(Type.DOT, start);
            }
            checkTerminator();
        } else if (c == '+' || c == '-' || Character.isDigit(c)) {
            number(start);
        } else if (isAlphaNumeric(c)) {
            while (pos < input.length() && isAlphaNumeric(input.charAt(pos))) {
                pos++;
            }
            String word = input.substring(start, pos);
            Type type = switch (word) {
                case "true", "false" -> Type.BOOL;
                case "nil" -> Type.NIL;
                case "if", "else", "end", "range", "with", "break", "continue", "define", "template", "block" ->
                    Type.KEYWORD;
                default -> Type.IDENTIFIER;
            };
            items.add(new Item(type, word, start));
            checkTerminator();
        } else if (c == '(') {
            pos++;
            parenDepth++;
            emit(Type.LEFT_PAREN, start);
        } else if (c == ')') {
            pos++;
            parenDepth--;
            if (parenDepth < 0) {
                throw error(start, "unexpected right paren");
            }
            emit(Type.RIGHT_PAREN, start);
        } else if (c == ',') {
            pos++;
            emit(Type.COMMA, start);
        } else {
            throw error(start, "unrecognized character in action: " + describe(input.codePointAt(pos)));
        }
    }

    private void checkTerminator() throws TemplateException {
        if (pos >= input.length() || atRightDelim() >= 0) {
            return;
        }
        char c = input.charAt(pos);
        if (isSpace(c) || ".,|:()".indexOf(c) >= 0 || c == '=') {
            return;
        }
        throw error(pos, "bad character " + describe(input.codePointAt(pos)));
    }

    private void quote(int start) throws TemplateException {
        pos++;
        while (true) {
            if (pos >= input.length() || input.charAt(pos) == '\n') {
                throw error(start, "unterminated quoted string");
            }
            char c = input.charAt(pos++);
            if (c == '\\') {
                if (pos >= input.length() || input.charAt(pos) == '\n') {
                    throw error(start, "unterminated quoted string");
                }
                pos++;
            } else if (c == '"') {
                emit(Type.STRING, start);
                return;
            }
        }
    }

    private void charConstant(int start) throws TemplateException {
        pos++;
        while (true) {
            if (pos >= input.length() || input.charAt(pos) == '\n') {
                throw error(start, "unterminated character constant");
            }
            char c = input.charAt(pos++);
            if (c == '\\') {
                pos++;
            } else if (c == '\'') {
                emit(Type.CHAR_CONSTANT, start);
                return;
            }
        }
    }

    private void number(int start) throws TemplateException {
        accept("+-");
        String digits = "0123456789_";
        if (accept("0")) {
            if (accept("xX")) {
                digits = "0123456789abcdefABCDEF_";
            } else if (accept("oO")) {
                digits = "01234567_";
            } else if (accept("bB")) {
                digits = "01_";
            }
        }
        acceptRun(digits);
        if (accept(".")) {
            acceptRun(digits);
        }
        if (digits.length() == 11 && accept("eE")) {
            accept("+-");
            acceptRun("0123456789_");
        }
        if (digits.length() == 23 && accept("pP")) {
            accept("+-");
            acceptRun("0123456789_");
        }
        accept("i");
        if (pos < input.length() && isAlphaNumeric(input.charAt(pos))) {
            pos++;
            throw error(start, "bad number syntax: \"" + input.substring(start, pos) + "\"");
        }
        emit(Type.NUMBER, start);
    }

    private boolean accept(String valid) {
        if (pos < input.length() && valid.indexOf(input.charAt(pos)) >= 0) {
            pos++;
            return true;
        }
        return false;
    }

    private void acceptRun(String valid) {
        while (accept(valid)) {
            // consume
        }
    }

    private void emit(Type type, int start) {
        items.add(new Item(type, input.substring(start, pos), start));
    }

    private TemplateException error(int at, String message) {
        return TemplateException.parse(input, at, message);
    }

    static boolean isSpace(char c) {
        return c == ' ' || c == '\t' || c == '\r' || c == '\n';
    }

    static boolean isAlphaNumeric(char c) {
        return c == '_' || Character.isLetterOrDigit(c);
    }

    private static String describe(int cp) {
        return String.format("U+%04X '%s'", cp, Character.toString(cp));
    }

    private static String stripLeading(String s) {
        int i = 0;
        while (i < s.length() && isSpace(s.charAt(i))) {
            i++;
        }
        return s.substring(i);
    }

    private static String stripTrailing(String s) {
        int i = s.length();
        while (i > 0 && isSpace(s.charAt(i - 1))) {
            i--;
        }
        return s.substring(0, i);
    }
}
