package mms.spec.match;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import mms.json.Json;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class MatcherTest {

    @TempDir
    Path dir;

    Path bin;
    MatchEnvironment env;

    @BeforeEach
    void setUp() throws Exception {
        bin = Files.createDirectory(dir.resolve("bin"));
        Path facter = Files.createFile(bin.resolve("facter"));
        Files.setPosixFilePermissions(facter, PosixFilePermissions.fromString("rwxr-xr-x"));
        Files.createFile(bin.resolve("notexec"));
        Files.createDirectory(bin.resolve("adir"));
        Files.writeString(dir.resolve("file.txt"), "x");
        JsonNode facts = Json.mapper().readTree("""
                {"os":{"family":"Debian","release":{"major":"12"}},"cpus":4,"tags":["web","prod"],
                 "my.key":"dotted","nothing":null,"virtual":false}""");
        env = new MatchEnvironment("web01.example.net", facts, List.of(bin), FileProbe.system(), FactLookup.gjson());
    }

    private boolean eval(String expression) throws MatcherException {
        return Matcher.compile(expression, Dialect.PLUGINS).matches(env);
    }

    private String compileError(String expression) {
        try {
            Matcher.compile(expression, Dialect.PLUGINS);
        } catch (MatcherException e) {
            return e.getMessage();
        }
        throw new AssertionError("compiled: " + expression);
    }

    @Test
    void theSeedExampleMatchesWhereFacterIsOnThePath() throws Exception {
        Matcher matcher = Matcher.compile("has_command('facter')");
        assertThat(matcher.matches(env)).isTrue();
        MatchEnvironment bare = new MatchEnvironment("web01", MissingNode.getInstance(), List.of(), FileProbe.system(), FactLookup.gjson());
        assertThat(matcher.matches(bare)).isFalse();
    }

    @Test
    void theReadmeExampleCombinesIdentityAndCommand() throws Exception {
        Matcher matcher = Matcher.compile("identity('^web') && has_command('facter')");
        assertThat(matcher.matches(env)).isTrue();
        MatchEnvironment db = new MatchEnvironment("db01", env.facts(), env.path(), env.files(), env.factLookup());
        assertThat(matcher.matches(db)).isFalse();
    }

    @Test
    void identityIsAnUnanchoredSearch() throws Exception {
        assertThat(eval("identity('example')")).isTrue();
        assertThat(eval("identity('^example')")).isFalse();
        assertThat(eval("identity('^web\\\\d+\\\\.')")).isTrue();
        assertThat(eval("identity(`^web\\d+\\.example\\.net$`)")).isTrue();
        assertThat(eval("identity('(?P<n>web)01')")).isTrue();
    }

    @Test
    void anInvalidIdentityPatternIsACompileErrorAtThePattern() {
        assertThatThrownBy(() -> Matcher.compile("identity('[web')"))
                .isInstanceOf(MatcherException.class)
                .hasMessage("invalid regular expression '[web': missing closing ]: `[web` (1:10)");
        assertThatThrownBy(() -> Matcher.compile("has_file('/x') ||\n  identity('web(')"))
                .hasMessage("invalid regular expression 'web(': missing closing ): `web(` (2:12)");
    }

    @Test
    void rejectsWhatRe2RejectsAsTheOriginalDoes() {
        assertThat(compileError("identity('a(?=b)')")).isEqualTo(
                "invalid regular expression 'a(?=b)': invalid or unsupported Perl syntax: `(?=` (1:10)");
        assertThat(compileError("identity('(a)\\\\1')")).startsWith("invalid regular expression '(a)\\\\1': invalid escape sequence");
        assertThat(compileError("identity('a++')")).startsWith("invalid regular expression 'a++': invalid nested repetition operator");
    }

    @Test
    void anInvalidPatternComputedAtRunTimeIsAnErrorNotFalse() throws Exception {
        Matcher identity = Matcher.compile("!identity('[' + 'web')");
        assertThatThrownBy(() -> identity.matches(env))
                .isInstanceOf(MatcherException.class)
                .hasMessage("invalid regular expression '[web': missing closing ]: `[web` (1:15)");
        assertThatThrownBy(() -> eval("!('web' matches get_fact('os.family') + '(')"))
                .hasMessage("invalid regular expression 'Debian(': missing closing ): `Debian(` (1:39)");
    }

    @Test
    void dollarMatchesOnlyAtTheEndOfTheTextAsInGo() throws Exception {
        assertThat(eval("'web\\n' matches 'web$'")).isFalse();
        assertThat(eval("'web\\n' matches '(?m)web$'")).isTrue();
    }

    @Test
    @Timeout(60) // guards against a hang; java.util.regex needs hours for this
    void patternsThatBacktrackExponentiallyElsewhereAnswerPromptly() throws Exception {
        MatchEnvironment node = new MatchEnvironment("a".repeat(40), env.facts(), env.path(), env.files(), env.factLookup());

        assertThat(Matcher.compile("identity('((a+)+)+c')").matches(node)).isFalse();
        assertThat(Matcher.compile("identity('^(a|aa)+$')").matches(node)).isTrue();
    }

    @Test
    void aLongChainOfAlternativesCompilesAndEvaluatesWithoutOverflowingTheStack() throws Exception {
        String alternatives = "identity('^db') || ".repeat(5000);
        assertThat(alternatives.length()).isEqualTo(95_000);
        String chain = "false || ".repeat(5000) + "identity('^web01')";
        String conjunction = "true && ".repeat(5000) + "identity('^web01')";

        assertThat(eval(chain)).isTrue();
        assertThat(eval(conjunction)).isTrue();
        assertThat(eval("true && " + chain.replace("identity('^web01')", "false"))).isFalse();
        assertThat(compileError(alternatives + "true")).isEqualTo(
                "expression is 95004 characters long, the limit for matchers is 65536");
    }

    @Test
    void chainsFailWhereNestedOperatorsWouldHave() {
        assertThat(compileError("true || false || 1")).isEqualTo(
                "invalid operation: || (mismatched types bool and int) (1:15)");
        assertThat(compileError("1 || true || false")).isEqualTo(
                "invalid operation: || (mismatched types int and bool) (1:3)");
        assertThatThrownBy(() -> eval("false || get_fact('cpus') || true"))
                .hasMessage("invalid operation: || (mismatched type float64) (1:7)");
        assertThatThrownBy(() -> eval("false || false || get_fact('cpus')"))
                .hasMessage("invalid operation: || (mismatched type float64) (1:16)");
    }

    @Test
    void fileAndDirectoryTests() throws Exception {
        String file = dir.resolve("file.txt").toString();
        assertThat(eval("has_file('" + file + "')")).isTrue();
        assertThat(eval("has_file('" + dir + "')")).as("directories count as files").isTrue();
        assertThat(eval("has_file('" + dir.resolve("missing") + "')")).isFalse();
        assertThat(eval("has_file('')")).isFalse();
        assertThat(eval("has_directory('" + dir + "')")).isTrue();
        assertThat(eval("has_directory('" + file + "')")).isFalse();
        assertThat(eval("has_directory('')")).isFalse();
    }

    @Test
    void hasCommandFollowsLookPath() throws Exception {
        assertThat(eval("has_command('notexec')")).isFalse();
        assertThat(eval("has_command('adir')")).isFalse();
        assertThat(eval("has_command('missing')")).isFalse();
        assertThat(eval("has_command('')")).isFalse();
        assertThat(eval("has_command('" + bin.resolve("facter") + "')")).as("names with / are checked directly").isTrue();
        assertThat(eval("has_command('" + bin.resolve("notexec") + "')")).isFalse();
    }

    @Test
    void hasCommandRejectsMatchesThroughRelativePathEntries() throws Exception {
        FileProbe everythingExecutable = new FileProbe() {
            public boolean exists(Path p) { return true; }
            public boolean isDirectory(Path p) { return false; }
            public boolean isExecutable(Path p) { return p.getFileName().toString().equals("tool"); }
        };
        Matcher matcher = Matcher.compile("has_command('tool')");
        assertThat(matcher.matches(envWith(MatchEnvironment.splitPath(":/usr/bin"), everythingExecutable))).isFalse();
        assertThat(matcher.matches(envWith(MatchEnvironment.splitPath("/usr/bin:."), everythingExecutable))).isTrue();
        assertThat(matcher.matches(envWith(MatchEnvironment.splitPath("rel/bin"), everythingExecutable))).isFalse();
    }

    @Test
    void hasCommandSearchesThePathInOrder() throws Exception {
        List<Path> probed = new ArrayList<>();
        FileProbe recording = new FileProbe() {
            public boolean exists(Path p) { return false; }
            public boolean isDirectory(Path p) { return false; }
            public boolean isExecutable(Path p) { probed.add(p); return p.startsWith("/b"); }
        };
        assertThat(Matcher.compile("has_command('x')").matches(envWith(MatchEnvironment.splitPath("/a:/b:/c"), recording))).isTrue();
        assertThat(probed).containsExactly(Path.of("/a/x"), Path.of("/b/x"));
    }

    private MatchEnvironment envWith(List<Path> path, FileProbe probe) {
        return new MatchEnvironment("n", MissingNode.getInstance(), path, probe, FactLookup.gjson());
    }

    @Test
    void splitPathBehavesLikeGoSplitList() {
        assertThat(MatchEnvironment.splitPath("")).isEmpty();
        assertThat(MatchEnvironment.splitPath("/a::/b")).containsExactly(Path.of("/a"), Path.of("."), Path.of("/b"));
    }

    @Test
    void getFactReadsDottedPaths() throws Exception {
        assertThat(eval("get_fact('os.family') == 'Debian'")).isTrue();
        assertThat(eval("get_fact('os.release.major') == '12'")).isTrue();
        assertThat(eval("get_fact('cpus') >= 4 && get_fact('cpus') == 4.0")).isTrue();
        assertThat(eval("get_fact('tags.0') == 'web'")).isTrue();
        assertThat(eval("get_fact('tags.#') == 2")).isTrue();
        assertThat(eval("'prod' in get_fact('tags')")).isTrue();
        assertThat(eval("'family' in get_fact('os')")).isTrue();
        assertThat(eval("get_fact('my\\\\.key') == 'dotted'")).isTrue();
        assertThat(eval("get_fact('missing') == nil")).isTrue();
        assertThat(eval("get_fact('nothing') == nil")).isTrue();
        assertThat(eval("get_fact('missing') == 'x'")).isFalse();
        assertThat(eval("get_fact('virtual') == false")).isTrue();
        assertThat(eval("get_fact('os').family == 'Debian' && get_fact('os')['release'].major == '12'")).isTrue();
        assertThat(eval("get_fact('missing')?.x == nil")).isTrue();
        assertThat(eval("(get_fact('missing') ?? 'Debian') == get_fact('os.family')")).isTrue();
        assertThat(eval("get_fact('virtual')")).isFalse();
    }

    @Test
    void getFactUsesTheSuppliedLookup() throws Exception {
        FactLookup fixed = (facts, query) -> Optional.of(Json.mapper().getNodeFactory().textNode("q=" + query));
        MatchEnvironment custom = new MatchEnvironment("n", MissingNode.getInstance(), List.of(), FileProbe.system(), fixed);
        assertThat(Matcher.compile("get_fact('a.#(b>1)') == 'q=a.#(b>1)'", Dialect.PLUGINS).matches(custom)).isTrue();
    }

    static Stream<Arguments> operatorCases() {
        return Stream.of(
                Arguments.of("true || false && false", true),
                Arguments.of("(true || false) && false", false),
                Arguments.of("not false and true", true),
                Arguments.of("!true == false", true),
                Arguments.of("1 + 2 * 3 == 7", true),
                Arguments.of("2 ** 3 ** 2 == 512", true),
                Arguments.of("2 ^ 3 == 8", true),
                Arguments.of("-2 ** 2 == -4", true),
                Arguments.of("7 % 3 == 1 && 7 / 2 == 3.5", true),
                Arguments.of("0x2A == 42 && 0o52 == 42 && 0b101010 == 42 && 1_000 == 1000", true),
                Arguments.of(".5 + 0.5 == 1 && 1e3 == 1000", true),
                Arguments.of("'a' + \"b\" == 'ab'", true),
                Arguments.of("'abc' contains 'b' && 'abc' startsWith 'a' && 'abc' endsWith 'c'", true),
                Arguments.of("'abc' not contains 'z' and 'abc' not startsWith 'b'", true),
                Arguments.of("'web01' matches '^web\\\\d+$'", true),
                Arguments.of("'db' not matches '^web'", true),
                Arguments.of("2 in [1, 2, 3] && 'x' not in ['y']", true),
                Arguments.of("'a' in {a: 1, 'b': 2} && !('c' in {a: 1})", true),
                Arguments.of("1 < 2 && 2 <= 2 && 3 > 2 && 3 >= 3 && 'a' < 'b'", true),
                Arguments.of("1 == 1.0 && 1 != 2 && [1, 'a'] == [1, 'a']", true),
                Arguments.of("nil ?? true", true),
                Arguments.of("true ? false : true", false),
                Arguments.of("false ?: true", true),
                Arguments.of("1 < 2 ? 'yes' == 'yes' : false", true),
                Arguments.of("/* block */ true // line comment", true),
                Arguments.of("'\\u0041\\x41\\101\\t' == `AAA\t`", true),
                Arguments.of("nil == nil && nil != false", true));
    }

    @ParameterizedTest
    @MethodSource("operatorCases")
    void evaluatesOperatorsWithExprPrecedence(String expression, boolean expected) throws Exception {
        assertThat(eval(expression)).isEqualTo(expected);
    }

    @Test
    void shortCircuitSkipsTheRightHandSide() throws Exception {
        List<Path> probed = new ArrayList<>();
        FileProbe recording = new FileProbe() {
            public boolean exists(Path p) { probed.add(p); return true; }
            public boolean isDirectory(Path p) { probed.add(p); return true; }
            public boolean isExecutable(Path p) { probed.add(p); return true; }
        };
        MatchEnvironment e = new MatchEnvironment("n", MissingNode.getInstance(), List.of(Path.of("/bin")), recording, FactLookup.gjson());
        assertThat(Matcher.compile("false && has_file('/a')").matches(e)).isFalse();
        assertThat(Matcher.compile("true || has_file('/b')").matches(e)).isTrue();
        assertThat(Matcher.compile("true ? true : has_file('/c')").matches(e)).isTrue();
        assertThat(probed).isEmpty();
        assertThat(Matcher.compile("false || has_file('/d')").matches(e)).isTrue();
        assertThat(probed).containsExactly(Path.of("/d"));
    }

    @Test
    void aRuntimeErrorOnTheSkippedSideIsNotRaised() throws Exception {
        assertThat(eval("false && get_fact('os.family') > 1")).isFalse();
    }

    @Test
    void blankExpressionsMatchEverything() throws Exception {
        assertThat(Matcher.compile("").matches(env)).isTrue();
        assertThat(Matcher.compile("  \n").matches(env)).isTrue();
    }

    static Stream<Arguments> compileErrorCases() {
        return Stream.of(
                Arguments.of("1 + x", "unknown name x (1:5)"),
                Arguments.of("true &&\n  foo", "unknown name foo (2:3)"),
                Arguments.of("foo('a')", "unknown name foo (1:1)"),
                Arguments.of("len('a') == 1", "function len is not available in plugins matchers (1:1)"),
                Arguments.of("identity", "function identity must be called with an argument: identity(...) (1:1)"),
                Arguments.of("identity()", "not enough arguments to call identity (1:1)"),
                Arguments.of("identity('a', 'b')", "too many arguments to call identity (1:1)"),
                Arguments.of("has_file(1)", "cannot use int as argument (type string) to call has_file (1:10)"),
                Arguments.of("1", "expected bool, but got int"),
                Arguments.of("'x'", "expected bool, but got string"),
                Arguments.of("true ? 1 : 2", "expected bool, but got int"),
                Arguments.of("1 + 'a' == 2", "invalid operation: + (mismatched types int and string) (1:3)"),
                Arguments.of("1 == 'a'", "invalid operation: == (mismatched types int and string) (1:3)"),
                Arguments.of("!1", "invalid operation: ! (mismatched type int) (1:1)"),
                Arguments.of("true && 1", "invalid operation: && (mismatched types bool and int) (1:6)"),
                Arguments.of("'a' in 'abc'", "invalid operation: in (mismatched types string and string) (1:5)"),
                Arguments.of("1 ? true : false", "non-bool expression (type int) used as condition (1:1)"),
                Arguments.of("'a' matches '('", "invalid regular expression '(': missing closing ): `(` (1:13)"),
                Arguments.of("(true", "expected \")\" but found end of expression (1:6)"),
                Arguments.of("true &&", "unexpected end of expression (1:8)"),
                Arguments.of("true true", "unexpected token \"true\" (1:6)"),
                Arguments.of("'abc", "literal not terminated (1:1)"),
                Arguments.of("'\\q'", "invalid char escape (1:2)"),
                Arguments.of("true @", "unrecognized character: '@' (1:6)"),
                Arguments.of("1..3", "operator \"..\" is not supported in matchers (1:2)"),
                Arguments.of("12abc", "invalid number literal 12a (1:1)"),
                Arguments.of("/* open", "unclosed comment (1:1)"),
                Arguments.of("a not b", "unexpected token \"b\" (1:7)"));
    }

    @ParameterizedTest
    @MethodSource("compileErrorCases")
    void compileErrorsNameTheProblemAndPosition(String expression, String message) {
        assertThat(compileError(expression)).isEqualTo(message);
    }

    @Test
    void getFactIsNotAvailableToMachinesMatchers() {
        assertThatThrownBy(() -> Matcher.compile("get_fact('x') == 1"))
                .isInstanceOf(MatcherException.class)
                .hasMessage("function get_fact is not available in machines matchers (1:1)");
    }

    @Test
    void errorsCarryASnippetWithACaret() {
        MatcherException e = org.junit.jupiter.api.Assertions.assertThrows(MatcherException.class,
                () -> Matcher.compile("1 + x"));
        assertThat(e.reason()).isEqualTo("unknown name x");
        assertThat(e.line()).hasValue(1);
        assertThat(e.column()).hasValue(5);
        assertThat(e.snippet()).isEqualTo(" | 1 + x\n | ....^");
    }

    @Test
    void runtimeTypeErrorsAreErrors() {
        assertThatThrownBy(() -> eval("get_fact('os.family') > 1"))
                .isInstanceOf(MatcherException.class)
                .hasMessage("invalid operation: > (mismatched types string and int) (1:23)");
        assertThatThrownBy(() -> eval("get_fact('os')"))
                .hasMessage("expected bool, but got map[string]interface {}");
        assertThatThrownBy(() -> eval("get_fact('missing').x == 1"))
                .hasMessage("cannot fetch x from <nil> (1:20)");
        assertThatThrownBy(() -> eval("get_fact('tags')[5] == 1"))
                .hasMessage("index out of range: 5 (array length 2) (1:18)");
        assertThatThrownBy(() -> eval("'a' in get_fact('missing')"))
                .hasMessage("operator in not defined on <nil> (1:5)");
        assertThatThrownBy(() -> eval("get_fact('missing') contains 'a'"))
                .hasMessage("invalid operation: contains (mismatched types <nil> and string) (1:21)");
        assertThatThrownBy(() -> eval("has_file(get_fact('cpus'))"))
                .hasMessage("cannot use float64 as argument (type string) to call has_file (1:10)");
    }

    @Test
    void deeplyNestedInputIsRejectedWithoutOverflowingTheStack() {
        String limit = "expression is nested more than 100 levels deep, the limit for matchers";
        assertThat(compileError("(".repeat(5000) + "true" + ")".repeat(5000))).isEqualTo(limit + " (1:101)");
        assertThat(compileError("!".repeat(5000) + "true")).isEqualTo(limit + " (1:101)");
        assertThat(compileError("1" + " + 1".repeat(5000) + " == 1")).startsWith(limit);
        assertThat(compileError("get_fact('a')" + ".b".repeat(5000) + " == 1")).startsWith(limit);
        assertThat(compileError("true" + " ?: true".repeat(5000))).startsWith(limit);
    }

    @Test
    void expressionsUpToTheLimitsCompile() throws Exception {
        assertThat(eval("(".repeat(98) + "true" + ")".repeat(98))).isTrue();
        assertThat(eval("1" + " + 1".repeat(97) + " == 98")).isTrue();
        String longest = "'" + "x".repeat(Matcher.MAX_LENGTH - 8) + "' != ''";
        assertThat(eval(longest)).isTrue();
        assertThat(compileError(longest + " ")).isEqualTo(
                "expression is 65537 characters long, the limit for matchers is 65536");
    }
}
