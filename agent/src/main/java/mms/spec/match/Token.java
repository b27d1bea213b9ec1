package mms.spec.match;

/** A lexical token; {@code pos} is the offset of its first character in the expression. */
record Token(Kind kind, String text, Object value, int pos) {

    enum Kind { IDENT, NUMBER, STRING, OPERATOR, BRACKET, EOF }

    boolean is(Kind k, String t) {
        return kind == k && text.equals(t);
    }

    boolean isOperator(String t) {
        return is(Kind.OPERATOR, t);
    }

    boolean isBracket(String t) {
        return is(Kind.BRACKET, t);
    }

    String describe() {
        return switch (kind) {
            case EOF -> "end of expression";
            case STRING -> "string literal";
            case NUMBER, IDENT, OPERATOR, BRACKET -> "\"" + text + "\"";
        };
    }
}
