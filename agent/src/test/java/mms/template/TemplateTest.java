package mms.template;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import mms.json.Json;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class TemplateTest {

    private final List<String> infos = new ArrayList<>();

    private final TemplateContext context = new TemplateContext(
            json("""
                    {"host": "web1.example.net", "os": "linux", "cpus": 4,
                     "net": {"eth0": "10.0.0.1", "lo": "127.0.0.1"}}
                    """),
            json("""
                    {"n": 5, "big": 1000000, "half": 1.5, "list": ["a", "b", "c"], "empty": [],
                     "m": {"b": 2, "a": "x", "z": null}, "flag": true, "nothing": null, "word": "hELLO wORLD",
                     "nums": [1, 2.5, 1e21], "s64": "aGVsbG8="}
                    """),
            infos::add);

    private static JsonNode json(String s) {
        try {
            return Json.mapper().readTree(s);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private String render(String text) throws TemplateException {
        return Template.render(text, context);
    }

    private void assertRenderFails(String text, String message) {
        assertThatThrownBy(() -> render(text)).isInstanceOf(TemplateException.class).hasMessage(message);
    }

    @Test
    void returnsPlainTextUnchanged() throws TemplateException {
        assertThat(render("just text } with { braces }}")).isEqualTo("just text } with { braces }}");
        assertThat(Template.isTemplate("a {{ b }}")).isTrue();
        assertThat(Template.isTemplate("a { b }")).isFalse();
    }

    @Test
    void looksUpFactsAndData() throws TemplateException {
        assertThat(render("{{ lookup \"facts.host\" \"x\" }}")).isEqualTo("web1.example.net");
        assertThat(render("{{ lookup \"data.n\" 0 }}")).isEqualTo("5");
        assertThat(render("{{ lookup \"data.big\" 0 }}")).isEqualTo("1e+06");
        assertThat(render("{{ lookup \"data.list\" 0 }}")).isEqualTo("[a b c]");
        assertThat(render("{{ lookup \"data.m\" 0 }}")).isEqualTo("map[a:x b:2 z:<nil>]");
        assertThat(render("{{ lookup \"data.list.#\" 0 }}")).isEqualTo("3");
        assertThat(render("{{ lookup \"facts.net.eth0\" \"\" }}")).isEqualTo("10.0.0.1");
        assertThat(infos).isEmpty();
    }

    @Test
    void returnsTheDefaultUnchangedAndLogsWhenLookupMisses() throws TemplateException {
        assertThat(render("{{ lookup \"facts.missing\" \"dflt\" }}")).isEqualTo("dflt");
        assertThat(render("{{ lookup \"data.missing\" 1000000 }}")).isEqualTo("1000000");
        assertThat(infos).containsExactly(
                "Query did not match any data, returning default: facts.missing",
                "Query did not match any data, returning default: data.missing");
    }

    @Test
    void rendersAnExistingNullAsNoValueWithoutLogging() throws TemplateException {
        assertThat(render("{{ lookup \"data.nothing\" \"d\" }}")).isEqualTo("<no value>");
        assertThat(infos).isEmpty();
    }

    @Test
    void pipesTheLookupResultIntoPrintf() throws TemplateException {
        assertThat(render("{{ lookup \"data.n\" 1 | printf \"%.0f\" }}")).isEqualTo("5");
        assertThat(render("{{ lookup \"data.half\" 1 | printf \"%.2f\" }}")).isEqualTo("1.50");
        assertThat(render("{{ lookup \"data.missing\" 1 | printf \"%.0f\" }}")).isEqualTo("%!f(int=1)");
    }

    @Test
    void choosesBranchesWithIfElse() throws TemplateException {
        assertThat(render("{{ if eq (lookup \"facts.os\" \"\") \"linux\" }}yes{{ else }}no{{ end }}"))
                .isEqualTo("yes");
        assertThat(render("{{ if eq (lookup \"facts.os\" \"\") \"windows\" }}yes{{ else }}no{{ end }}"))
                .isEqualTo("no");
        assertThat(render("{{ if lookup \"data.empty\" \"\" }}a{{ else if lookup \"data.flag\" false }}b{{ else }}c{{ end }}"))
                .isEqualTo("b");
        assertThat(render("{{ if not (lookup \"data.flag\" false) }}a{{ end }}")).isEmpty();
    }

    @Test
    void rangesOverListsWithIndexAndValue() throws TemplateException {
        assertThat(render("{{ range $i, $v := lookup \"data.list\" \"\" }}{{$i}}={{$v}} {{end}}"))
                .isEqualTo("0=a 1=b 2=c ");
        assertThat(render("{{ range lookup \"data.list\" \"\" }}[{{ . }}]{{ end }}")).isEqualTo("[a][b][c]");
        assertThat(render("{{ range $v := lookup \"data.list\" \"\" }}{{ $v }}{{ end }}")).isEqualTo("abc");
    }

    @Test
    void rangesOverMapsInKeyOrder() throws TemplateException {
        assertThat(render("{{ range $k, $v := lookup \"data.m\" \"\" }}{{ $k }}={{ $v }};{{ end }}"))
                .isEqualTo("a=x;b=2;z=<no value>;");
    }

    @Test
    void rangesOverAnIntegerAndRunsElseWhenEmpty() throws TemplateException {
        assertThat(render("{{ range 3 }}{{ . }}{{ end }}")).isEqualTo("012");
        assertThat(render("{{ range lookup \"data.empty\" \"\" }}x{{ else }}none{{ end }}")).isEqualTo("none");
        assertThat(render("{{ range lookup \"data.nothing\" \"\" }}x{{ else }}none{{ end }}")).isEqualTo("none");
    }

    @Test
    void supportsBreakAndContinueInRange() throws TemplateException {
        assertThat(render("{{ range $i, $v := lookup \"data.list\" \"\" }}{{ if eq $i 1 }}{{ continue }}{{ end }}"
                + "{{ if eq $v \"c\" }}{{ break }}{{ end }}{{ $v }}{{ end }}")).isEqualTo("a");
    }

    @Test
    void refusesToRangeOverAString() {
        assertRenderFails("{{ range lookup \"data.missing\" \"\" }}x{{ end }}",
                "template: machine:1:3: executing \"machine\" at <{{range lookup \"data.missing\" \"\"}}x{{end}}>: "
                        + "range can't iterate over ");
    }

    @Test
    void setsDotWithWith() throws TemplateException {
        assertThat(render("{{ with lookup \"data.m\" \"\" }}{{ .a }}/{{ .b }}/{{ .missing }}{{ end }}"))
                .isEqualTo("x/2/<no value>");
        assertThat(render("{{ with lookup \"data.empty\" \"\" }}yes{{ else }}no{{ end }}")).isEqualTo("no");
        assertThat(render("{{ with $x := lookup \"data.n\" 0 }}{{ $x }}{{ end }}")).isEqualTo("5");
    }

    @Test
    void declaresAndAssignsVariables() throws TemplateException {
        assertThat(render("{{ $x := 1 }}{{ if true }}{{ $x = 2 }}{{ end }}{{ $x }}")).isEqualTo("2");
        assertThat(render("{{ $h := lookup \"facts.host\" \"\" }}{{ $h }}-{{ $ }}")).isEqualTo("web1.example.net-<no value>");
        assertThat(render("{{ $m := lookup \"data.m\" \"\" }}{{ $m.a }}")).isEqualTo("x");
    }

    @Test
    void rendersDotAndFieldsOfNilAsNoValue() throws TemplateException {
        assertThat(render("{{ . }}|{{ .x }}|{{ .x.y }}")).isEqualTo("<no value>|<no value>|<no value>");
    }

    @Test
    void trimsWhitespaceAroundTrimMarkers() throws TemplateException {
        assertThat(render("a  \n {{- \"b\" -}} \n\t c")).isEqualTo("abc");
        assertThat(render("a {{- /* comment */ -}} b")).isEqualTo("ab");
        assertThat(render("a {{/* comment */}} b")).isEqualTo("a  b");
        assertThat(render("{{ -3 }}")).isEqualTo("-3");
        assertThat(render("x\n{{- range lookup \"data.list\" \"\" }}\n  {{ . }}\n{{- end }}\n")).isEqualTo("x\n  a\n  b\n  c\n");
    }

    @Test
    void parsesLiterals() throws TemplateException {
        assertThat(render("{{ \"a\\tb\\u00e9\\x41\" }}")).isEqualTo("a\tbéA");
        assertThat(render("{{ `raw\\n` }}")).isEqualTo("raw\\n");
        assertThat(render("{{ 42 }} {{ 1.5 }} {{ 1e6 }} {{ 0x1F }} {{ 'a' }} {{ true }} {{ 1_000 }}"))
                .isEqualTo("42 1.5 1e+06 31 97 true 1000");
        assertThat(render("{{ print nil }}")).isEqualTo("<nil>");
    }

    @Test
    void evaluatesParenthesisedSubExpressionsAndChains() throws TemplateException {
        assertThat(render("{{ (lookup \"data.m\" \"\").a }}")).isEqualTo("x");
        assertThat(render("{{ printf \"%s-%s\" (ToUpper \"a\") (lookup \"facts.os\" \"\" | ToUpper) }}"))
                .isEqualTo("A-LINUX");
    }

    @Test
    void appliesTheStandardFunctions() throws TemplateException {
        assertThat(render("{{ and 1 0 2 }} {{ or 0 \"\" 3 }} {{ and 1 2 }} {{ or 0 false }}")).isEqualTo("0 3 2 false");
        assertThat(render("{{ len \"héllo\" }} {{ len (lookup \"data.list\" \"\") }} {{ len (lookup \"data.m\" \"\") }}"))
                .isEqualTo("6 3 3");
        assertThat(render("{{ index (lookup \"data.list\" \"\") 1 }} {{ index (lookup \"data.m\" \"\") \"a\" }} {{ index \"abc\" 0 }}"))
                .isEqualTo("b x 97");
        assertThat(render("{{ slice \"hello\" 1 3 }} {{ slice (lookup \"data.list\" \"\") 1 }}")).isEqualTo("el [b c]");
        assertThat(render("{{ print 1 2 \"a\" \"b\" 3 }}|{{ println \"x\" 1 }}|")).isEqualTo("1 2ab3|x 1\n|");
        assertThat(render("{{ html \"<a href='x'>&\\\"\" }}")).isEqualTo("&lt;a href=&#39;x&#39;&gt;&amp;&#34;");
        assertThat(render("{{ js \"it's <b>\\\"=\\n\" }}")).isEqualTo("it\\'s \\u003Cb\\u003E\\\"\\u003D\\u000A");
        assertThat(render("{{ urlquery \"a b&c=d/é~\" }}")).isEqualTo("a+b%26c%3Dd%2F%C3%A9~");
    }

    @Test
    void comparesLikeGo() throws TemplateException {
        assertThat(render("{{ eq 1 1 }} {{ eq 1 2 3 1 }} {{ ne \"a\" \"b\" }} {{ lt 1 2 }} {{ le 2 2 }} {{ gt 1.5 2.5 }} {{ ge \"b\" \"a\" }}"))
                .isEqualTo("true true true true true false true");
        assertThat(render("{{ eq (lookup \"data.n\" 0) 5.0 }}")).isEqualTo("true");
        assertRenderFails("{{ eq (lookup \"data.n\" 0) 5 }}",
                "template: machine:1:3: executing \"machine\" at <eq (lookup \"data.n\" 0) 5>: "
                        + "error calling eq: incompatible types for comparison");
        assertRenderFails("{{ lt true false }}",
                "template: machine:1:3: executing \"machine\" at <lt true false>: "
                        + "error calling lt: invalid type for comparison");
    }

    @Test
    void appliesTheChoriaStringFunctions() throws TemplateException {
        assertThat(render("{{ Title \"hELLO wORLD o'neil\" }}")).isEqualTo("Hello World O'neil");
        assertThat(render("{{ lookup \"data.word\" \"\" | Capitalize }}")).isEqualTo("Hello World");
        assertThat(render("{{ ToUpper \"straße\" }} {{ ToLower \"ÀB\" }}")).isEqualTo("STRASSE àb".replace("SS", "ß"));
        assertThat(render("{{ Base64Encode \"hello\" }} {{ lookup \"data.s64\" \"\" | Base64Decode }}"))
                .isEqualTo("aGVsbG8= hello");
    }

    @Test
    void rejectsAJsonListInStringsJoin() {
        assertRenderFails("{{ StringsJoin (lookup \"data.list\" \"\") }}",
                "template: machine:1:35: executing \"machine\" at <\"\">: "
                        + "wrong type for value; expected []string; got []interface {}");
    }

    @Test
    void failsOnInvalidBase64() {
        assertRenderFails("{{ Base64Decode \"a%bc\" }}",
                "template: machine:1:3: executing \"machine\" at <Base64Decode \"a%bc\">: "
                        + "error calling Base64Decode: illegal base64 data at input byte 1");
        assertRenderFails("{{ Base64Decode \"abcde\" }}",
                "template: machine:1:3: executing \"machine\" at <Base64Decode \"abcde\">: "
                        + "error calling Base64Decode: illegal base64 data at input byte 4");
    }

    @Test
    void reportsUnknownFunctionsAtParseTime() {
        assertRenderFails("hello {{ bad 1 }}", "template: machine:1:9: function \"bad\" not defined");
        assertRenderFails("x\n  {{ $y }}", "template: machine:2:5: undefined variable \"$y\"");
    }

    @Test
    void reportsSyntaxErrors() {
        assertRenderFails("a {{ lookup \"x\" ", "template: machine:1:2: unclosed action");
        assertRenderFails("{{ if true }}x", "template: machine:1:14: unexpected EOF");
        assertRenderFails("{{ end }}", "template: machine:1:3: unexpected {{end}}");
        assertRenderFails("{{ \"abc }}", "template: machine:1:3: unterminated quoted string");
        assertRenderFails("{{ /* x */ }}", "template: machine:1:3: unrecognized character in action: U+002F '/'");
        assertRenderFails("{{ }}", "template: machine:1:3: missing value for command");
        assertRenderFails("{{ 1 | 2 }}", "template: machine:1:9: non executable command in pipeline stage 2");
        assertRenderFails("{{ (1 }}", "template: machine:1:6: unclosed left paren");
        assertRenderFails("{{ define \"x\" }}{{ end }}", "template: machine:1:3: {{define}} is not supported");
    }

    @Test
    void reportsWrongArgumentCountsAndTypes() {
        assertRenderFails("{{ lookup \"facts.host\" }}",
                "template: machine:1:3: executing \"machine\" at <lookup>: wrong number of args for lookup: want 2 got 1");
        assertRenderFails("{{ printf }}",
                "template: machine:1:3: executing \"machine\" at <printf>: wrong number of args for printf: want at least 1 got 0");
        assertRenderFails("{{ ToUpper 1 }}",
                "template: machine:1:11: executing \"machine\" at <1>: expected string; found 1");
        assertRenderFails("{{ lookup \"data.n\" 0 | ToUpper }}",
                "template: machine:1:23: executing \"machine\" at <ToUpper>: "
                        + "wrong type for value; expected string; got float64");
        assertRenderFails("{{ \"x\" 1 }}",
                "template: machine:1:3: executing \"machine\" at <\"x\">: can't give argument to non-function \"x\"");
        assertRenderFails("{{ lookup \"facts.host\" \"\" | lookup \"x\" \"y\" }}",
                "template: machine:1:28: executing \"machine\" at <lookup>: wrong number of args for lookup: want 2 got 3");
    }

    @Test
    void reportsGjsonSyntaxErrorsAsExecutionErrors() {
        assertRenderFails("{{ lookup \"data.#(x\" 1 }}",
                "template: machine:1:3: executing \"machine\" at <lookup \"data.#(x\" 1>: "
                        + "error calling lookup: invalid gjson path \"data.#(x\": unterminated query starting at offset 5");
    }

    @Test
    void parsesOnceAndExecutesManyTimes() throws TemplateException {
        Template t = Template.parse("{{ lookup \"data.n\" 0 }}");
        assertThat(t.execute(context)).isEqualTo("5");
        assertThat(t.execute(new TemplateContext(null, json("{\"n\": 6}"), null))).isEqualTo("6");
    }

    @Test
    void chainsElseWithAndElseIfUnderOneEnd() throws TemplateException {
        assertThat(render("{{ with lookup \"data.missing\" \"\" }}a{{ else with lookup \"facts.os\" \"\" }}{{ . }}{{ end }}"))
                .isEqualTo("linux");
        assertThat(render("{{ if false }}1{{ else if false }}2{{ else if true }}3{{ end }}")).isEqualTo("3");
    }

    @Test
    void rendersAMultiLineFileContentsTemplate() throws TemplateException {
        String text = """
                # managed by mms on {{ lookup "facts.host" "unknown" }}
                {{- range $name, $ip := lookup "facts.net" "" }}
                {{ $name }} {{ $ip }}
                {{- end }}
                cpus={{ lookup "facts.cpus" 1 | printf "%.0f" }} {{/* a comment */}}
                """;
        assertThat(render(text)).isEqualTo("""
                # managed by mms on web1.example.net
                eth0 10.0.0.1
                lo 127.0.0.1
                cpus=4\s
                """);
    }

    @Test
    void theNagiosOverrideFunctionGivesTheOverrideOrTheDefault() throws TemplateException {
        TemplateContext nagios = new TemplateContext(context.facts(), context.data(), infos::add,
                java.util.Optional.of(path -> path.equals("warn") ? java.util.Optional.of("80") : java.util.Optional.empty()));

        assertThat(Template.render("check_load -w {{ o \"warn\" 10 }} -c {{ o \"crit\" 20 }}", nagios))
                .isEqualTo("check_load -w 80 -c 20");
        assertRenderFails("{{ o \"warn\" 10 }}", "template: machine:1:3: executing \"machine\" at <o \"warn\" 10>: error calling o:"
                + " o is only available in nagios plugin commands");
    }
}
