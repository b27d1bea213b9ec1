package mms.json.gjson;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.NullNode;
import mms.json.Json;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class GJsonTest {

    /** The example document of GJSON's SYNTAX.md. */
    private static final JsonNode DOC = parse("""
            {
              "name": {"first": "Tom", "last": "Anderson"},
              "age": 37,
              "children": ["Sara", "Alex", "Jack"],
              "fav.movie": "Deer Hunter",
              "friends": [
                {"first": "Dale", "last": "Murphy", "age": 44, "nets": ["ig", "fb", "tw"]},
                {"first": "Roger", "last": "Craig", "age": 68, "nets": ["fb", "tw"]},
                {"first": "Jane", "last": "Murphy", "age": 47, "nets": ["ig", "tw"]}
              ],
              "nothing": null,
              "flags": [{"on": true, "n": "a"}, {"on": false, "n": "b"}],
              "nested": [1, [2], [3, 4], [5, [6, 7]]]
            }
            """);

    private static JsonNode parse(String json) {
        try {
            return Json.mapper().readTree(json);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static String get(String path) {
        return GJson.get(DOC, path).map(Json::write).orElse("<not found>");
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiterString = " => ", quoteCharacter = '\'', value = {
        "name.last => \"Anderson\"",
        "name.first => \"Tom\"",
        "age => 37",
        "children => [\"Sara\",\"Alex\",\"Jack\"]",
        "children.0 => \"Sara\"",
        "children.1 => \"Alex\"",
        "friends.1.first => \"Roger\"",
        "child*.2 => \"Jack\"",
        "c?ildren.0 => \"Sara\"",
        "fav\\.movie => \"Deer Hunter\"",
        "friends.# => 3",
        "friends.#.age => [44,68,47]",
        "friends.#(last==\"Murphy\").first => \"Dale\"",
        "friends.#(last==\"Murphy\")#.first => [\"Dale\",\"Jane\"]",
        "friends.#(age>45)#.last => [\"Craig\",\"Murphy\"]",
        "friends.#(first%\"D*\").last => \"Murphy\"",
        "friends.#(first!%\"D*\").last => \"Craig\"",
        "children.#(!%\"*a*\") => \"Alex\"",
        "children.#(%\"*a*\")# => [\"Sara\",\"Jack\"]",
        "friends.#(nets.#(==\"fb\"))#.first => [\"Dale\",\"Roger\"]",
    })
    void answersTheExamplesOfGjsonSyntaxDocument(String path, String expected) {
        assertThat(get(path)).isEqualTo(expected);
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiterString = " => ", quoteCharacter = '\'', value = {
        "friends.0.first => \"Dale\"",
        "friends|0.first => \"Dale\"",
        "friends.0|first => \"Dale\"",
        "friends|0|first => \"Dale\"",
        "friends|# => 3",
        "friends.#(last=\"Murphy\")#.first => [\"Dale\",\"Jane\"]",
        "friends.#(last=\"Murphy\")#|first => <not found>",
        "friends.#(last=\"Murphy\")#.0 => []",
        "friends.#(last=\"Murphy\")#|0.first => \"Dale\"",
        "friends.#(last=\"Murphy\")#.# => []",
        "friends.#(last=\"Murphy\")#|# => 2",
    })
    void distinguishesDotFromPipeAfterHash(String path, String expected) {
        assertThat(get(path)).isEqualTo(expected);
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiterString = " => ", quoteCharacter = '\'', value = {
        "children.@reverse => [\"Jack\",\"Alex\",\"Sara\"]",
        "children.@reverse.0 => \"Jack\"",
        "children|@reverse|0 => \"Jack\"",
        "name.@keys => [\"first\",\"last\"]",
        "name.@values => [\"Tom\",\"Anderson\"]",
        "name.@reverse => {\"last\":\"Anderson\",\"first\":\"Tom\"}",
        "name.@reverse.@keys => [\"last\",\"first\"]",
        "children.@values => [\"Sara\",\"Alex\",\"Jack\"]",
        "children.@keys => [null,null,null]",
        "nested.@flatten => [1,2,3,4,5,[6,7]]",
        "nested.@flatten:{\"deep\":true} => [1,2,3,4,5,6,7]",
        "@this.name.first => \"Tom\"",
        "name.@this => {\"first\":\"Tom\",\"last\":\"Anderson\"}",
        "age.@reverse => 37",
    })
    void appliesModifiers(String path, String expected) {
        assertThat(get(path)).isEqualTo(expected);
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiterString = " => ", quoteCharacter = '\'', value = {
        "friends.#(age==44).first => \"Dale\"",
        "friends.#(age!=44)#.first => [\"Roger\",\"Jane\"]",
        "friends.#(age<47)#.first => [\"Dale\"]",
        "friends.#(age<=47)#.first => [\"Dale\",\"Jane\"]",
        "friends.#(age>=47)#.first => [\"Roger\",\"Jane\"]",
        "friends.#(age>\"45\")#.first => [\"Roger\",\"Jane\"]",
        "friends.#(first>\"K\")#.first => [\"Roger\"]",
        "friends.#(first < \"K\")#.first => [\"Dale\",\"Jane\"]",
        "friends.#(nets)#.first => [\"Dale\",\"Roger\",\"Jane\"]",
        "friends.#(missing)#.first => []",
        "friends.#(missing).first => <not found>",
        "friends.#(age>100).first => <not found>",
        "flags.#(on==true).n => \"a\"",
        "flags.#(on==false).n => \"b\"",
        "flags.#(on!=true).n => \"b\"",
        "friends.#(first%\"?a*\")#.first => [\"Dale\",\"Jane\"]",
    })
    void evaluatesQueriesWithEveryOperator(String path, String expected) {
        assertThat(get(path)).isEqualTo(expected);
    }

    @Test
    void findsAnExistingNullAsNullNode() {
        assertThat(GJson.get(DOC, "nothing")).contains(NullNode.getInstance());
    }

    @ParameterizedTest
    @CsvSource({"missing", "name.middle", "children.3", "children.x", "age.x", "name.#", "children.-1", "''"})
    void reportsMissingPathsAsNotFound(String path) {
        assertThat(GJson.get(DOC, path)).isEmpty();
    }

    @Test
    void looksUpAnUnknownModifierAsAnOrdinaryKey() {
        assertThat(GJson.get(parse("{\"@odd\": 1}"), "@odd")).contains(parse("1"));
        assertThat(GJson.get(DOC, "@odd")).isEmpty();
    }

    @Test
    void escapesWildcardsAndPipes() {
        JsonNode doc = parse("{\"a*b\": 1, \"axb\": 2, \"p|q\": 3}");
        assertThat(GJson.get(doc, "a\\*b")).contains(parse("1"));
        assertThat(GJson.get(doc, "a?b")).contains(parse("1"));
        assertThat(GJson.get(doc, "p\\|q")).contains(parse("3"));
    }

    @Test
    void returnsNumbersAsTheyAreInTheTree() {
        assertThat(GJson.get(parse("{\"n\": 1.5}"), "n").orElseThrow().doubleValue()).isEqualTo(1.5);
    }

    @Test
    void rejectsAnUnterminatedQueryNamingThePath() {
        assertThatThrownBy(() -> GJson.get(DOC, "friends.#(age>40"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("invalid gjson path \"friends.#(age>40\": unterminated query starting at offset 8");
    }

    @Test
    void rejectsATrailingEscape() {
        assertThatThrownBy(() -> GJson.get(DOC, "name\\"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("ends with an escape character");
    }

    @Test
    void rejectsTextAfterAQuery() {
        assertThatThrownBy(() -> GJson.get(DOC, "friends.#(age>40)x"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("unexpected 'x' after query");
    }
}
