package mms.spec;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.BooleanNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class MachinesDiffTest {
    static final String A = "a".repeat(64);
    static final String B = "b".repeat(64);

    static byte[] json(String text) {
        return text.replace('\'', '"').getBytes(UTF_8);
    }

    static String entry(String name, String checksum, String extra) {
        return "{'name':'" + name + "','source':'https://r/" + name + "-" + checksum.charAt(0) + ".tgz','checksum':'"
                + checksum + "','verify_checksum':'" + A + "'" + extra + "}";
    }

    @Test
    void matchesEntriesByNameAndSortsAddedRemovedChangedAndUnchanged() throws Exception {
        MachinesDiff diff = MachinesDiff.of(
                json("[" + entry("web", A, "") + "," + entry("old", A, "") + "," + entry("db", A, "") + "]"),
                json("[" + entry("db", A, "") + "," + entry("web", B, "") + "," + entry("new", A, "") + "]"));

        assertThat(diff.added()).extracting(MachinesDiff.Entry::name).containsExactly("new");
        assertThat(diff.removed()).extracting(MachinesDiff.Entry::name).containsExactly("old");
        assertThat(diff.unchanged()).containsExactly("db");
        assertThat(diff.changed()).singleElement().satisfies(c -> {
            assertThat(c.name()).isEqualTo("web");
            assertThat(c.upgraded()).isTrue();
            assertThat(c.members()).extracting(MachinesDiff.MemberChange::member).containsExactly("source", "checksum");
            assertThat(c.members().get(1).from()).contains(TextNode.valueOf(A));
            assertThat(c.members().get(1).to()).contains(TextNode.valueOf(B));
        });
        assertThat(diff.isEmpty()).isFalse();
    }

    @Test
    void comparesObjectMembersMemberByMemberSoAPauseIsOneLine() throws Exception {
        String plan = ",'rollout':{'waves':['10%','100%'],'paused':PAUSED}";
        MachinesDiff diff = MachinesDiff.of(json("[" + entry("web", A, plan.replace("PAUSED", "false")) + "]"),
                json("[" + entry("web", A, plan.replace("PAUSED", "true")) + "]"));

        assertThat(diff.changed()).singleElement().satisfies(c -> {
            assertThat(c.upgraded()).isFalse();
            assertThat(c.members()).containsExactly(new MachinesDiff.MemberChange("rollout.paused",
                    Optional.of(BooleanNode.FALSE), Optional.of(BooleanNode.TRUE)));
        });
    }

    @Test
    void aMemberAddedOrRemovedShowsItsWholeValueAndNullCountsAsAbsent() throws Exception {
        MachinesDiff diff = MachinesDiff.of(json("[" + entry("web", A, ",'governor':null,'match':'x'") + "]"),
                json("[" + entry("web", A, ",'rollout':{'waves':['1']}") + "]"));

        assertThat(diff.changed().getFirst().members()).extracting(MachinesDiff.MemberChange::member)
                .containsExactly("rollout", "match");
        assertThat(diff.changed().getFirst().members().getFirst().from()).isEmpty();
        assertThat(diff.changed().getFirst().members().getFirst().to().orElseThrow().toString())
                .isEqualTo("{\"waves\":[\"1\"]}");
    }

    @Test
    void memberNamesCompareAsNodesReadThemAndNullIsAnEmptyList() throws Exception {
        String upper = entry("web", A, "").replace("'checksum'", "'Checksum'");

        assertThat(MachinesDiff.of(json("[" + entry("web", A, "") + "]"), json("[" + upper + "]")).isEmpty()).isTrue();
        assertThat(MachinesDiff.of(json("null"), json("[" + upper + "]")).added()).hasSize(1);
    }

    @Test
    void refusesWhatIsNotAListOfNamedEntries() {
        assertThatThrownBy(() -> MachinesDiff.of(json("{}"), json("[]")))
                .hasMessage("the first list is not a list of machines: expected a json array, got object");
        assertThatThrownBy(() -> MachinesDiff.of(json("[]"), json("[{'source':'x'}]")))
                .hasMessage("the second list: machine 0 has no name");
        assertThatThrownBy(() -> MachinesDiff.of(json("[]"), json("[{'name':'x'},{'name':'x'}]")))
                .hasMessage("the second list: machine 1 repeats the name 'x'");
    }
}
