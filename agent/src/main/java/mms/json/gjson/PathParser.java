package mms.json.gjson;

import java.util.ArrayList;
import java.util.List;
import mms.json.gjson.GJson.Component;
import mms.json.gjson.GJson.Hash;
import mms.json.gjson.GJson.Key;
import mms.json.gjson.GJson.Modifier;
import mms.json.gjson.GJson.Query;

/** Splits a GJSON path into pipe-separated segments of dot-separated components. */
final class PathParser {

    private final String path;
    private int pos;

    PathParser(String path) {
        this.path = path;
    }

    List<List<Component>> parse() {
        List<List<Component>> segments = new ArrayList<>();
        List<Component> current = new ArrayList<>();
        while (true) {
            current.add(component());
            if (pos >= path.length()) {
                break;
            }
            char separator = path.charAt(pos++);
            if (separator == '|') {
                segments.add(List.copyOf(current));
                current = new ArrayList<>();
            }
        }
        segments.add(List.copyOf(current));
        return List.copyOf(segments);
    }

    private boolean atBoundary(int at) {
        return at >= path.length() || path.charAt(at) == '.' || path.charAt(at) == '|';
    }

    private Component component() {
        if (pos < path.length() && path.charAt(pos) == '@') {
            int start = pos;
            int end = start + 1;
            while (end < path.length() && ":.|".indexOf(path.charAt(end)) < 0) {
                end++;
            }
            String name = path.substring(start + 1, end);
            if (Modifier.known(name)) {
                pos = end;
                String arg = "";
                if (pos < path.length() && path.charAt(pos) == ':') {
                    pos++;
                    arg = modifierArg();
                }
                return new Modifier(name, arg);
            }
        }
        if (pos < path.length() && path.charAt(pos) == '#') {
            if (pos + 1 < path.length() && path.charAt(pos + 1) == '(') {
                return query();
            }
            if (atBoundary(pos + 1)) {
                pos++;
                return new Hash();
            }
        }
        return key();
    }

    private Key key() {
        List<Glob.Token> tokens = new ArrayList<>();
        StringBuilder literal = new StringBuilder();
        boolean wildcard = false;
        while (!atBoundary(pos)) {
            char c = path.charAt(pos++);
            if (c == '\\') {
                if (pos >= path.length()) {
                    throw error("ends with an escape character");
                }
                int cp = path.codePointAt(pos);
                pos += Character.charCount(cp);
                literal.appendCodePoint(cp);
                tokens.add(Glob.Token.literal(cp));
            } else if (c == '*' || c == '?') {
                wildcard = true;
                literal.append(c);
                tokens.add(new Glob.Token(c == '*' ? Glob.Kind.STAR : Glob.Kind.ONE, 0));
            } else {
                literal.append(c);
                tokens.add(Glob.Token.literal(c));
            }
        }
        return new Key(literal.toString(), List.copyOf(tokens), wildcard);
    }

    private Query query() {
        int open = pos + 1;
        int close = matching(open);
        String inner = path.substring(open + 1, close);
        pos = close + 1;
        boolean all = false;
        if (pos < path.length() && path.charAt(pos) == '#') {
            all = true;
            pos++;
        }
        if (!atBoundary(pos)) {
            throw error("unexpected '" + path.charAt(pos) + "' after query at offset " + pos);
        }
        return parseQuery(inner, all);
    }

    /** Index of the ')' closing the '(' at {@code open}, skipping quoted strings and nesting. */
    private int matching(int open) {
        int depth = 0;
        for (int i = open; i < path.length(); i++) {
            char c = path.charAt(i);
            if (c == '"') {
                i = endOfString(path, i);
                if (i < 0) {
                    break;
                }
            } else if (c == '\\') {
                i++;
            } else if (c == '(') {
                depth++;
            } else if (c == ')' && --depth == 0) {
                return i;
            }
        }
        throw error("unterminated query starting at offset " + (open - 1));
    }

    /** Index of the closing quote of the string starting at {@code quote}, or -1. */
    private static int endOfString(String s, int quote) {
        for (int i = quote + 1; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '\\') {
                i++;
            } else if (c == '"') {
                return i;
            }
        }
        return -1;
    }

    private Query parseQuery(String inner, boolean all) {
        int depth = 0;
        for (int i = 0; i < inner.length(); i++) {
            char c = inner.charAt(i);
            if (c == '\\') {
                i++;
            } else if (c == '"') {
                int end = endOfString(inner, i);
                if (end < 0) {
                    throw error("unterminated string in query (" + inner + ")");
                }
                i = end;
            } else if (c == '(') {
                depth++;
            } else if (c == ')') {
                depth--;
            } else if (depth == 0 && "=!<>%".indexOf(c) >= 0) {
                String queryPath = inner.substring(0, i).strip();
                String rest = inner.substring(i);
                String op = operator(rest, inner);
                String value = unquote(rest.substring(op.length()).strip(), inner);
                return new Query(queryPath, op.equals("=") ? "==" : op, value, all);
            }
        }
        return new Query(inner.strip(), "", "", all);
    }

    private String operator(String rest, String inner) {
        for (String op : new String[] {"==", "!=", "<=", ">=", "!%", "=", "<", ">", "%"}) {
            if (rest.startsWith(op)) {
                return op;
            }
        }
        throw error("unknown operator in query (" + inner + ")");
    }

    private String unquote(String value, String inner) {
        if (!value.startsWith("\"")) {
            return value;
        }
        int end = endOfString(value, 0);
        if (end != value.length() - 1) {
            throw error("bad string value in query (" + inner + ")");
        }
        try {
            return mms.json.Json.mapper().readTree(value).textValue();
        } catch (java.io.IOException e) {
            throw error("bad string value in query (" + inner + ")");
        }
    }

    private String modifierArg() {
        int start = pos;
        if (pos < path.length() && (path.charAt(pos) == '{' || path.charAt(pos) == '[')) {
            int depth = 0;
            for (int i = pos; i < path.length(); i++) {
                char c = path.charAt(i);
                if (c == '"') {
                    i = endOfString(path, i);
                    if (i < 0) {
                        break;
                    }
                } else if (c == '{' || c == '[') {
                    depth++;
                } else if ((c == '}' || c == ']') && --depth == 0) {
                    pos = i + 1;
                    return path.substring(start, pos);
                }
            }
            throw error("unterminated modifier argument at offset " + start);
        }
        if (pos < path.length() && path.charAt(pos) == '"') {
            int end = endOfString(path, pos);
            if (end < 0) {
                throw error("unterminated modifier argument at offset " + start);
            }
            pos = end + 1;
            return path.substring(start, pos);
        }
        while (!atBoundary(pos)) {
            pos++;
        }
        return path.substring(start, pos);
    }

    private IllegalArgumentException error(String what) {
        return new IllegalArgumentException("invalid gjson path \"" + path + "\": " + what);
    }
}
