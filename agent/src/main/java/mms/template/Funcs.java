package mms.template;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import mms.gofmt.GoFmt;
import mms.gofmt.GoStrings;
import mms.json.gjson.GJson;

/** The function map: Go's text/template builtins plus the functions Choria adds. */
final class Funcs {

    private Funcs() {}

    /** How an argument is typed in the Go signature, which decides conversions and type errors. */
    enum Param {
        /** {@code any} or {@code reflect.Value}: every value, and nil. */
        ANY,
        /** {@code string}: only strings; nil is refused. */
        STRING,
        /** {@code []string}: no template value has this type except nil. */
        STRING_LIST;

        String goName() {
            return switch (this) {
                case ANY -> "interface {}";
                case STRING -> "string";
                case STRING_LIST -> "[]string";
            };
        }
    }

    /** A function failed; the executor reports it as {@code error calling NAME: MESSAGE}. */
    static final class FuncError extends Exception {
        FuncError(String message) {
            super(message, null, false, false);
        }

        FuncError(String message, Throwable cause) {
            super(message, cause, false, false);
        }
    }

    @FunctionalInterface
    interface Impl {
        Object call(Exec exec, List<Object> args) throws FuncError;
    }

    /** {@code fixed} parameters, then any number of {@code variadic} ones when that is not null. */
    record Func(String name, List<Param> fixed, Param variadic, Impl impl) {}

    private static final Map<String, Func> FUNCS = new LinkedHashMap<>();

    private static void def(String name, List<Param> fixed, Param variadic, Impl impl) {
        FUNCS.put(name, new Func(name, fixed, variadic, impl));
    }

    static {
        List<Param> any1 = List.of(Param.ANY);
        List<Param> any2 = List.of(Param.ANY, Param.ANY);
        List<Param> str1 = List.of(Param.STRING);
        // and/or short-circuit: the executor evaluates them itself
        def("and", any1, Param.ANY, (e, a) -> {
            throw new IllegalStateException("and is evaluated by the executor");
        });
        def("or", any1, Param.ANY, (e, a) -> {
            throw new IllegalStateException("or is evaluated by the executor");
        });
        def("not", any1, null, (e, a) -> !truth(a.getFirst()));
        def("len", any1, null, (e, a) -> length(a.getFirst()));
        def("index", any1, Param.ANY, (e, a) -> index(a.getFirst(), a.subList(1, a.size())));
        def("slice", any1, Param.ANY, (e, a) -> slice(a.getFirst(), a.subList(1, a.size())));
        def("print", List.of(), Param.ANY, (e, a) -> GoFmt.sprint(a));
        def("println", List.of(), Param.ANY, (e, a) -> GoFmt.sprintln(a));
        def("printf", str1, Param.ANY, (e, a) -> GoFmt.sprintf((String) a.getFirst(), a.subList(1, a.size())));
        def("html", List.of(), Param.ANY, (e, a) -> GoStrings.html(evalArgs(a)));
        def("js", List.of(), Param.ANY, (e, a) -> GoStrings.js(evalArgs(a)));
        def("urlquery", List.of(), Param.ANY, (e, a) -> GoStrings.queryEscape(evalArgs(a)));
        def("call", any1, Param.ANY, (e, a) -> {
            throw new FuncError(a.getFirst() == null ? "call of nil" : "non-function of type " + GoFmt.typeName(a.getFirst()));
        });
        def("eq", any1, Param.ANY, (e, a) -> eq(a.getFirst(), a.subList(1, a.size())));
        def("ne", any2, null, (e, a) -> !eq(a.get(0), a.subList(1, 2)));
        def("lt", any2, null, (e, a) -> lt(a.get(0), a.get(1)));
        def("le", any2, null, (e, a) -> lt(a.get(0), a.get(1)) || eq(a.get(0), a.subList(1, 2)));
        def("gt", any2, null, (e, a) -> !(lt(a.get(0), a.get(1)) || eq(a.get(0), a.subList(1, 2))));
        def("ge", any2, null, (e, a) -> !lt(a.get(0), a.get(1)));

        def("lookup", List.of(Param.STRING, Param.ANY), null, (e, a) -> lookup(e, (String) a.get(0), a.get(1)));
        def("Title", str1, null, (e, a) -> title((String) a.getFirst()));
        def("Capitalize", str1, null, (e, a) -> title((String) a.getFirst()));
        def("ToLower", str1, null, (e, a) -> mapCodePoints((String) a.getFirst(), false));
        def("ToUpper", str1, null, (e, a) -> mapCodePoints((String) a.getFirst(), true));
        // strings.Join over a []string; no template value is one, so only nil gets through
        def("StringsJoin", List.of(Param.STRING_LIST), null, (e, a) -> "");
        def("Base64Encode", str1, null, (e, a) ->
                Base64.getEncoder().encodeToString(((String) a.getFirst()).getBytes(StandardCharsets.UTF_8)));
        def("Base64Decode", str1, null, (e, a) -> base64Decode((String) a.getFirst()));
        // the nagios watcher's only function in the original: a Scout override, else the default
        def("o", List.of(Param.STRING, Param.ANY), null, (e, a) -> override(e, (String) a.get(0), a.get(1)));
    }

    private static String override(Exec exec, String path, Object dflt) throws FuncError {
        var overrides = exec.overrides()
                .orElseThrow(() -> new FuncError("o is only available in nagios plugin commands"));
        return overrides.apply(path).orElseGet(() -> GoFmt.sprint(Collections.singletonList(dflt)));
    }

    static boolean exists(String name) {
        return FUNCS.containsKey(name);
    }

    static Func get(String name) {
        return FUNCS.get(name);
    }

    /** Go's template truth: false, 0, nil and empty strings, lists and maps are false. */
    static boolean truth(Object v) {
        return switch (v) {
            case null -> false;
            case Boolean b -> b;
            case String s -> !s.isEmpty();
            case Long l -> l != 0;
            case Double d -> d != 0;
            case List<?> l -> !l.isEmpty();
            case Map<?, ?> m -> !m.isEmpty();
            default -> true;
        };
    }

    /** A JSON value as Go's {@code gjson.Result.Value()} gives it: numbers are float64. */
    static Object fromJson(JsonNode node) {
        if (node == null || node.isNull() || node.isMissingNode()) {
            return null;
        }
        if (node.isTextual()) {
            return node.textValue();
        }
        if (node.isNumber()) {
            return node.doubleValue();
        }
        if (node.isBoolean()) {
            return node.booleanValue();
        }
        if (node.isArray()) {
            List<Object> out = new ArrayList<>(node.size());
            node.forEach(e -> out.add(fromJson(e)));
            return Collections.unmodifiableList(out);
        }
        if (node.isObject()) {
            Map<String, Object> out = new LinkedHashMap<>();
            node.properties().forEach(e -> out.put(e.getKey(), fromJson(e.getValue())));
            return Collections.unmodifiableMap(out);
        }
        return node.asText();
    }

    private static Object lookup(Exec exec, String query, Object dflt) throws FuncError {
        Optional<JsonNode> found;
        try {
            found = GJson.get(exec.document(), query);
        } catch (IllegalArgumentException e) {
            throw new FuncError(e.getMessage(), e);
        }
        if (found.isEmpty()) {
            exec.info("Query did not match any data, returning default: " + query);
            return dflt;
        }
        return fromJson(found.get());
    }

    private static long length(Object v) throws FuncError {
        return switch (v) {
            case null -> throw new FuncError("len of nil pointer");
            case String s -> s.getBytes(StandardCharsets.UTF_8).length;
            case List<?> l -> l.size();
            case Map<?, ?> m -> m.size();
            default -> throw new FuncError("len of type " + GoFmt.typeName(v));
        };
    }

    private static int indexArg(Object index, int cap) throws FuncError {
        if (index == null) {
            throw new FuncError("cannot index slice/array with nil");
        }
        if (!(index instanceof Long x)) {
            throw new FuncError("cannot index slice/array with type " + GoFmt.typeName(index));
        }
        if (x < 0 || x > cap) {
            throw new FuncError("index out of range: " + x);
        }
        return x.intValue();
    }

    private static Object index(Object item, List<Object> indexes) throws FuncError {
        if (item == null) {
            throw new FuncError("index of untyped nil");
        }
        for (Object index : indexes) {
            if (item == null) {
                // a nil element reached through an earlier index
                throw new FuncError("index of nil pointer");
            }
            switch (item) {
                case List<?> list -> {
                    int x = indexArg(index, list.size());
                    if (x == list.size()) {
                        throw new FuncError("index out of range: " + x);
                    }
                    item = list.get(x);
                }
                case String s -> {
                    byte[] bytes = s.getBytes(StandardCharsets.UTF_8);
                    int x = indexArg(index, bytes.length);
                    if (x == bytes.length) {
                        throw new FuncError("index out of range: " + x);
                    }
                    item = (long) (bytes[x] & 0xff);
                }
                case Map<?, ?> map -> {
                    if (index == null) {
                        throw new FuncError("value is nil; should be of type string");
                    }
                    if (!(index instanceof String key)) {
                        throw new FuncError("value has type " + GoFmt.typeName(index) + "; should be string");
                    }
                    item = map.get(key);
                }
                default -> throw new FuncError("can't index item of type " + GoFmt.typeName(item));
            }
        }
        return item;
    }

    private static Object slice(Object item, List<Object> indexes) throws FuncError {
        if (item == null) {
            throw new FuncError("slice of untyped nil");
        }
        if (indexes.size() > 3) {
            throw new FuncError("too many slice indexes: " + indexes.size());
        }
        int len;
        byte[] bytes = null;
        switch (item) {
            case String s -> {
                if (indexes.size() == 3) {
                    throw new FuncError("cannot 3-index slice a string");
                }
                bytes = s.getBytes(StandardCharsets.UTF_8);
                len = bytes.length;
            }
            case List<?> l -> len = l.size();
            default -> throw new FuncError("can't slice item of type " + GoFmt.typeName(item));
        }
        int[] idx = {0, len, len};
        for (int i = 0; i < indexes.size(); i++) {
            idx[i] = indexArg(indexes.get(i), len);
        }
        if (idx[0] > idx[1]) {
            throw new FuncError("invalid slice index: " + idx[0] + " > " + idx[1]);
        }
        if (indexes.size() == 3 && idx[1] > idx[2]) {
            throw new FuncError("invalid slice index: " + idx[1] + " > " + idx[2]);
        }
        if (bytes != null) {
            return new String(bytes, idx[0], idx[1] - idx[0], StandardCharsets.UTF_8);
        }
        return Collections.unmodifiableList(new ArrayList<Object>(((List<?>) item).subList(idx[0], idx[1])));
    }

    private enum Kind { INVALID, BOOL, INT, FLOAT, STRING, OTHER }

    private static Kind kind(Object v) {
        return switch (v) {
            case null -> Kind.INVALID;
            case Boolean b -> Kind.BOOL;
            case Long l -> Kind.INT;
            case Double d -> Kind.FLOAT;
            case String s -> Kind.STRING;
            default -> Kind.OTHER;
        };
    }

    private static boolean eq(Object a, List<Object> others) throws FuncError {
        if (others.isEmpty()) {
            throw new FuncError("missing argument for comparison");
        }
        Kind k1 = kind(a);
        for (Object b : others) {
            Kind k2 = kind(b);
            boolean truth;
            if (k1 != k2) {
                if (a != null && b != null) {
                    throw new FuncError("incompatible types for comparison");
                }
                truth = false;
            } else {
                truth = switch (k1) {
                    case INVALID -> true;
                    case BOOL, INT, STRING -> a.equals(b);
                    case FLOAT -> ((Double) a).doubleValue() == (Double) b;
                    case OTHER -> {
                        if (!GoFmt.typeName(a).equals(GoFmt.typeName(b))) {
                            throw new FuncError("non-comparable types " + GoFmt.value(a) + ": " + GoFmt.typeName(a)
                                    + ", " + GoFmt.value(b) + ": " + GoFmt.typeName(b));
                        }
                        throw new FuncError("non-comparable type " + GoFmt.value(b) + ": " + GoFmt.typeName(b));
                    }
                };
            }
            if (truth) {
                return true;
            }
        }
        return false;
    }

    private static boolean lt(Object a, Object b) throws FuncError {
        Kind k1 = kind(a);
        Kind k2 = kind(b);
        if (k1 == Kind.INVALID || k1 == Kind.OTHER || k2 == Kind.INVALID || k2 == Kind.OTHER) {
            throw new FuncError("invalid type for comparison");
        }
        if (k1 != k2) {
            throw new FuncError("incompatible types for comparison");
        }
        return switch (k1) {
            case INT -> (Long) a < (Long) b;
            case FLOAT -> (Double) a < (Double) b;
            case STRING -> ((String) a).compareTo((String) b) < 0;
            default -> throw new FuncError("invalid type for comparison");
        };
    }

    /** The argument handling of html, js and urlquery: one string as is, else {@code fmt.Sprint}. */
    private static String evalArgs(List<Object> args) {
        if (args.size() == 1 && args.getFirst() instanceof String s) {
            return s;
        }
        List<Object> printable = new ArrayList<>(args.size());
        for (Object a : args) {
            printable.add(a == null ? "<no value>" : a);
        }
        return GoFmt.sprint(printable);
    }

    /** Title case per word as golang.org/x/text/cases does for English: first letter upper, rest lower. */
    static String title(String s) {
        StringBuilder out = new StringBuilder(s.length());
        boolean inWord = false;
        int i = 0;
        while (i < s.length()) {
            int cp = s.codePointAt(i);
            i += Character.charCount(cp);
            if (Character.isLetterOrDigit(cp) || Character.getType(cp) == Character.NON_SPACING_MARK) {
                out.appendCodePoint(inWord ? Character.toLowerCase(cp) : Character.toTitleCase(cp));
                inWord = true;
            } else {
                // an apostrophe inside a word (o'neil) does not start a new word
                boolean apostrophe = (cp == '\'' || cp == '\u2019') && inWord && i < s.length()
                        && Character.isLetter(s.codePointAt(i));
                inWord = apostrophe;
                out.appendCodePoint(cp);
            }
        }
        return out.toString();
    }

    /** Go's strings.ToUpper/ToLower: simple per-rune mapping, no locale rules. */
    private static String mapCodePoints(String s, boolean upper) {
        StringBuilder out = new StringBuilder(s.length());
        s.codePoints().forEach(cp -> out.appendCodePoint(upper ? Character.toUpperCase(cp) : Character.toLowerCase(cp)));
        return out.toString();
    }

    /** Go's base64.StdEncoding.DecodeString: CR and LF ignored, padding required, errors name the byte. */
    private static String base64Decode(String s) throws FuncError {
        String input = s.replace("\r", "").replace("\n", "");
        int pad = input.indexOf('=');
        for (int i = 0; i < input.length(); i++) {
            char c = input.charAt(i);
            boolean alphabet = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '+'
                    || c == '/';
            if (!alphabet && !(c == '=' && i >= pad)) {
                throw illegal(i);
            }
            if (c != '=' && pad >= 0 && i > pad) {
                throw illegal(pad);
            }
        }
        if (input.length() % 4 != 0) {
            throw illegal(pad >= 0 ? pad : input.length() - input.length() % 4);
        }
        if (pad >= 0 && (input.length() - pad > 2 || pad % 4 < 2)) {
            throw illegal(pad);
        }
        try {
            return new String(Base64.getDecoder().decode(input), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw new FuncError("illegal base64 data at input byte " + Math.max(pad, 0), e);
        }
    }

    private static FuncError illegal(int offset) {
        return new FuncError("illegal base64 data at input byte " + offset);
    }
}
