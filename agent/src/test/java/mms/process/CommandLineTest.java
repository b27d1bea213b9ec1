package mms.process;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class CommandLineTest {

    @Test
    void splitsOnRunsOfBlanks() {
        assertThat(CommandLine.split("  ls \t -l\r\n/tmp  ")).containsExactly("ls", "-l", "/tmp");
    }

    @Test
    void emptyAndBlankLinesHaveNoWords() {
        assertThat(CommandLine.split("")).isEmpty();
        assertThat(CommandLine.split(" \t\n")).isEmpty();
    }

    @Test
    void singleQuotesAreLiteral() {
        assertThat(CommandLine.split("echo 'a \"b\" \\c'")).containsExactly("echo", "a \"b\" \\c");
    }

    @Test
    void doubleQuotesHonourBackslashEscapes() {
        assertThat(CommandLine.split("echo \"a\\\"b\" \"\\n\" \"x y\"")).containsExactly("echo", "a\"b", "n", "x y");
    }

    @Test
    void backslashOutsideQuotesEscapesTheNextCharacter() {
        assertThat(CommandLine.split("a\\ b c\\'d")).containsExactly("a b", "c'd");
    }

    @Test
    void quotedPartsJoinAdjacentText() {
        assertThat(CommandLine.split("a'b c'd \"e\"'f'")).containsExactly("ab cd", "ef");
    }

    @Test
    void emptyQuotesMakeAnEmptyWord() {
        assertThat(CommandLine.split("a '' \"\"")).containsExactly("a", "", "");
    }

    @Test
    void hashAtTheStartOfAWordCommentsToEndOfLine() {
        assertThat(CommandLine.split("ls # the rest\n-l")).containsExactly("ls", "-l");
        assertThat(CommandLine.split("a#b")).containsExactly("a#b");
    }

    @Test
    void rejectsUnterminatedQuotes() {
        assertThatThrownBy(() -> CommandLine.split("echo 'abc")).hasMessage("EOF found when expecting closing quote");
        assertThatThrownBy(() -> CommandLine.split("echo \"abc")).hasMessage("EOF found when expecting closing quote");
    }

    @Test
    void rejectsTrailingBackslash() {
        assertThatThrownBy(() -> CommandLine.split("echo abc\\")).hasMessage("EOF found after escape character");
        assertThatThrownBy(() -> CommandLine.split("echo \"abc\\")).hasMessage("EOF found after escape character");
    }

    @Test
    void noExpansionPipesOrRedirection() {
        assertThat(CommandLine.split("echo $HOME * | wc > x")).containsExactly("echo", "$HOME", "*", "|", "wc", ">", "x");
    }
}
