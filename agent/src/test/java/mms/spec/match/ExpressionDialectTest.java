package mms.spec.match;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import mms.json.Json;
import org.junit.jupiter.api.Test;

/** The expression watcher's environment: {@code identity}, {@code data} and {@code facts} as values, and {@code get_fact}. */
class ExpressionDialectTest {

    private static final JsonNode FACTS = json("{\"fqdn\":\"ginkgo.example.net\",\"os\":{\"family\":\"Debian\"}}");
    private static final JsonNode DATA = json("{\"test\":1,\"name\":\"web\",\"list\":[1,2]}");
    private static final MatchEnvironment NODE = MatchEnvironment.of("ginkgo.example.net", FACTS).withData(DATA);

    private static JsonNode json(String text) {
        try {
            return Json.mapper().readTree(text);
        } catch (Exception e) {
            throw new IllegalArgumentException(e);
        }
    }

    private static boolean eval(String expression) throws MatcherException {
        return Matcher.compile(expression, Dialect.EXPRESSION).matches(NODE);
    }

    @Test
    void dataIsTheMachineDataAsTheOriginalsTestsUseIt() throws Exception {
        assertThat(eval("data.test == 1")).isTrue();
        assertThat(eval("data.test == 2")).isFalse();
        assertThat(eval("data['name'] == 'web' && 2 in data.list")).isTrue();
    }

    @Test
    void getFactQueriesTheFacts() throws Exception {
        assertThat(eval("get_fact('fqdn') == 'ginkgo.example.net'")).isTrue();
        assertThat(eval("get_fact('os.family') == 'RedHat'")).isFalse();
    }

    @Test
    void identityIsTheIdentityItselfNotAFunction() throws Exception {
        assertThat(eval("identity == 'ginkgo.example.net'")).isTrue();
        assertThat(eval("identity matches '^ginkgo'")).isTrue();
        assertThatThrownBy(() -> Matcher.compile("identity('^g')", Dialect.EXPRESSION))
                .hasMessageContaining("identity is a string here, not a function");
    }

    @Test
    void factsCanBeNavigatedUnlikeTheOriginalsBytes() throws Exception {
        assertThat(eval("facts.os.family == 'Debian'")).isTrue();
        assertThat(eval("facts.missing == nil")).isTrue();
    }

    @Test
    void missingDataIsNilAndFetchingFromNilIsAnError() throws Exception {
        assertThat(eval("data.nothing == nil")).isTrue();
        assertThatThrownBy(() -> eval("data.nothing.deeper == 1")).isInstanceOf(MatcherException.class)
                .hasMessageContaining("cannot fetch deeper from <nil>");
    }

    @Test
    void anEnvironmentWithoutDataHasAnEmptyDataObject() throws Exception {
        MatchEnvironment bare = MatchEnvironment.of("n", FACTS);
        assertThat(Matcher.compile("data.test == nil", Dialect.EXPRESSION).matches(bare)).isTrue();
    }

    @Test
    void aNonBooleanExpressionIsRefusedAtCompileTimeAsTheOriginalRefusesItAtRunTime() {
        assertThatThrownBy(() -> Matcher.compile("1", Dialect.EXPRESSION)).hasMessageContaining("expected bool, but got int");
    }

    @Test
    void theMatchersFunctionsAndVariablesStayApart() {
        assertThatThrownBy(() -> Matcher.compile("has_file('/etc/passwd')", Dialect.EXPRESSION))
                .hasMessageContaining("function has_file is not available in expression matchers");
        assertThatThrownBy(() -> Matcher.compile("data.x == 1", Dialect.PLUGINS)).hasMessageContaining("unknown name data");
        assertThatThrownBy(() -> Matcher.compile("identity == 'x'", Dialect.MACHINES))
                .hasMessageContaining("function identity must be called with an argument");
    }

    @Test
    void theWholeLanguageWorksOnTheVariables() throws Exception {
        assertThat(eval("let n = data.name; n == 'web' && len(identity) > 5")).isTrue();
        assertThat(eval("all(data.list, # > 0) && (data.list | map(# * 2) | sum()) == 6")).isTrue();
        assertThat(eval("filter(keys(facts), # startsWith 'o') == ['os']")).isTrue();
        assertThat(eval("identity[0:6] == 'ginkgo'")).isTrue();
    }

    @Test
    void letCannotRedeclareTheEnvironmentsVariablesAsExprLangRefuses() {
        assertThatThrownBy(() -> Matcher.compile("let data = 1; data == 1", Dialect.EXPRESSION))
                .hasMessageContaining("cannot redeclare data");
        assertThatThrownBy(() -> Matcher.compile("let facts = 1; true", Dialect.EXPRESSION))
                .hasMessageContaining("cannot redeclare facts");
    }

    @Test
    void outsideTheExpressionDialectTheVariableNamesAreFreeForLet() throws Exception {
        assertThat(Matcher.compile("let data = 2; data == 2", Dialect.PLUGINS).matches(NODE)).isTrue();
    }
}
