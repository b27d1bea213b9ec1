package mms.spec.match;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import mms.json.Json;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The language, case by case, against the results expr-lang's own tests expect (v1.17.8:
 * {@code expr_test.go} TestExpr, {@code builtin/builtin_test.go}, {@code test/pipes},
 * {@code checker_test.go}). Cases expr-lang's tests run through {@code expr.Eval}, which skips
 * the checker, are kept only where they also compile as the original compiles matchers
 * ({@code get(nil, "a")} does not). Their Go environments ({@code ArrayOfInt}, {@code Foo}, ...) are
 * written here as {@code let} variables or facts; Go ints are {@link Long}s and float64s
 * {@link Double}s.
 */
class ExprLangTest {

    private static final MatchEnvironment NODE = node();

    private static MatchEnvironment node() {
        try {
            JsonNode facts = Json.mapper().readTree("""
                    {"foo":{"bar":"value"},"cpus":4,"tags":["web","prod"],"nothing":null}""");
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

    /** The variables of expr-lang's builtin tests. */
    private static final String VARIABLES = """
            let ArrayOfString = ["foo", "bar", "baz"];
            let ArrayOfInt = [1, 2, 3];
            let ArrayOfFloat = [1.5, 2.5, 3.5];
            let ArrayOfAny = [1, "2", true];
            let ArrayOfFoo = [{Value: "a"}, {Value: "b"}, {Value: "c"}];
            let EmptyIntArray = [];
            let EmptyFloatArray = [];
            let NestedIntArrays = [[1, 2], [3, 4]];
            let MixedNestedArray = [1, [2, 3], [4.0, 5.0]];
            """;

    static List<Object> list(Object... elements) {
        return Arrays.asList(elements);
    }

    static Map<Object, Object> map(Object... keysAndValues) {
        Map<Object, Object> out = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            out.put(keysAndValues[i], keysAndValues[i + 1]);
        }
        return out;
    }

    private static void check(String expression, Object expected) throws MatcherException {
        Object actual = Matcher.evaluate(expression, NODE);
        assertThat(actual).as(expression).isEqualTo(expected);
        if (expected != null) {
            assertThat(actual).as("type of " + expression).isInstanceOf(expected instanceof List ? List.class
                    : expected instanceof Map ? Map.class : expected.getClass());
        }
    }

    /** expr_test.go TestExpr, the cases that need no Go structs, methods or times. */
    static Stream<Arguments> operators() {
        return Stream.of(
                Arguments.of("1", 1L),
                Arguments.of("-.5", -.5),
                Arguments.of("true && false || false", false),
                Arguments.of("\"a\" != \"b\"", true),
                Arguments.of("\"a\" != \"b\" || 1 == 2", true),
                Arguments.of("2 + 2 == 4", true),
                Arguments.of("8 % 3", 2L),
                Arguments.of("2 ** 8", 256.0),
                Arguments.of("2 ^ 8", 256.0),
                Arguments.of("-(2-5)**3-2/(+4-3)+-2", 23.0),
                Arguments.of("\"hello\" + \" \" + \"world\"", "hello world"),
                Arguments.of("0 in -1..1 and 1 in 1..1", true),
                Arguments.of("1 in [1, 2, 3] && \"foo\" in {foo: 0, bar: 1}", true),
                Arguments.of("1 in [1.5] || 1 not in [1]", false),
                Arguments.of("let One = 1; let Two = 2; One in 0..1 && Two not in 0..1", true),
                Arguments.of("2 not    in 0..1", true),
                Arguments.of("-1 not in [1]", true),
                Arguments.of("let Int32 = 0; Int32 in [10, 20]", false),
                Arguments.of("\"string\" matches \"s.+\"", true),
                Arguments.of("let String = \"string\"; String matches (\"^\" + String + \"$\")", true),
                Arguments.of("'foo' + 'bar' not matches 'foobar'", false),
                Arguments.of("\"foobar\" contains \"bar\"", true),
                Arguments.of("\"foobar\" startsWith \"foo\"", true),
                Arguments.of("\"foobar\" endsWith \"bar\"", true),
                Arguments.of("(0..10)[5]", 5L),
                Arguments.of("len([1, 2, 3])", 3L),
                Arguments.of("len([\"hello\", \"world\"])", 2L),
                Arguments.of("len(\"hello, world\")", 12L),
                Arguments.of("len('北京')", 2L),
                Arguments.of("len('👍🏻')", 2L),
                Arguments.of("len('👍')", 1L),
                Arguments.of("len({a: 1, b: 2, c: 2})", 3L),
                Arguments.of("max([1, 2, 3])", 3L),
                Arguments.of("max(1, 2, 3)", 3L),
                Arguments.of("min([1, 2, 3])", 1L),
                Arguments.of("min(1, 2, 3)", 1L),
                Arguments.of("{foo: 0, bar: 1}", map("foo", 0L, "bar", 1L)),
                Arguments.of("(true ? 0+1 : 2+3) + (false ? -1 : -2)", -1L),
                Arguments.of("filter(1..9, {# > 7})", list(8L, 9L)),
                Arguments.of("map(1..3, {# * #})", list(1L, 4L, 9L)),
                Arguments.of("all(1..3, {# > 0})", true),
                Arguments.of("count(1..30, {# % 3 == 0})", 10L),
                Arguments.of("count([true, true, false])", 2L),
                Arguments.of("\"a\" < \"b\"", true),
                Arguments.of("1 + 1", 2L),
                Arguments.of("let One = 1; let Two = 2; (One * Two) * 3 == One * (Two * 3)", true),
                Arguments.of("let ArrayOfInt = [1, 2, 3, 4, 5]; ArrayOfInt[1]", 2L),
                Arguments.of("let ArrayOfInt = [1, 2, 3, 4, 5]; ArrayOfInt[0] < ArrayOfInt[1]", true),
                Arguments.of("let ArrayOfInt = [1, 2, 3, 4, 5]; ArrayOfInt[-1]", 5L),
                Arguments.of("let ArrayOfInt = [1, 2, 3, 4, 5]; ArrayOfInt[1:2]", list(2L)),
                Arguments.of("let ArrayOfInt = [1, 2, 3, 4, 5]; ArrayOfInt[1:4]", list(2L, 3L, 4L)),
                Arguments.of("let ArrayOfInt = [1, 2, 3, 4, 5]; ArrayOfInt[-4:-1]", list(2L, 3L, 4L)),
                Arguments.of("let ArrayOfInt = [1, 2, 3, 4, 5]; ArrayOfInt[:3]", list(1L, 2L, 3L)),
                Arguments.of("let ArrayOfInt = [1, 2, 3, 4, 5]; ArrayOfInt[3:]", list(4L, 5L)),
                Arguments.of("let ArrayOfInt = [1, 2, 3, 4, 5]; ArrayOfInt[0:5] == ArrayOfInt", true),
                Arguments.of("let ArrayOfInt = [1, 2, 3, 4, 5]; ArrayOfInt[0:] == ArrayOfInt", true),
                Arguments.of("let ArrayOfInt = [1, 2, 3, 4, 5]; ArrayOfInt[:5] == ArrayOfInt", true),
                Arguments.of("let ArrayOfInt = [1, 2, 3, 4, 5]; ArrayOfInt[:] == ArrayOfInt", true),
                Arguments.of("4 in 5..1", false),
                Arguments.of("4..0", list()),
                Arguments.of("get_fact('nothing') == nil && nil == get_fact('nothing') && nil == nil", true),
                Arguments.of("0 == nil || \"str\" == nil || true == nil", false),
                Arguments.of("let String = \"string\"; String[:]", "string"),
                Arguments.of("let String = \"string\"; String[:3]", "str"),
                Arguments.of("let String = \"string\"; String[:9]", "string"),
                Arguments.of("let String = \"string\"; String[3:9]", "ing"),
                Arguments.of("let String = \"string\"; String[7:9]", ""),
                Arguments.of("let ArrayOfInt = [1, 2, 3, 4, 5]; map(filter(ArrayOfInt, # >= 3), # + 1)", list(4L, 5L, 6L)),
                Arguments.of("1 /* one */ + 2 // two", 3L),
                Arguments.of("let x = 1; x + 2", 3L),
                Arguments.of("map(1..3, let x = #; let y = x * x; y * y)", list(1L, 16L, 81L)),
                Arguments.of("map(1..2, let x = #; map(2..3, let y = #; x + y))", list(list(3L, 4L), list(4L, 5L))),
                Arguments.of("len(filter(1..99, # % 7 == 0))", 14L),
                Arguments.of("let ArrayOfFoo = [{Value: 'foo'}, {Value: 'bar'}, {Value: 'baz'}]; find(ArrayOfFoo, .Value == 'baz')",
                        map("Value", "baz")),
                Arguments.of("let ArrayOfFoo = [{Value: 'foo'}, {Value: 'bar'}, {Value: 'baz'}]; findIndex(ArrayOfFoo, .Value == 'baz')", 2L),
                Arguments.of("let ArrayOfFoo = [{Value: 'foo'}, {Value: 'bar'}, {Value: 'baz'}]; filter(ArrayOfFoo, .Value == 'baz')[0]",
                        map("Value", "baz")),
                Arguments.of("let ArrayOfFoo = [{Value: 'foo'}, {Value: 'bar'}, {Value: 'baz'}]; first(filter(ArrayOfFoo, .Value == 'baz'))",
                        map("Value", "baz")),
                Arguments.of("let ArrayOfFoo = [{Value: 'foo'}]; first(filter(ArrayOfFoo, false))", null),
                Arguments.of("findLast(1..9, # % 2 == 0)", 8L),
                Arguments.of("findLastIndex(1..9, # % 2 == 0)", 7L),
                Arguments.of("filter(1..9, # % 2 == 0)[-1]", 8L),
                Arguments.of("last(filter(1..9, # % 2 == 0))", 8L),
                Arguments.of("map(filter(1..9, # % 2 == 0), # * 2)", list(4L, 8L, 12L, 16L)),
                Arguments.of("map(map(filter(1..9, # % 2 == 0), # * 2), # * 2)", list(8L, 16L, 24L, 32L)),
                Arguments.of("first(map(filter(1..9, # % 2 == 0), # * 2))", 4L),
                Arguments.of("map(filter(1..9, # % 2 == 0), # * 2)[-1]", 16L),
                Arguments.of("len(map(filter(1..9, # % 2 == 0), # * 2))", 4L),
                Arguments.of("len(filter(map(1..9, # * 2), # % 2 == 0))", 9L),
                Arguments.of("first(filter(map(1..9, # * 2), # % 2 == 0))", 2L),
                Arguments.of("2^3 == 8", true),
                Arguments.of("4/2 == 2", true),
                Arguments.of(".5 in 0..1", false),
                Arguments.of("let ArrayOfInt = [1, 2, 3, 4, 5]; .5 in ArrayOfInt", false),
                Arguments.of("bitnot(10)", -11L),
                Arguments.of("bitxor(15, 32)", 47L),
                Arguments.of("bitand(90, 34)", 2L),
                Arguments.of("bitnand(35, 9)", 34L),
                Arguments.of("bitor(10, 5)", 15L),
                Arguments.of("bitshr(7, 2)", 1L),
                Arguments.of("bitshl(7, 2)", 28L),
                Arguments.of("bitushr(-100, 5)", 576460752303423484L),
                Arguments.of("\"hello\"[1:3]", "el"),
                Arguments.of("[1, 2, 3]?.[0]", 1L),
                Arguments.of("[[1, 2], 3, 4]?.[0]?.[1]", 2L),
                Arguments.of("[nil, 3, 4]?.[0]?.[1]", null),
                Arguments.of("1 > 2 < 3", false),
                Arguments.of("1 < 2 < 3", true),
                Arguments.of("1 < 2 < 3 > 4", false),
                Arguments.of("1 < 2 < 3 > 2", true),
                Arguments.of("1 < 2 < 3 == true", true),
                Arguments.of("if 1 > 2 { 333 * 2 + 1 } else { 444 }", 444L),
                Arguments.of("let a = 3;\n let b = 2;\n if a>b {let c = a + b; c+1} else {10 + b}\n", 6L),
                Arguments.of("if \"a\" < \"b\" {let x = \"a\"; x} else {\"abc\"}", "a"),
                Arguments.of("if 1 == 2 { \"no\" } else if 1 == 1 { \"yes\" } else { \"maybe\" }", "yes"),
                Arguments.of("1; 2; 3", 3L),
                Arguments.of("let a = 1; 2 + 2; let b = 2; a + b", 3L));
    }

    @ParameterizedTest
    @MethodSource("operators")
    void evaluatesAsExprLangTestExpr(String expression, Object expected) throws Exception {
        check(expression, expected);
    }

    /** builtin_test.go TestBuiltin, TestBuiltin_bitOpsFunc, TestBuiltin_reverse and TestBuiltin_sort. */
    static Stream<Arguments> builtins() {
        return Stream.of(
                Arguments.of("len(1..10)", 10L),
                Arguments.of("len({foo: 1, bar: 2})", 2L),
                Arguments.of("len(\"hello\")", 5L),
                Arguments.of("abs(-5)", 5L),
                Arguments.of("abs(.5)", .5),
                Arguments.of("abs(-.5)", .5),
                Arguments.of("ceil(5.5)", 6.0),
                Arguments.of("ceil(5)", 5.0),
                Arguments.of("floor(5.5)", 5.0),
                Arguments.of("floor(5)", 5.0),
                Arguments.of("round(5.5)", 6.0),
                Arguments.of("round(5)", 5.0),
                Arguments.of("round(5.49)", 5.0),
                Arguments.of("int(5.5)", 5L),
                Arguments.of("int(5)", 5L),
                Arguments.of("int(\"5\")", 5L),
                Arguments.of("float(5)", 5.0),
                Arguments.of("float(5.5)", 5.5),
                Arguments.of("float(\"5.5\")", 5.5),
                Arguments.of("string(5)", "5"),
                Arguments.of("string(5.5)", "5.5"),
                Arguments.of("string(\"5.5\")", "5.5"),
                Arguments.of("trim(\"  foo  \")", "foo"),
                Arguments.of("trim(\"__foo___\", \"_\")", "foo"),
                Arguments.of("trimPrefix(\"prefix_foo\", \"prefix_\")", "foo"),
                Arguments.of("trimSuffix(\"foo_suffix\", \"_suffix\")", "foo"),
                Arguments.of("upper(\"foo\")", "FOO"),
                Arguments.of("lower(\"FOO\")", "foo"),
                Arguments.of("split(\"foo,bar,baz\", \",\")", list("foo", "bar", "baz")),
                Arguments.of("split(\"foo,bar,baz\", \",\", 2)", list("foo", "bar,baz")),
                Arguments.of("splitAfter(\"foo,bar,baz\", \",\")", list("foo,", "bar,", "baz")),
                Arguments.of("splitAfter(\"foo,bar,baz\", \",\", 2)", list("foo,", "bar,baz")),
                Arguments.of("replace(\"foo,bar,baz\", \",\", \";\")", "foo;bar;baz"),
                Arguments.of("replace(\"foo,bar,baz,goo\", \",\", \";\", 2)", "foo;bar;baz,goo"),
                Arguments.of("repeat(\"foo\", 3)", "foofoofoo"),
                Arguments.of("join(ArrayOfString, \",\")", "foo,bar,baz"),
                Arguments.of("join(ArrayOfString)", "foobarbaz"),
                Arguments.of("join([\"foo\", \"bar\", \"baz\"], \",\")", "foo,bar,baz"),
                Arguments.of("join([\"foo\", \"bar\", \"baz\"])", "foobarbaz"),
                Arguments.of("indexOf(\"foo,bar,baz\", \",\")", 3L),
                Arguments.of("lastIndexOf(\"foo,bar,baz\", \",\")", 7L),
                Arguments.of("hasPrefix(\"foo,bar,baz\", \"foo\")", true),
                Arguments.of("hasSuffix(\"foo,bar,baz\", \"baz\")", true),
                Arguments.of("max(1, 2, 3)", 3L),
                Arguments.of("max(1.5, 2.5, 3.5)", 3.5),
                Arguments.of("max([1, 2, 3])", 3L),
                Arguments.of("max([1.5, 2.5, 3.5])", 3.5),
                Arguments.of("max([1, 2, 4, 10], 20, [29, 23, -19])", 29L),
                Arguments.of("min([1, 2, 4, 10], 20, [29, 23, -19])", -19L),
                Arguments.of("min(1, 2, 3)", 1L),
                Arguments.of("min(1.5, 2.5, 3.5)", 1.5),
                Arguments.of("min([1, 2, 3])", 1L),
                Arguments.of("min([1.5, 2.5, 3.5])", 1.5),
                Arguments.of("min(-1, [1.5, 2.5, 3.5])", -1L),
                Arguments.of("max(ArrayOfInt)", 3L),
                Arguments.of("min(ArrayOfInt)", 1L),
                Arguments.of("max(ArrayOfFloat)", 3.5),
                Arguments.of("min(ArrayOfFloat)", 1.5),
                Arguments.of("max(EmptyIntArray, 5)", 5L),
                Arguments.of("min(EmptyFloatArray, 5)", 5L),
                Arguments.of("max(NestedIntArrays)", 4L),
                Arguments.of("min(NestedIntArrays)", 1L),
                Arguments.of("max(MixedNestedArray)", 5.0),
                Arguments.of("min(MixedNestedArray)", 1L),
                Arguments.of("sum(1..9)", 45L),
                Arguments.of("sum([.5, 1.5, 2.5])", 4.5),
                Arguments.of("sum([])", 0L),
                Arguments.of("sum([1, 2, 3.0, 4])", 10.0),
                Arguments.of("mean(1..9)", 5.0),
                Arguments.of("mean([.5, 1.5, 2.5])", 1.5),
                Arguments.of("mean([])", 0.0),
                Arguments.of("mean([1, 2, 3.0, 4])", 2.5),
                Arguments.of("mean(10, [1, 2, 3], 1..9)", 4.6923076923076925),
                Arguments.of("mean(-10, [1, 2, 3, 4])", 0.0),
                Arguments.of("mean(10.9, 1..9)", 5.59),
                Arguments.of("mean(ArrayOfInt)", 2.0),
                Arguments.of("mean(ArrayOfFloat)", 2.5),
                Arguments.of("mean(NestedIntArrays)", 2.5),
                Arguments.of("mean(MixedNestedArray)", 3.0),
                Arguments.of("median(1..9)", 5.0),
                Arguments.of("median([.5, 1.5, 2.5])", 1.5),
                Arguments.of("median([])", 0.0),
                Arguments.of("median([1, 2, 3])", 2.0),
                Arguments.of("median([1, 2, 3, 4])", 2.5),
                Arguments.of("median(10, [1, 2, 3], 1..9)", 4.0),
                Arguments.of("median(-10, [1, 2, 3, 4])", 2.0),
                Arguments.of("median(1..5, 4.9)", 3.5),
                Arguments.of("median(ArrayOfInt)", 2.0),
                Arguments.of("median(ArrayOfFloat)", 2.5),
                Arguments.of("median(NestedIntArrays)", 2.5),
                Arguments.of("median(MixedNestedArray)", 3.0),
                Arguments.of("toJSON({foo: 1, bar: 2})", "{\n  \"bar\": 2,\n  \"foo\": 1\n}"),
                Arguments.of("fromJSON(\"[1, 2, 3]\")", list(1.0, 2.0, 3.0)),
                Arguments.of("toBase64(\"hello\")", "aGVsbG8="),
                Arguments.of("fromBase64(\"aGVsbG8=\")", "hello"),
                Arguments.of("first(ArrayOfString)", "foo"),
                Arguments.of("first(ArrayOfInt)", 1L),
                Arguments.of("first(ArrayOfAny)", 1L),
                Arguments.of("first([])", null),
                Arguments.of("last(ArrayOfString)", "baz"),
                Arguments.of("last(ArrayOfInt)", 3L),
                Arguments.of("last(ArrayOfAny)", true),
                Arguments.of("last([])", null),
                Arguments.of("get(ArrayOfString, 1)", "bar"),
                Arguments.of("get(ArrayOfString, 99)", null),
                Arguments.of("get(ArrayOfInt, 1)", 2L),
                Arguments.of("get(ArrayOfInt, -1)", 3L),
                Arguments.of("get(ArrayOfAny, 1)", "2"),
                Arguments.of("get({foo: 1, bar: 2}, \"foo\")", 1L),
                Arguments.of("get({foo: 1, bar: 2}, \"unknown\")", null),
                Arguments.of("take(ArrayOfString, 2)", list("foo", "bar")),
                Arguments.of("take(ArrayOfString, 99)", list("foo", "bar", "baz")),
                Arguments.of("\"foo\" in keys({foo: 1, bar: 2})", true),
                Arguments.of("1 in values({foo: 1, bar: 2})", true),
                Arguments.of("len(toPairs({foo: 1, bar: 2}))", 2L),
                Arguments.of("len(toPairs({}))", 0L),
                Arguments.of("fromPairs([[\"foo\", 1], [\"bar\", 2]])", map("foo", 1L, "bar", 2L)),
                Arguments.of("fromPairs(toPairs({foo: 1, bar: 2}))", map("foo", 1L, "bar", 2L)),
                Arguments.of("groupBy(1..9, # % 2)", map(1L, list(1L, 3L, 5L, 7L, 9L), 0L, list(2L, 4L, 6L, 8L))),
                Arguments.of("groupBy(1..9, # % 2)[0]", list(2L, 4L, 6L, 8L)),
                Arguments.of("groupBy(1..3, # > 1)[true]", list(2L, 3L)),
                Arguments.of("groupBy(1..3, # > 1 ? nil : \"\")[nil]", list(2L, 3L)),
                Arguments.of("groupBy(ArrayOfFoo, .Value).a", list(map("Value", "a"))),
                Arguments.of("reduce(1..9, # + #acc, 0)", 45L),
                Arguments.of("reduce(1..9, # + #acc)", 45L),
                Arguments.of("reduce([.5, 1.5, 2.5], # + #acc, 0)", 4.5),
                Arguments.of("reduce([], 5, 0)", 0L),
                Arguments.of("reduce(10..1, # + #acc, 100)", 100L),
                Arguments.of("reduce([], # + #acc, 42)", 42L),
                Arguments.of("concat(ArrayOfString, ArrayOfInt)", list("foo", "bar", "baz", 1L, 2L, 3L)),
                Arguments.of("concat([42], [nil])", list(42L, null)),
                Arguments.of("flatten([[\"a\", \"b\"], [1, 2]])", list("a", "b", 1L, 2L)),
                Arguments.of("flatten([[\"a\", \"b\"], [1, 2, [3, 4]]])", list("a", "b", 1L, 2L, 3L, 4L)),
                Arguments.of("flatten([[\"a\", \"b\"], [1, 2, [3, [[[[\"c\", \"d\"], \"e\"]]], 4]]])",
                        list("a", "b", 1L, 2L, 3L, "c", "d", "e", 4L)),
                Arguments.of("uniq([1, 15, \"a\", 2, 3, 5, 2, \"a\", 2, \"b\"])", list(1L, 15L, "a", 2L, 3L, 5L, "b")),
                Arguments.of("uniq([[1, 2], \"a\", 2, 3, [1, 2], [1, 3]])", list(list(1L, 2L), "a", 2L, 3L, list(1L, 3L))),
                Arguments.of("bitnot(156)", -157L),
                Arguments.of("bitand(bitnot(156), 255)", 99L),
                Arguments.of("bitor(987, -123)", -33L),
                Arguments.of("bitxor(15, 32)", 47L),
                Arguments.of("bitshl(39, 3)", 312L),
                Arguments.of("bitshr(5, 1)", 2L),
                Arguments.of("bitushr(-5, 2)", 4611686018427387902L),
                Arguments.of("bitnand(35, 9)", 34L),
                Arguments.of("reverse([])", list()),
                Arguments.of("reverse([2, 1, 3])", list(3L, 1L, 2L)),
                Arguments.of("reverse([3.0, 2.0, 1.0])", list(1.0, 2.0, 3.0)),
                Arguments.of("reverse([[1,2], [2,2]])", list(list(2L, 2L), list(1L, 2L))),
                Arguments.of("reverse(reverse([[1,2], [2,2]]))", list(list(1L, 2L), list(2L, 2L))),
                Arguments.of("reverse([{\"test\": true}, {id:4}, {name: \"value\"}])",
                        list(map("name", "value"), map("id", 4L), map("test", true))),
                Arguments.of("sort([])", list()),
                Arguments.of("sort([3, 2, 1])", list(1L, 2L, 3L)),
                Arguments.of("sort([3.0, 2.0, 1.0])", list(1.0, 2.0, 3.0)),
                Arguments.of("sort([3, 2, 1], 'desc')", list(3L, 2L, 1L)),
                Arguments.of("sortBy([{Value: 'c'}, {Value: 'a'}, {Value: 'b'}], .Value)",
                        list(map("Value", "a"), map("Value", "b"), map("Value", "c"))),
                Arguments.of("sortBy([{id: \"a\"}, {id: \"b\"}], .id, \"desc\")", list(map("id", "b"), map("id", "a"))),
                Arguments.of("type(nil)", "nil"),
                Arguments.of("type(true)", "bool"),
                Arguments.of("type(1)", "int"),
                Arguments.of("type(1.0)", "float"),
                Arguments.of("type(\"string\")", "string"),
                Arguments.of("type([\"foo\", \"bar\"])", "array"),
                Arguments.of("type({foo: \"bar\"})", "map"));
    }

    @ParameterizedTest
    @MethodSource("builtins")
    void builtInsGiveExprLangResults(String expression, Object expected) throws Exception {
        check(VARIABLES + expression, expected);
    }

    /** builtin_test.go TestBuiltin_with_deref: the built-ins over variables. */
    static Stream<Arguments> builtinsOverVariables() {
        return Stream.of(
                Arguments.of("all(arr, # > 0)", true),
                Arguments.of("none(arr, # < 0)", true),
                Arguments.of("any(arr, # > 0)", true),
                Arguments.of("one(arr, # > 2)", true),
                Arguments.of("filter(arr, # > 0)", list(1L, 2L, 3L)),
                Arguments.of("map(arr, # * #)", list(1L, 4L, 9L)),
                Arguments.of("count(arr, # > 0)", 3L),
                Arguments.of("sum(arr)", 6L),
                Arguments.of("find(arr, # > 0)", 1L),
                Arguments.of("findIndex(arr, # > 1)", 1L),
                Arguments.of("findLast(arr, # > 0)", 3L),
                Arguments.of("findLastIndex(arr, # > 0)", 2L),
                Arguments.of("groupBy(arr, # % 2 == 0)", map(false, list(1L, 3L), true, list(2L))),
                Arguments.of("sortBy(arr, -#)", list(3L, 2L, 1L)),
                Arguments.of("reduce(arr, # + #acc, x)", 48L),
                Arguments.of("ceil(x)", 42.0),
                Arguments.of("floor(x)", 42.0),
                Arguments.of("round(x)", 42.0),
                Arguments.of("int(x)", 42L),
                Arguments.of("float(x)", 42.0),
                Arguments.of("abs(x)", 42L),
                Arguments.of("first(arr)", 1L),
                Arguments.of("last(arr)", 3L),
                Arguments.of("take(arr, 1)", list(1L)),
                Arguments.of("take(arr, x)", list(1L, 2L, 3L)),
                Arguments.of("'a' in keys(m)", true),
                Arguments.of("1 in values(m)", true),
                Arguments.of("len(arr)", 3L),
                Arguments.of("type(arr)", "array"),
                Arguments.of("type(m)", "map"),
                Arguments.of("reverse(arr)", list(3L, 2L, 1L)),
                Arguments.of("uniq(arr)", list(1L, 2L, 3L)),
                Arguments.of("concat(arr, arr)", list(1L, 2L, 3L, 1L, 2L, 3L)),
                Arguments.of("flatten([arr, [arr]])", list(1L, 2L, 3L, 1L, 2L, 3L)),
                Arguments.of("flatten(arr)", list(1L, 2L, 3L)),
                Arguments.of("toJSON(arr)", "[\n  1,\n  2,\n  3\n]"),
                Arguments.of("fromJSON(json)", list("1")),
                Arguments.of("split(str, \",\")", list("1", "2", "3")),
                Arguments.of("join(arrStr, \",\")", "1,2,3"));
    }

    @ParameterizedTest
    @MethodSource("builtinsOverVariables")
    void builtInsWorkOnVariables(String expression, Object expected) throws Exception {
        check("let x = 42; let arr = [1, 2, 3]; let arrStr = ['1', '2', '3']; let m = {a: 1, b: 2};"
                + " let json = '[\"1\"]'; let str = '1,2,3'; " + expression, expected);
    }

    /**
     * test/pipes, optional chaining, {@code ??}, slices out of bounds, nil map keys and
     * {@code get} of nil (expr_test.go), with the original's values from {@code get_fact}.
     */
    static Stream<Arguments> syntax() {
        return Stream.of(
                Arguments.of("-1 | abs()", 1L),
                Arguments.of("[] | first() ?? \"foo\"", "foo"),
                Arguments.of("\"a\" | upper() + \"B\" | lower()", "ab"),
                Arguments.of("1..9 | map(# + 1) | filter(# % 2 == 0)", list(2L, 4L, 6L, 8L, 10L)),
                Arguments.of("get_fact('missing')?.bar.baz", null),
                Arguments.of("get_fact('foo').missing?.baz", null),
                Arguments.of("let foo = {id: 1, bar: [nil, {baz: 'baz'}]}; foo?.bar[foo?.id]?.baz", "baz"),
                Arguments.of("get_fact('missing')?.[1]?.[2]?.[3]", null),
                Arguments.of("get_fact('foo').bar ?? \"default\"", "value"),
                Arguments.of("get_fact('foo').baz ?? \"default\"", "default"),
                Arguments.of("get_fact('missing')?.bar ?? \"default\"", "default"),
                Arguments.of("[1, 2, 3][:99]", list(1L, 2L, 3L)),
                Arguments.of("[1, 2, 3][99:]", list()),
                Arguments.of("[1, 2, 3][:-99]", list()),
                Arguments.of("[1, 2, 3][-99:]", list(1L, 2L, 3L)),
                Arguments.of("fromPairs([[nil, 'bar']])[nil]", "bar"),
                Arguments.of("fromPairs([])[nil]", null),
                Arguments.of("nil in fromPairs([[nil, 'bar']])", true),
                Arguments.of("nil in fromPairs([])", false),
                Arguments.of("get({}, \"a\")", null),
                Arguments.of("({} | get(\"a\") | get(\"b\"))", null),
                Arguments.of("['A', 'B'] == ['A', 'B']", true),
                Arguments.of("[1.1, 2.2] == [1.1, 2.2]", true),
                Arguments.of("['A', 1, 1.1, true] == ['A', 1, 1.1, true]", true),
                Arguments.of("let foo = ['A', 'B']; foo != [1, 2]", true),
                Arguments.of("get_fact('missing') == 'str'", false),
                Arguments.of("get_fact('missing') contains 'str'", false),
                Arguments.of("get_fact('missing') matches 'str'", false),
                Arguments.of("get_fact('missing') startsWith 'str'", false),
                Arguments.of("get_fact('missing') endsWith 'str'", false),
                Arguments.of("'str' == get_fact('missing')", false),
                Arguments.of("'str' contains get_fact('missing')", false),
                Arguments.of("'str' matches get_fact('missing')", false),
                Arguments.of("'str' startsWith get_fact('missing')", false),
                Arguments.of("'str' endsWith get_fact('missing')", false),
                Arguments.of("::all([1, 2], # > 0) && ::len('ab') == 2", true),
                Arguments.of("{1: 'a', (\"b\" + \"c\"): 2, 'd': 3,}", map("1", "a", "bc", 2L, "d", 3L)),
                Arguments.of("[1, 2,]", list(1L, 2L)),
                Arguments.of("`a``b`", "a`b"),
                Arguments.of("'\\u{1F44D}\\?'", "👍?"),
                Arguments.of("map([{a: 1}, {a: 2}], {.a + #index})", list(1L, 3L)),
                Arguments.of("reduce(1..4, #acc * #, 1)", 24L),
                Arguments.of("filter(tags, {len(#) > 3})", list("prod")),
                Arguments.of("get_fact('tags') | map(upper(#)) | join(',')", "WEB,PROD"));
    }

    @ParameterizedTest
    @MethodSource("syntax")
    void syntaxGivesExprLangResults(String expression, Object expected) throws Exception {
        check("let tags = get_fact('tags'); " + expression, expected);
    }

    /** expr_test.go TestPredicateCombination: combined predicates give what the separate ones give. */
    static Stream<Arguments> predicateCombinations() {
        return Stream.of(
                Arguments.of("all(1..3, {# > 0}) && all(1..3, {# < 4})", "all(1..3, {# > 0 && # < 4})"),
                Arguments.of("all(1..3, {# > 1}) && all(1..3, {# < 4})", "all(1..3, {# > 1 && # < 4})"),
                Arguments.of("all(1..3, {# > 0}) && all(1..3, {# < 2})", "all(1..3, {# > 0 && # < 2})"),
                Arguments.of("all(1..3, {# > 1}) && all(1..3, {# < 2})", "all(1..3, {# > 1 && # < 2})"),
                Arguments.of("any(1..3, {# > 0}) || any(1..3, {# < 4})", "any(1..3, {# > 0 || # < 4})"),
                Arguments.of("any(1..3, {# > 1}) || any(1..3, {# < 4})", "any(1..3, {# > 1 || # < 4})"),
                Arguments.of("any(1..3, {# > 0}) || any(1..3, {# < 2})", "any(1..3, {# > 0 || # < 2})"),
                Arguments.of("any(1..3, {# > 1}) || any(1..3, {# < 2})", "any(1..3, {# > 1 || # < 2})"),
                Arguments.of("none(1..3, {# > 0}) && none(1..3, {# < 4})", "none(1..3, {# > 0 || # < 4})"),
                Arguments.of("none(1..3, {# > 1}) && none(1..3, {# < 4})", "none(1..3, {# > 1 || # < 4})"),
                Arguments.of("none(1..3, {# > 0}) && none(1..3, {# < 2})", "none(1..3, {# > 0 || # < 2})"),
                Arguments.of("none(1..3, {# > 1}) && none(1..3, {# < 2})", "none(1..3, {# > 1 || # < 2})"));
    }

    @ParameterizedTest
    @MethodSource("predicateCombinations")
    void combinedPredicatesAgreeWithSeparateOnes(String separate, String combined) throws Exception {
        assertThat(Matcher.evaluate(separate, NODE)).isEqualTo(Matcher.evaluate(combined, NODE));
    }
}
