package mms.template;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.MathContext;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

/**
 * Go's {@code fmt} for the values templates handle: nil ({@code null}), string, int ({@link Long}),
 * float64 ({@link Double}), bool, {@code []interface{}} ({@link List}) and
 * {@code map[string]interface{}} ({@link Map}). Public for the matcher language's {@code string()}.
 */
public final class GoFmt {

    private GoFmt() {}

    static String typeName(Object v) {
        return switch (v) {
            case null -> "<nil>";
            case String s -> "string";
            case Long l -> "int";
            case Double d -> "float64";
            case Boolean b -> "bool";
            case List<?> l -> "[]interface {}";
            case Map<?, ?> m -> "map[string]interface {}";
            default -> v.getClass().getSimpleName();
        };
    }

    /**
     * {@code fmt.Sprint(v)}: the {@code %v} form.
     *
     * @param v nil ({@code null}), a string, {@link Long}, {@link Double}, {@link Boolean}, or a
     *     {@link List} or string-keyed {@link Map} of such values
     * @return Go's text for the value, never null
     */
    public static String value(Object v) {
        StringBuilder out = new StringBuilder();
        printArg(out, v, 'v', new Spec());
        return out.toString();
    }

    /** {@code fmt.Sprint}: spaces between operands when neither is a string. */
    static String sprint(List<Object> args) {
        StringBuilder out = new StringBuilder();
        boolean prevString = false;
        for (int i = 0; i < args.size(); i++) {
            Object arg = args.get(i);
            boolean isString = arg instanceof String;
            if (i > 0 && !isString && !prevString) {
                out.append(' ');
            }
            printArg(out, arg, 'v', new Spec());
            prevString = isString;
        }
        return out.toString();
    }

    /** {@code fmt.Sprintln}: always spaces, and a newline. */
    static String sprintln(List<Object> args) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < args.size(); i++) {
            if (i > 0) {
                out.append(' ');
            }
            printArg(out, args.get(i), 'v', new Spec());
        }
        return out.append('\n').toString();
    }

    private static final class Spec {
        boolean plus;
        boolean minus;
        boolean sharp;
        boolean space;
        boolean zero;
        int width = -1;
        int prec = -1;
    }

    /** {@code fmt.Sprintf} including Go's in-band error forms ({@code %!d(string=x)}, MISSING, EXTRA). */
    static String sprintf(String format, List<Object> args) {
        StringBuilder out = new StringBuilder();
        int argNum = 0;
        int i = 0;
        int n = format.length();
        while (i < n) {
            char c = format.charAt(i);
            if (c != '%') {
                out.append(c);
                i++;
                continue;
            }
            i++;
            Spec spec = new Spec();
            flags:
            while (i < n) {
                switch (format.charAt(i)) {
                    case '#' -> spec.sharp = true;
                    case '0' -> spec.zero = !spec.minus;
                    case '+' -> spec.plus = true;
                    case '-' -> {
                        spec.minus = true;
                        spec.zero = false;
                    }
                    case ' ' -> spec.space = true;
                    default -> {
                        break flags;
                    }
                }
                i++;
            }
            if (i < n && format.charAt(i) == '*') {
                i++;
                if (argNum < args.size() && args.get(argNum) instanceof Long w) {
                    spec.width = (int) Math.abs(w);
                    if (w < 0) {
                        spec.minus = true;
                        spec.zero = false;
                    }
                } else {
                    out.append("%!(BADWIDTH)");
                }
                argNum++;
            } else {
                int start = i;
                while (i < n && Character.isDigit(format.charAt(i))) {
                    i++;
                }
                if (i > start) {
                    spec.width = Integer.parseInt(format.substring(start, i));
                }
            }
            if (i < n && format.charAt(i) == '.') {
                i++;
                if (i < n && format.charAt(i) == '*') {
                    i++;
                    if (argNum < args.size() && args.get(argNum) instanceof Long p && p >= 0) {
                        spec.prec = p.intValue();
                    } else {
                        out.append("%!(BADPREC)");
                    }
                    argNum++;
                } else {
                    int start = i;
                    while (i < n && Character.isDigit(format.charAt(i))) {
                        i++;
                    }
                    spec.prec = i > start ? Integer.parseInt(format.substring(start, i)) : 0;
                }
            }
            if (i >= n) {
                out.append("%!(NOVERB)");
                break;
            }
            int verb = format.codePointAt(i);
            i += Character.charCount(verb);
            if (verb == '%') {
                out.append('%');
                continue;
            }
            if (argNum >= args.size()) {
                out.append("%!").appendCodePoint(verb).append("(MISSING)");
                continue;
            }
            printArg(out, args.get(argNum++), verb, spec);
        }
        if (argNum < args.size()) {
            out.append("%!(EXTRA ");
            for (int k = argNum; k < args.size(); k++) {
                if (k > argNum) {
                    out.append(", ");
                }
                Object arg = args.get(k);
                if (arg == null) {
                    out.append("<nil>");
                } else {
                    out.append(typeName(arg)).append('=');
                    printArg(out, arg, 'v', new Spec());
                }
            }
            out.append(')');
        }
        return out.toString();
    }

    private static void printArg(StringBuilder out, Object arg, int verb, Spec spec) {
        if (verb == 'T') {
            pad(out, typeName(arg), spec);
            return;
        }
        switch (arg) {
            case null -> {
                if (verb == 'v') {
                    pad(out, spec.sharp ? "interface {}(nil)" : "<nil>", spec);
                } else {
                    badVerb(out, verb, null);
                }
            }
            case Boolean b -> {
                if (verb == 't' || verb == 'v') {
                    pad(out, b.toString(), spec);
                } else {
                    badVerb(out, verb, b);
                }
            }
            case Long l -> integer(out, l, verb, spec);
            case Double d -> floating(out, d, verb, spec);
            case String s -> string(out, s, verb, spec);
            case List<?> list -> {
                if (verb == 'v' && spec.sharp) {
                    out.append("[]interface {}{");
                    for (int i = 0; i < list.size(); i++) {
                        out.append(i > 0 ? ", " : "");
                        printArg(out, list.get(i), verb, spec);
                    }
                    out.append('}');
                    return;
                }
                out.append('[');
                for (int i = 0; i < list.size(); i++) {
                    out.append(i > 0 ? " " : "");
                    element(out, list.get(i), verb, spec);
                }
                out.append(']');
            }
            case Map<?, ?> map -> {
                List<String> keys = new ArrayList<>();
                map.keySet().forEach(k -> keys.add((String) k));
                keys.sort(null);
                boolean goSyntax = verb == 'v' && spec.sharp;
                out.append(goSyntax ? "map[string]interface {}{" : "map[");
                for (int i = 0; i < keys.size(); i++) {
                    out.append(i > 0 ? (goSyntax ? ", " : " ") : "");
                    printArg(out, keys.get(i), verb, spec);
                    out.append(':');
                    element(out, map.get(keys.get(i)), verb, spec);
                }
                out.append(goSyntax ? '}' : ']');
            }
            default -> pad(out, arg.toString(), spec);
        }
    }

    /** An element of a list or map: a nil interface prints as {@code <nil>} whatever the verb. */
    private static void element(StringBuilder out, Object v, int verb, Spec spec) {
        if (v == null) {
            pad(out, spec.sharp && verb == 'v' ? "interface {}(nil)" : "<nil>", spec);
        } else {
            printArg(out, v, verb, spec);
        }
    }

    private static void badVerb(StringBuilder out, int verb, Object arg) {
        out.append("%!").appendCodePoint(verb).append('(');
        if (arg == null) {
            out.append("<nil>");
        } else {
            out.append(typeName(arg)).append('=');
            printArg(out, arg, 'v', new Spec());
        }
        out.append(')');
    }

    private static void string(StringBuilder out, String s, int verb, Spec spec) {
        switch (verb) {
            case 'v' -> pad(out, spec.sharp ? GoStrings.quote(s) : s, spec);
            case 's' -> pad(out, truncate(s, spec.prec), spec);
            case 'q' -> pad(out, GoStrings.quote(truncate(s, spec.prec)), spec);
            case 'x', 'X' -> {
                String hex = HexFormat.of().formatHex(truncate(s, spec.prec).getBytes(StandardCharsets.UTF_8));
                if (spec.sharp && !hex.isEmpty()) {
                    hex = "0x" + hex;
                }
                pad(out, verb == 'X' ? hex.toUpperCase() : hex, spec);
            }
            default -> badVerb(out, verb, s);
        }
    }

    private static String truncate(String s, int prec) {
        if (prec < 0 || s.codePointCount(0, s.length()) <= prec) {
            return s;
        }
        return s.substring(0, s.offsetByCodePoints(0, prec));
    }

    private static void integer(StringBuilder out, long v, int verb, Spec spec) {
        switch (verb) {
            case 'v', 'd' -> out.append(fmtInteger(v, 10, false, spec, ""));
            case 'b' -> out.append(fmtInteger(v, 2, false, spec, spec.sharp ? "0b" : ""));
            case 'o' -> out.append(fmtInteger(v, 8, false, spec, spec.sharp ? "0" : ""));
            case 'O' -> out.append(fmtInteger(v, 8, false, spec, "0o"));
            case 'x' -> out.append(fmtInteger(v, 16, false, spec, spec.sharp ? "0x" : ""));
            case 'X' -> out.append(fmtInteger(v, 16, true, spec, spec.sharp ? "0X" : ""));
            case 'c' -> pad(out, validRune(v) ? Character.toString((int) v) : "\uFFFD", spec);
            case 'q' -> pad(out, GoStrings.quoteRune(v), spec);
            case 'U' -> {
                String u = String.format("U+%04X", v);
                if (spec.sharp && validRune(v) && GoStrings.isPrint((int) v)) {
                    u += " '" + Character.toString((int) v) + "'";
                }
                pad(out, u, spec);
            }
            default -> badVerb(out, verb, v);
        }
    }

    private static boolean validRune(long v) {
        return v >= 0 && v <= Character.MAX_CODE_POINT && !(v >= 0xD800 && v <= 0xDFFF);
    }

    private static String fmtInteger(long v, int base, boolean upper, Spec spec, String prefix) {
        boolean negative = v < 0;
        String digits = BigInteger.valueOf(v).abs().toString(base);
        if (upper) {
            digits = digits.toUpperCase();
        }
        if (spec.prec >= 0) {
            if (spec.prec == 0 && v == 0) {
                digits = "";
            }
            digits = "0".repeat(Math.max(0, spec.prec - digits.length())) + digits;
        } else if (spec.zero && spec.width > 0 && !spec.minus) {
            int room = spec.width - ((negative || spec.plus || spec.space) ? 1 : 0);
            digits = "0".repeat(Math.max(0, room - digits.length())) + digits;
        }
        if (prefix.equals("0") && digits.startsWith("0")) {
            prefix = "";
        }
        String sign = negative ? "-" : spec.plus ? "+" : spec.space ? " " : "";
        String s = sign + prefix + digits;
        return padded(s, spec.width, spec.minus, ' ');
    }

    private static void floating(StringBuilder out, double v, int verb, Spec spec) {
        String num;
        switch (verb) {
            case 'v', 'g', 'G' -> num = formatG(v, spec.prec, verb == 'G');
            case 'e', 'E' -> num = formatE(v, spec.prec < 0 ? 6 : spec.prec, verb == 'E');
            case 'f', 'F' -> num = formatF(v, spec.prec < 0 ? 6 : spec.prec);
            case 'x', 'X' -> num = formatHex(v, verb == 'X');
            default -> {
                badVerb(out, verb, v);
                return;
            }
        }
        if (Double.isNaN(v)) {
            out.append(padded(spec.plus ? "+NaN" : spec.space ? " NaN" : "NaN", spec.width, spec.minus, ' '));
            return;
        }
        if (Double.isInfinite(v)) {
            String inf = v < 0 ? "-Inf" : spec.space && !spec.plus ? " Inf" : "+Inf";
            out.append(padded(inf, spec.width, spec.minus, ' '));
            return;
        }
        boolean negative = num.startsWith("-");
        String unsigned = negative ? num.substring(1) : num;
        String sign = negative ? "-" : spec.plus ? "+" : spec.space ? " " : "";
        if (spec.zero && spec.width > 0 && !spec.minus) {
            int room = spec.width - sign.length();
            out.append(sign).append("0".repeat(Math.max(0, room - unsigned.length()))).append(unsigned);
            return;
        }
        out.append(padded(sign + unsigned, spec.width, spec.minus, ' '));
    }

    /** Decimal digits without trailing zeros and the decimal point position: value = 0.digits × 10^dp. */
    private record Digits(String d, int dp) {
        int nd() {
            return d.length();
        }

        char at(int i) {
            return i >= 0 && i < d.length() ? d.charAt(i) : '0';
        }

        static Digits of(BigDecimal abs) {
            if (abs.signum() == 0) {
                return new Digits("", 0);
            }
            BigDecimal stripped = abs.stripTrailingZeros();
            String s = stripped.unscaledValue().toString();
            return new Digits(s, s.length() - stripped.scale());
        }

        static Digits shortest(double abs) {
            if (abs == 0) {
                return new Digits("", 0);
            }
            // Double.toString gives the shortest round-tripping digits (JDK 19+), as Go's strconv does,
            // except that it never uses fewer than two: check whether one digit also round-trips.
            Digits d = of(new BigDecimal(Double.toString(abs)));
            if (d.nd() == 2) {
                int first = d.d().charAt(0) - '0';
                boolean up = d.d().charAt(1) >= '5';
                for (int candidate : up ? new int[] {first + 1, first} : new int[] {first, first + 1}) {
                    BigDecimal one = BigDecimal.valueOf(candidate).scaleByPowerOfTen(d.dp() - 1);
                    if (one.doubleValue() == abs) {
                        return of(one);
                    }
                }
            }
            return d;
        }

        static Digits rounded(double abs, int significant) {
            return abs == 0
                    ? new Digits("", 0)
                    : of(new BigDecimal(abs).round(new MathContext(significant, RoundingMode.HALF_EVEN)));
        }
    }

    private static String special(double v) {
        if (Double.isNaN(v)) {
            return "NaN";
        }
        if (Double.isInfinite(v)) {
            return v > 0 ? "+Inf" : "-Inf";
        }
        return null;
    }

    private static String sign(double v) {
        return (v < 0 || (v == 0 && 1 / v < 0)) ? "-" : "";
    }

    /** strconv.FormatFloat(v, 'g', prec, 64); prec -1 is the shortest form (exponent when x < -4 or x >= 6). */
    static String formatG(double v, int prec, boolean upper) {
        String special = special(v);
        if (special != null) {
            return special;
        }
        double abs = Math.abs(v);
        boolean shortest = prec < 0;
        if (prec == 0) {
            prec = 1;
        }
        Digits d = shortest ? Digits.shortest(abs) : Digits.rounded(abs, prec);
        int nd = d.nd();
        if (shortest) {
            prec = nd;
        }
        int eprec = prec;
        if (eprec > nd && nd >= d.dp()) {
            eprec = nd;
        }
        if (shortest) {
            eprec = 6;
        }
        int exp = d.dp() - 1;
        String body;
        if (exp < -4 || exp >= eprec) {
            body = eForm(d, Math.min(prec, nd) - 1, upper ? 'E' : 'e');
        } else {
            body = fForm(d, Math.max((prec > d.dp() ? nd : prec) - d.dp(), 0));
        }
        return sign(v) + body;
    }

    static String formatE(double v, int prec, boolean upper) {
        String special = special(v);
        if (special != null) {
            return special;
        }
        Digits d = Digits.rounded(Math.abs(v), prec + 1);
        return sign(v) + eForm(d, prec, upper ? 'E' : 'e');
    }

    static String formatF(double v, int prec) {
        String special = special(v);
        if (special != null) {
            return special;
        }
        return sign(v) + new BigDecimal(Math.abs(v)).setScale(prec, RoundingMode.HALF_EVEN).toPlainString();
    }

    private static String formatHex(double v, boolean upper) {
        String special = special(v);
        if (special != null) {
            return special;
        }
        String java = Double.toHexString(Math.abs(v)); // 0x1.8p3
        int p = java.indexOf('p');
        String mantissa = java.substring(0, p);
        if (mantissa.endsWith(".0")) {
            mantissa = mantissa.substring(0, mantissa.length() - 2);
        }
        int exp = Integer.parseInt(java.substring(p + 1));
        if (v == 0) {
            mantissa = "0x0";
            exp = 0;
        }
        String s = sign(v) + mantissa + "p" + (exp < 0 ? "-" : "+") + (Math.abs(exp) < 10 ? "0" : "") + Math.abs(exp);
        return upper ? s.toUpperCase() : s;
    }

    private static String eForm(Digits d, int decimals, char e) {
        StringBuilder sb = new StringBuilder();
        sb.append(d.at(0));
        if (decimals > 0) {
            sb.append('.');
            for (int i = 1; i <= decimals; i++) {
                sb.append(d.at(i));
            }
        }
        int exp = d.nd() == 0 ? 0 : d.dp() - 1;
        sb.append(e).append(exp < 0 ? '-' : '+');
        int a = Math.abs(exp);
        if (a < 10) {
            sb.append('0');
        }
        return sb.append(a).toString();
    }

    private static String fForm(Digits d, int decimals) {
        StringBuilder sb = new StringBuilder();
        if (d.dp() <= 0) {
            sb.append('0');
        } else {
            for (int i = 0; i < d.dp(); i++) {
                sb.append(d.at(i));
            }
        }
        if (decimals > 0) {
            sb.append('.');
            for (int i = 0; i < decimals; i++) {
                sb.append(d.at(d.dp() + i));
            }
        }
        return sb.toString();
    }

    private static void pad(StringBuilder out, String s, Spec spec) {
        out.append(padded(s, spec.width, spec.minus, spec.zero ? '0' : ' '));
    }

    private static String padded(String s, int width, boolean left, char with) {
        int len = s.codePointCount(0, s.length());
        if (width <= len) {
            return s;
        }
        String padding = String.valueOf(with).repeat(width - len);
        return left ? s + padding : padding + s;
    }
}
