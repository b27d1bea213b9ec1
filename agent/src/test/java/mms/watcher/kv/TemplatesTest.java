package mms.watcher.kv;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/** The original's template lexer cases (Choria CCM's templates_test.go, findTemplateExpressions). */
class TemplatesTest {

    static List<String> expressions(String input) {
        return Templates.find(input).stream().map(m -> m.expression(input)).toList();
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '~', value = {
            "simple {{ }} expression | {{ Data.x }} | Data.x",
            "multiple {{ }} expressions | a {{ x }} b {{ y }} c | x;y",
            "single { inside {{ }} | {{ a } b }} | a } b",
            "}} inside double quotes | {{ x(\"}}\") }} | x(\"}}\")",
            "}} inside single quotes | {{ x('}}') }} | x('}}')",
            "}} inside backtick strings | {{ x(`}}`) }} | x(`}}`)",
            "escaped quote before }} | {{ x(\"hello\\\"}}world\") }} | x(\"hello\\\"}}world\")",
            "backtick raw no escapes | {{ x(`test\\`)}} | x(`test\\`)",
            "simple ${ } expression | ${ Data.x } | Data.x",
            "multiple ${ } expressions | ${ a } and ${ b } | a;b",
            "brace depth for lambdas | ${ map(list, { # + 1 }) } | ~map(list, { # + 1 })~",
            "nested filter lambda | ${ filter(items, { # > 5 }) } | ~filter(items, { # > 5 })~",
            "} inside quotes in ${ } | ${ x(\"}\") } | x(\"}\")",
            "}} inside ${ } quotes | ${ x(\"}}\") } | x(\"}}\")",
            "mixed {{ }} and ${ } | a {{ x }} b ${ y } c | x;y",
            "${{ as literal $ + {{ }} | ${{ Data.x }} | Data.x"})
    void findsTheExpressions(String label, String input, String expected) {
        assertThat(expressions(input)).as(label).containsExactly(expected.split(";"));
    }

    @Test
    void findsEmptyExpressions() {
        assertThat(expressions("{{  }}")).containsExactly("");
        assertThat(expressions("${  }")).containsExactly("");
    }

    @ParameterizedTest
    @ValueSource(strings = {"plain text", "{{ unterminated", "${ unterminated", "costs $5"})
    void findsNothingInTextWithoutACompleteExpression(String input) {
        assertThat(Templates.find(input)).isEmpty();
    }

    @Test
    void boundsIncludeTheDelimiters() {
        assertThat(Templates.find("{{ Data.x }}").getFirst()).extracting(Templates.Match::start, Templates.Match::end)
                .containsExactly(0, 12);
        assertThat(Templates.find("${ Data.x }").getFirst()).extracting(Templates.Match::start, Templates.Match::end)
                .containsExactly(0, 11);
        assertThat(Templates.find("${{ Data.x }}").getFirst().start()).isEqualTo(1);
    }
}
