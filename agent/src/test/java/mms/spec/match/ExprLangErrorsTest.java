package mms.spec.match;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.MissingNode;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * What expr-lang refuses, at compile time or when run, ported from its tests (v1.17.8:
 * {@code checker_test.go} TestCheck_error, {@code builtin_test.go} TestBuiltin_errors,
 * {@code expr_test.go} TestExpr_error, {@code parser_test.go} TestParse_error): the same
 * expressions fail, with the problem named and, where expr-lang gives one, the same position.
 * Wording follows expr-lang except where mms words it better (parse errors name the token
 * expected, {@code and}/{@code or} are reported as {@code &&}/{@code ||}).
 */
class ExprLangErrorsTest {

    private static final MatchEnvironment NODE = new MatchEnvironment("web01", MissingNode.getInstance(), List.of(),
            FileProbe.system(), FactLookup.gjson());

    private static String failure(String expression) {
        try {
            Object value = Matcher.evaluate(expression, NODE);
            throw new AssertionError(expression + " gave " + value);
        } catch (MatcherException e) {
            return e.getMessage();
        }
    }

    /** checker_test.go TestCheck_error, without Go structs: compile errors with their positions. */
    static Stream<Arguments> checks() {
        return Stream.of(
                Arguments.of("Noo", "unknown name Noo (1:1)"),
                Arguments.of("[Not]", "unknown name Not (1:2)"),
                Arguments.of("{id: Not}", "unknown name Not (1:6)"),
                Arguments.of("!Not", "unknown name Not (1:2)"),
                Arguments.of("len(Not)", "unknown name Not (1:5)"),
                Arguments.of("(nil).Foo", "type nil has no field Foo (1:7)"),
                Arguments.of("(nil)['Foo']", "type nil has no field Foo (1:6)"),
                Arguments.of("1 and false", "invalid operation: && (mismatched types int and bool) (1:3)"),
                Arguments.of("true or 0", "invalid operation: || (mismatched types bool and int) (1:6)"),
                Arguments.of("not 1", "invalid operation: ! (mismatched type int) (1:1)"),
                Arguments.of("1 < true", "invalid operation: < (mismatched types int and bool) (1:3)"),
                Arguments.of("1 >= true", "invalid operation: >= (mismatched types int and bool) (1:3)"),
                Arguments.of("1 + true", "invalid operation: + (mismatched types int and bool) (1:3)"),
                Arguments.of("1 - true", "invalid operation: - (mismatched types int and bool) (1:3)"),
                Arguments.of("1 * true", "invalid operation: * (mismatched types int and bool) (1:3)"),
                Arguments.of("1 / true", "invalid operation: / (mismatched types int and bool) (1:3)"),
                Arguments.of("1 % true", "invalid operation: % (mismatched types int and bool) (1:3)"),
                Arguments.of("1 ** true", "invalid operation: ** (mismatched types int and bool) (1:3)"),
                Arguments.of("1 .. true", "invalid operation: .. (mismatched types int and bool) (1:3)"),
                Arguments.of("'str' in 'str'", "invalid operation: in (mismatched types string and string) (1:7)"),
                Arguments.of("1 + ''", "invalid operation: + (mismatched types int and string) (1:3)"),
                Arguments.of("1 /* one */ + \"2\"", "invalid operation: + (mismatched types int and string) (1:13)"),
                Arguments.of("'a' matches 1", "invalid operation: matches (mismatched types string and int) (1:5)"),
                Arguments.of("1 contains 'a'", "invalid operation: contains (mismatched types int and string) (1:3)"),
                Arguments.of("{a: 1} ? 1 : 2", "non-bool expression (type map[string]interface {}) used as condition (1:1)"),
                Arguments.of("count(1, {#})", "builtin count takes only array (got int) (1:7)"),
                Arguments.of("count([1], {#})", "predicate should return boolean (got int) (1:12)"),
                Arguments.of("all([1], {# + 1})", "predicate should return boolean (got int) (1:10)"),
                Arguments.of("filter([{a: 'b'}], {'x'})", "predicate should return boolean (got string) (1:20)"),
                Arguments.of("map(1, {2})", "builtin map takes only array (got int) (1:5)"),
                Arguments.of("any(42, {#})", "builtin any takes only array (got int) (1:5)"),
                Arguments.of("filter(42, {#})", "builtin filter takes only array (got int) (1:8)"),
                Arguments.of("[1]['a']", "array elements can only be selected using an integer (got string) (1:5)"),
                Arguments.of("[1][true:]", "non-integer slice index bool (1:5)"),
                Arguments.of("[1][1:true]", "non-integer slice index bool (1:7)"),
                Arguments.of("true[:]", "cannot slice bool (1:5)"),
                Arguments.of("len(42)", "invalid argument for len (type int) (1:1)"),
                Arguments.of("{a: 1}[0]", "cannot use int to get an element from map[string]interface {} (1:8)"),
                Arguments.of("upper(42)", "cannot use int as argument (type string) to call upper (1:7)"),
                Arguments.of(".0 in {a: 1}", "cannot use float64 as type string in map key (1:4)"),
                Arguments.of("0.5 in ['a']", "cannot use float64 as type string in array (1:5)"),
                Arguments.of("42 in [\"a\", \"b\", \"c\"]", "cannot use int as type string in array (1:4)"),
                Arguments.of("repeat(\"0\", 1/0)", "cannot use float64 as argument (type int) to call repeat (1:14)"),
                Arguments.of("let map = 42; map", "cannot redeclare builtin map (1:5)"),
                Arguments.of("let len = 42; len", "cannot redeclare builtin len (1:5)"),
                Arguments.of("let identity = 42; identity", "cannot redeclare identity (1:5)"),
                Arguments.of("let foo = 1; let foo = 2; foo", "cannot redeclare variable foo (1:18)"),
                Arguments.of("map(1..9, #unknown)", "unknown pointer #unknown (1:11)"),
                Arguments.of("filter([1], #index > 0)", "unknown pointer #index (1:13)"),
                Arguments.of("get(false, 2)", "type bool does not support indexing (1:5)"),
                Arguments.of("get(nil, 'a')", "type nil does not support indexing (1:5)"),
                Arguments.of("get(1..2, 0.5)", "non-integer slice index float64 (1:11)"),
                Arguments.of("trimPrefix(nil)", "cannot use nil as argument (type string) to call trimPrefix (1:12)"),
                Arguments.of("1..3 | filter(# > 1) | filter(# == \"str\")",
                        "invalid operation: == (mismatched types int and string) (1:33)"),
                Arguments.of("1..3 | map(\"str\") | filter(# > 1)", "invalid operation: > (mismatched types string and int) (1:30)"),
                Arguments.of("'a'.upper()", "type string has no method upper (1:5)"),
                Arguments.of("let f = 1; f()", "int is not callable (1:12)"),
                Arguments.of("date('2024-01-01')", "function date is not supported in matchers, which have no date or time"
                        + " values (1:1)"));
    }

    @ParameterizedTest
    @MethodSource("checks")
    void refusesWhatExprLangRefusesToCompile(String expression, String message) {
        assertThatThrownBy(() -> Matcher.compile(expression)).isInstanceOf(MatcherException.class).hasMessage(message);
    }

    /** builtin_test.go TestBuiltin_errors: at compile time where expr-lang knows the types, else when run. */
    static Stream<Arguments> builtins() {
        return Stream.of(
                Arguments.of("len()", "invalid number of arguments (expected 1, got 0)"),
                Arguments.of("len(1)", "invalid argument for len (type int)"),
                Arguments.of("abs()", "invalid number of arguments (expected 1, got 0)"),
                Arguments.of("abs(1, 2)", "invalid number of arguments (expected 1, got 2)"),
                Arguments.of("abs(\"foo\")", "invalid argument for abs (type string)"),
                Arguments.of("int()", "invalid number of arguments (expected 1, got 0)"),
                Arguments.of("int(1, 2)", "invalid number of arguments (expected 1, got 2)"),
                Arguments.of("float()", "invalid number of arguments (expected 1, got 0)"),
                Arguments.of("float(1, 2)", "invalid number of arguments (expected 1, got 2)"),
                Arguments.of("string(1, 2)", "too many arguments to call string"),
                Arguments.of("trim()", "not enough arguments to call trim"),
                Arguments.of("max()", "not enough arguments to call max"),
                Arguments.of("max(1, \"2\")", "invalid argument for max (type string)"),
                Arguments.of("max([1, \"2\"])", "invalid argument for max (type string)"),
                Arguments.of("min()", "not enough arguments to call min"),
                Arguments.of("min(1, \"2\")", "invalid argument for min (type string)"),
                Arguments.of("min([1, \"2\"])", "invalid argument for min (type string)"),
                Arguments.of("median(1..9, \"t\")", "invalid argument for median (type string)"),
                Arguments.of("mean(\"s\", 1..9)", "invalid argument for mean (type string)"),
                Arguments.of("get()", "invalid number of arguments (expected 2, got 0)"),
                Arguments.of("get(1, 2)", "type int does not support indexing"),
                Arguments.of("bitnot(\"1\")", "cannot use string as argument (type int) to call bitnot (1:8)"),
                Arguments.of("bitand(\"1\", 1)", "cannot use string as argument (type int) to call bitand (1:8)"),
                Arguments.of("\"10\" | bitor(1)", "cannot use string as argument (type int) to call bitor (1:1)"),
                Arguments.of("bitshr(\"5\", 1)", "cannot use string as argument (type int) to call bitshr (1:8)"),
                Arguments.of("bitshr(-5, -2)", "invalid operation: negative shift count -2 (type int) (1:1)"),
                Arguments.of("bitshl(1, -1)", "invalid operation: negative shift count -1 (type int) (1:1)"),
                Arguments.of("bitushr(-5, -2)", "invalid operation: negative shift count -2 (type int) (1:1)"),
                Arguments.of("flatten([1, 2], [3, 4])", "invalid number of arguments (expected 1, got 2)"),
                Arguments.of("flatten(1)", "cannot flatten int"),
                Arguments.of("fromJSON(\"5e2482\")", "cannot unmarshal number"),
                Arguments.of("now()", "function now is not supported in matchers"),
                Arguments.of("duration('1h')", "function duration is not supported in matchers"),
                Arguments.of("timezone('UTC')", "function timezone is not supported in matchers"));
    }

    @ParameterizedTest
    @MethodSource("builtins")
    void builtInsRefuseWhatExprLangRefuses(String expression, String message) {
        assertThat(failure(expression)).contains(message);
    }

    /** expr_test.go TestExpr_error and failures that only show when run, with the node's position. */
    static Stream<Arguments> runs() {
        return Stream.of(
                Arguments.of("filter(1..9, # > 9)[0]", "index out of range: 0 (array length is 0) (1:20)"),
                Arguments.of("let ArrayOfAny = [1, \"2\", 3, true]; ArrayOfAny[-7]", "index out of range: -3 (array length is 4) (1:47)"),
                Arguments.of("reduce(10..1, # + #acc)", "reduce of empty array with no initial value (1:1)"),
                Arguments.of("1 % 0", "integer divide by zero (1:3)"),
                Arguments.of("sum(['a'])", "invalid operation: + (mismatched types string and int) (1:1)"),
                Arguments.of("sort([1, 'a'])", "invalid operation: < (mismatched types string and int) (1:1)"),
                Arguments.of("sortBy([1, 2], #, 'up')", "unknown order up, use asc or desc (1:19)"),
                Arguments.of("int('x1')", "invalid operation: int(x1) (1:1)"),
                Arguments.of("float('1e400')", "invalid operation: float(1e400) (1:1)"),
                Arguments.of("fromPairs([[[1], 2]])", "runtime error: hash of unhashable type []interface {} (1:1)"),
                Arguments.of("groupBy([1], [#])", "runtime error: hash of unhashable type []interface {} (1:14)"),
                Arguments.of("take([1], -1)", "reflect: slice index out of range (1:1)"),
                Arguments.of("repeat('x', -1)", "invalid argument for repeat (expected positive integer, got -1) (1:1)"),
                Arguments.of("join([1])", "invalid argument for join: element 0 is int, not string (1:6)"),
                Arguments.of("toJSON(0/0)", "json: unsupported value: NaN (1:1)"),
                Arguments.of("toJSON(groupBy([1], #))", "json: unsupported type: map[interface {}]interface {} (1:1)"),
                Arguments.of("fromBase64('aGk')", "illegal base64 data"),
                Arguments.of("fromJSON('{')", "invalid JSON"),
                Arguments.of("count([1])", "predicate should return boolean (got int) (1:1)"),
                Arguments.of("get({a: 1}, 1)", "cannot use int to get an element from map[string]interface {} (1:13)"),
                Arguments.of("fromJSON('{\"a\": 1}')[1]", "cannot use int to get an element from map[string]interface {} (1:22)"),
                Arguments.of("get_fact('x').upper()", "cannot call method upper of <nil> (1:15)"));
    }

    @ParameterizedTest
    @MethodSource("runs")
    void failsWhenRunWhereExprLangFails(String expression, String message) {
        assertThat(failure(expression)).startsWith(message);
    }

    /** parser_test.go TestParse_error: the same inputs fail at the same place. */
    static Stream<Arguments> syntax() {
        return Stream.of(
                Arguments.of("foo.", "expected a name after \".\" but found end of expression (1:5)"),
                Arguments.of("a+", "unexpected end of expression (1:3)"),
                Arguments.of("a ? (1+2) c", "expected \":\" but found \"c\" (1:11)"),
                Arguments.of("[a b]", "expected \",\" but found \"b\" (1:4)"),
                Arguments.of("{-}", "a map key must be a quoted string, a number, a name or an expression in parentheses, found"
                        + " \"-\" (1:2)"),
                Arguments.of("[1, 2, 3,,]", "unexpected token \",\" (1:10)"),
                Arguments.of("[,]", "unexpected token \",\" (1:2)"),
                Arguments.of("{,}", "a map key must be a quoted string, a number, a name or an expression in parentheses, found"
                        + " \",\" (1:2)"),
                Arguments.of("{foo:1, bar:2, ,}", "a map key must be a quoted string, a number, a name or an expression in"
                        + " parentheses, found \",\" (1:16)"),
                Arguments.of("foo ?? bar || baz", "operator || and coalesce expressions (??) cannot be mixed: wrap either in"
                        + " parentheses (1:12)"),
                Arguments.of("0b15", "invalid number literal 0b15 (1:1)"),
                Arguments.of("1E", "invalid number literal 1E (1:1)"),
                Arguments.of("1 not == [1, 2, 5]", "unexpected token \"==\" (1:7)"),
                Arguments.of("foo(1; 2; 3)", "expected \",\" but found \";\" (1:6)"),
                Arguments.of("map(ls, 1; 2; 3)", "wrap predicate with brackets { and } (1:10)"),
                Arguments.of("[1; 2; 3]", "expected \",\" but found \";\" (1:3)"),
                Arguments.of("1 + if true { 2 } else { 3 }", "unexpected token \"if\" (1:5)"),
                Arguments.of("if a { 1 } else b", "expected \"{\" but found \"b\" (1:17)"),
                Arguments.of("list | all(#,,)", "expected \")\" but found \",\" (1:14)"),
                Arguments.of("# > 1", "unexpected token \"#\" (1:1)"),
                Arguments.of("all([1])", "expected at least 2 arguments (1:8)"),
                Arguments.of("let 1 = 2; true", "expected a name but found \"1\" (1:5)"),
                Arguments.of("b\"abc\"", "byte string literals are not supported in matchers (1:1)"));
    }

    @ParameterizedTest
    @MethodSource("syntax")
    void refusesWhatExprLangCannotParse(String expression, String message) {
        assertThat(failure(expression)).isEqualTo(message);
    }
}
