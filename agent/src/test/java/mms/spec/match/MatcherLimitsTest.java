package mms.spec.match;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.MissingNode;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * No matcher can exhaust a node: ranges, nested predicates, string operations, deeply nested
 * values and long pipes, lets and conditions either work or fail with an error naming the limit,
 * promptly and without a {@link StackOverflowError} or {@link OutOfMemoryError}.
 */
@Timeout(60) // guards against a hang; each case takes milliseconds
class MatcherLimitsTest {

    private static final MatchEnvironment NODE = new MatchEnvironment("web01", MissingNode.getInstance(), List.of(),
            FileProbe.system(), FactLookup.gjson());

    private static final String MEMORY = "memory budget exceeded";
    private static final String STEPS = "evaluation budget exceeded: the matcher takes more than 10000000 steps, the"
            + " limit for matchers";
    private static final String NESTING = "recursion depth exceeded: values nested more than 1000 levels deep";
    private static final String DEPTH = "expression is nested more than 100 levels deep, the limit for matchers";

    private static Object value(String expression) throws MatcherException {
        return Matcher.evaluate(expression, NODE);
    }

    private static String failure(String expression) {
        try {
            Object value = value(expression);
            throw new AssertionError(expression + " gave " + value);
        } catch (MatcherException e) {
            return e.getMessage();
        }
    }

    static Stream<Arguments> exhausting() {
        return Stream.of(
                // expr_test.go TestMemoryBudget and TestExpr_timeout, builtin_test.go TestBuiltin_memory_limits
                Arguments.of("map(1..100, {map(1..100, {map(1..100, {0})})})", MEMORY),
                Arguments.of("len(1..10000000)", MEMORY),
                Arguments.of("-999999..999999", MEMORY),
                Arguments.of("map(1..999999, 1..999999)", MEMORY),
                Arguments.of("map(1..999999, repeat('a', #))", MEMORY),
                Arguments.of("repeat(\"\\xc4<\\xc4\\xc4\\xc4\", 10009999990)", MEMORY),
                Arguments.of("len(1..1000000000)", MEMORY),
                Arguments.of("len(-9223372036854775807..9223372036854775807)", MEMORY),
                Arguments.of("reduce(1..100, #acc + #acc, 'x')", MEMORY),
                Arguments.of("len(replace(repeat('a', 1000), '', repeat('b', 1000)))", MEMORY),
                Arguments.of("let r = 1..999; all(r, all(r, all(r, # > 0)))", STEPS),
                Arguments.of("flatten(reduce(1..2000, [#acc], 0))", NESTING),
                Arguments.of("let v = reduce(1..2000, [#acc], 0); v == v", NESTING),
                Arguments.of("toJSON(reduce(1..2000, [#acc], 0))", NESTING),
                Arguments.of("string(reduce(1..2000, ({a: #acc}), 0))", NESTING),
                Arguments.of("max(reduce(1..2000, [#acc], 0))", NESTING));
    }

    @ParameterizedTest
    @MethodSource("exhausting")
    void whatWouldExhaustANodeFailsWithTheLimitNamed(String expression, String limit) {
        assertThat(failure(expression)).contains(limit);
    }

    /** Work counted by what operations go through, reached here within a budget of 100,000 steps. */
    static Stream<Arguments> costly() {
        return Stream.of(
                Arguments.of("let r = 1..99999; all(r, # in r)"),
                Arguments.of("let s = repeat('ab', 40000); all(1..1000, s == s)"),
                Arguments.of("let s = repeat('ab', 40000); all(1..1000, s < s + 'a')"),
                Arguments.of("let s = repeat('ab', 40000); all(1..1000, s contains 'x' || true)"),
                Arguments.of("all(1..1000, !has_file(string(#)))"),
                Arguments.of("let r = 1..999; all(r, r == r)"),
                Arguments.of("let s = repeat('a', 99999); all(1..100, len(split(s, '')) > 0)"));
    }

    @ParameterizedTest
    @MethodSource("costly")
    void operationsCountTheElementsAndCharactersTheyGoThrough(String expression) {
        assertThatThrownBy(() -> Matcher.evaluate(expression, NODE, new Budget(Budget.MEMORY, 100_000)))
                .hasMessageStartingWith("evaluation budget exceeded: the matcher takes more than 100000 steps");
    }

    @Test
    void aFailedBudgetIsAnErrorSoTheMachineIsLeftAsItIs() throws Exception {
        Matcher matcher = Matcher.compile("len(1..10000000) > 0 || identity('web')");
        assertThatThrownBy(() -> matcher.matches(NODE)).isInstanceOf(MatcherException.class)
                .hasMessageStartingWith(MEMORY);
    }

    @Test
    void largeButBoundedWorkIsDone() throws Exception {
        assertThat(value("len(1..999999)")).isEqualTo(999_999L);
        assertThat(value("count(1..99999, # % 2 == 0)")).isEqualTo(49_999L);
        assertThat(value("len(repeat('ab', 499999))")).isEqualTo(999_998L);
        assertThat(value("let r = 1..999; all(r, all(r, # > 0))")).isEqualTo(true);
        assertThat(value("len(uniq(map(1..50000, # % 1000)))")).as("uniq compares within buckets").isEqualTo(1000L);
    }

    @Test
    void rangesExprLangNeverBuildsAreNotCounted() throws Exception {
        assertThat(value("5 in 1..1000000000")).isEqualTo(true);
        assertThat(value("-5 not in -1..1000000000")).isEqualTo(true);
        assertThat(value("sum(1..1000000000)")).isEqualTo(500_000_000_500_000_000L);
        assertThat(failure("5.0 in 1..1000000000")).as("only an int is compared without the range").startsWith(MEMORY);
    }

    @Test
    void eachEvaluationHasItsOwnBudget() throws Exception {
        Matcher matcher = Matcher.compile("len(1..999999) > 0");
        for (int i = 0; i < 3; i++) {
            assertThat(matcher.matches(NODE)).isTrue();
        }
    }

    @Test
    void filesAreProbedOncePerEvaluation() throws Exception {
        AtomicInteger probes = new AtomicInteger();
        FileProbe counting = new FileProbe() {
            public boolean exists(Path p) { probes.incrementAndGet(); return true; }
            public boolean isDirectory(Path p) { return false; }
            public boolean isExecutable(Path p) { return false; }
        };
        MatchEnvironment node = new MatchEnvironment("n", MissingNode.getInstance(), List.of(), counting, FactLookup.gjson());
        assertThat(Matcher.compile("all(1..10000, has_file('/etc/hosts'))").matches(node)).isTrue();
        assertThat(probes).hasValue(1);
    }

    @Test
    void longPipesLetsAndConditionsAreBoundedByTheDepth() {
        assertThat(failure("-1" + " | abs()".repeat(200))).startsWith(DEPTH);
        StringBuilder lets = new StringBuilder();
        for (int i = 0; i < 200; i++) {
            lets.append("let v").append(i).append(" = ").append(i).append("; ");
        }
        assertThat(failure(lets + "true")).startsWith(DEPTH);
        assertThat(failure("if false { 1 } else ".repeat(200) + "{ true }")).startsWith(DEPTH);
        assertThat(failure("map(".repeat(200) + "[1]" + ", #)".repeat(200))).startsWith(DEPTH);
    }

    @Test
    void longFlatChainsWorkWithoutOverflowingTheStack() throws Exception {
        assertThat(value("1; ".repeat(10_000) + "true")).isEqualTo(true);
        StringBuilder comparisons = new StringBuilder("0");
        for (int i = 1; i < 2_000; i++) {
            comparisons.append(" < ").append(i);
        }
        assertThat(value(comparisons.toString())).isEqualTo(true);
        assertThat(value("-1" + " | abs()".repeat(90))).isEqualTo(1L);
    }
}
