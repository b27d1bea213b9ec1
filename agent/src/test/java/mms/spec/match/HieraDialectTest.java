package mms.spec.match;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import mms.json.Json;
import org.junit.jupiter.api.Test;

/** {@code lookup} as the original's CCM templates evaluate it ({@link Dialect#HIERA}), and nowhere else. */
class HieraDialectTest {
    static final MatchEnvironment NODE = MatchEnvironment.of("web1", Json.mapper().valueToTree(Map.of(
            "role", "WEB", "cpus", 4, "load", 1.5, "list", List.of(1), "os", Map.of("family", "Debian"))));

    static Object eval(String expression) throws MatcherException {
        return Expression.compile(expression, Dialect.HIERA).evaluate(NODE);
    }

    @Test
    void looksUpFactsByGjsonPathWithTheOriginalsNumberTypes() throws Exception {
        assertThat(eval("lookup('facts.role') | lower()")).isEqualTo("web");
        assertThat(eval("lookup('facts.cpus')")).isEqualTo(4L);
        assertThat(eval("lookup('facts.load')")).isEqualTo(1.5);
        assertThat(eval("lookup('facts.list')")).isEqualTo(List.of(1.0));
        assertThat(eval("lookup('facts.os.family') + '-' + string(lookup('facts.cpus'))")).isEqualTo("Debian-4");
    }

    @Test
    void aMissingValueIsTheDefaultElseTheEmptyString() throws Exception {
        assertThat(eval("lookup('facts.missing')")).isEqualTo("");
        assertThat(eval("lookup('facts.missing', 'other')")).isEqualTo("other");
        assertThat(eval("lookup('facts.missing', nil)")).isEqualTo("");
        assertThat(eval("lookup('data.anything')")).as("data is null in hiera documents").isEqualTo("");
    }

    @Test
    void isNoFunctionOfMatchersAndMatcherFunctionsAreNoneOfHiera() {
        assertThatThrownBy(() -> Matcher.compile("lookup('facts.role') == 'web'"))
                .hasMessageContaining("function lookup is not available in machines matchers");
        assertThatThrownBy(() -> eval("identity('web')")).hasMessageContaining("identity");
        assertThatThrownBy(() -> eval("lookup()")).hasMessageContaining("not enough arguments to call lookup");
    }

    @Test
    void valuesBecomeJsonAsGoWritesThem() {
        assertThat(Expression.toJson(Map.of("a", List.of(1.0, 2.5, 3L))).toString()).isEqualTo("{\"a\":[1,2.5,3]}");
        assertThat(Expression.format(List.of(1L, 2.5, "a"))).isEqualTo("[1 2.5 a]");
    }
}
