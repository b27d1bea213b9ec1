package mms.spec.match;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import mms.json.Json;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * Properties of the language over generated input: any text either compiles and evaluates or
 * fails with a {@link MatcherException} (never another exception, whatever the combination of
 * operators, built-ins and values), and the string built-ins keep Go's byte-offset semantics.
 */
class MatcherPropertiesTest {

    private static final MatchEnvironment NODE = node();

    private static MatchEnvironment node() {
        try {
            JsonNode facts = Json.mapper().readTree("""
                    {"os":{"family":"Debian"},"cpus":4,"tags":["web","prod"],"nothing":null,"ratio":0.5}""");
            FileProbe nothing = new FileProbe() {
                public boolean exists(Path p) { return false; }
                public boolean isDirectory(Path p) { return false; }
                public boolean isExecutable(Path p) { return false; }
            };
            return new MatchEnvironment("web01", facts, List.of(), nothing, FactLookup.gjson());
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static final List<String> TOKENS = List.of("1", "0", "-1", "2.5", "1e3", "'a'", "\"b,c\"", "`r`", "true",
            "false", "nil", "[", "]", "{", "}", "(", ")", ",", ":", ";", "?", "??", "?.", ".", "..", "#", "#index",
            "#acc", "+", "-", "*", "/", "%", "**", "^", "==", "!=", "<", "<=", ">", "&&", "||", "!", "not", "and", "or",
            "in", "matches", "contains", "startsWith", "endsWith", "|", "let x =", "x", "if", "else", "=", "::", ".a",
            "map(", "filter(", "all(", "any(", "count(", "sum(", "reduce(", "groupBy(", "sortBy(", "find(", "len(",
            "upper(", "split(", "join(", "repeat(", "replace(", "max(", "min(", "mean(", "sort(", "uniq(", "flatten(",
            "concat(", "toJSON(", "fromJSON(", "string(", "int(", "float(", "abs(", "round(", "get(", "first(", "keys(",
            "fromPairs(", "toPairs(", "take(", "indexOf(", "bitshl(", "trim(", "type(", "identity(", "has_file(",
            "has_command(", "get_fact(", "get_fact('tags')", "get_fact('os')", "get_fact('cpus')", "1..3", "'x'[0]",
            "[1,'a']", "{a: 1}");

    @Provide
    Arbitrary<String> expressions() {
        return Arbitraries.of(TOKENS).list().ofMaxSize(24).map(tokens -> String.join(" ", tokens));
    }

    @Property(tries = 500)
    void anyTokenSoupCompilesAndEvaluatesOrFailsWithAMatcherError(@ForAll("expressions") String expression) {
        try {
            Matcher.evaluate(expression, NODE);
        } catch (MatcherException e) {
            assertThat(e.getMessage()).isNotBlank();
        }
        try {
            Matcher.compile(expression).matches(NODE);
        } catch (MatcherException e) {
            assertThat(e.getMessage()).isNotBlank();
        }
    }

    @Provide
    Arbitrary<String> texts() {
        return Arbitraries.of("a", "b", ",", "é", "北", "👍", " ", "\t").list().ofMaxSize(12).map(parts -> String.join("", parts));
    }

    @Provide
    Arbitrary<String> separators() {
        return Arbitraries.of(",", "é", "👍", "ab", "b,");
    }

    private static String quoted(String s) {
        return "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"").replace("\t", "\\t") + "\"";
    }

    @Property(tries = 300)
    void joiningWhatSplitSplitGivesTheString(@ForAll("texts") String s, @ForAll("separators") String sep) throws Exception {
        assertThat(Matcher.evaluate("join(split(%s, %s), %s)".formatted(quoted(s), quoted(sep), quoted(sep)), NODE))
                .isEqualTo(s);
        assertThat(Matcher.evaluate("join(splitAfter(%s, %s))".formatted(quoted(s), quoted(sep)), NODE)).isEqualTo(s);
    }

    @Property(tries = 300)
    void indexesAndLengthsAreGoBytesAndRunes(@ForAll("texts") String s, @ForAll("separators") String sub) throws Exception {
        long index = (Long) Matcher.evaluate("indexOf(%s, %s)".formatted(quoted(s), quoted(sub)), NODE);
        byte[] bytes = s.getBytes(StandardCharsets.UTF_8);
        byte[] needle = sub.getBytes(StandardCharsets.UTF_8);
        assertThat(index).isEqualTo(byteIndex(bytes, needle));
        if (index >= 0) {
            assertThat(Matcher.evaluate("%s[%d:] startsWith %s".formatted(quoted(s), index, quoted(sub)), NODE)).isEqualTo(true);
        }
        assertThat(Matcher.evaluate("len(%s)".formatted(quoted(s)), NODE)).isEqualTo((long) s.codePointCount(0, s.length()));
        assertThat(Matcher.evaluate("trim(%s) == %s".formatted(quoted(s), quoted(s.strip())), NODE)).isEqualTo(true);
    }

    private static long byteIndex(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= haystack.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }

    @Property(tries = 100)
    void rangesAndSlicesAgree(@ForAll("smallInts") long from, @ForAll("smallInts") long to,
                              @ForAll("smallInts") long a, @ForAll("smallInts") long b) throws Exception {
        Object range = Matcher.evaluate("%d..%d".formatted(from, to), NODE);
        assertThat((List<?>) range).hasSize((int) Math.max(0, to - from + 1));
        List<?> slice = (List<?>) Matcher.evaluate("(%d..%d)[%d:%d]".formatted(from, to, a, b), NODE);
        List<?> whole = (List<?>) range;
        int n = whole.size();
        int lo = (int) Math.min(Math.max(0, a < 0 ? a + n : a), n);
        int hi = (int) Math.min(Math.max(0, b < 0 ? b + n : b), n);
        assertThat(slice).isEqualTo(whole.subList(Math.min(lo, hi), hi));
    }

    @Provide
    Arbitrary<Long> smallInts() {
        return Arbitraries.longs().between(-12, 12);
    }
}
