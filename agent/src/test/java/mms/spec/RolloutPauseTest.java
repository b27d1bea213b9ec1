package mms.spec;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class RolloutPauseTest {
    static final String SUM = "a".repeat(64);

    static String entry(String name, String extra) {
        return "{\"name\":\"" + name + "\",\"source\":\"https://r/" + name + ".tgz\",\"checksum\":\"" + SUM
                + "\",\"verify_checksum\":\"" + SUM + "\"" + extra + "}";
    }

    static final String PLAN = ",\"rollout\":{\"waves\":[\"10%\",\"100%\"]}";
    static final byte[] MACHINES = ("[" + entry("web", PLAN) + "," + entry("db", "") + "," + entry("api", PLAN)
            + "]").getBytes(UTF_8);

    @Test
    void pausesEveryEntryWithAPlanWhenNoneIsNamedAndChangesNothingElse() throws Exception {
        RolloutPause.Result paused = RolloutPause.set(MACHINES, List.of(), true);

        assertThat(paused.changed()).containsExactly("web", "api");
        assertThat(paused.unchanged()).isEmpty();
        assertThat(new String(paused.machines(), UTF_8)).isEqualTo("[" + entry("web",
                ",\"rollout\":{\"waves\":[\"10%\",\"100%\"],\"paused\":true}") + "," + entry("db", "") + ","
                + entry("api", ",\"rollout\":{\"waves\":[\"10%\",\"100%\"],\"paused\":true}") + "]");
        MachinesDiff diff = MachinesDiff.of(MACHINES, paused.machines());
        assertThat(diff.changed()).allSatisfy(c -> assertThat(c.members())
                .extracting(MachinesDiff.MemberChange::member).containsExactly("rollout.paused"));
    }

    @Test
    void resumesTheNamedEntryAndReportsOnesAlreadyInThatState() throws Exception {
        byte[] paused = RolloutPause.set(MACHINES, List.of(), true).machines();

        RolloutPause.Result resumed = RolloutPause.set(paused, List.of("api"), false);
        RolloutPause.Result again = RolloutPause.set(resumed.machines(), List.of("api", "web"), false);

        assertThat(resumed.changed()).containsExactly("api");
        assertThat(again.changed()).containsExactly("web");
        assertThat(again.unchanged()).containsExactly("api");
        assertThat(RolloutPause.set(MACHINES, List.of("web"), false).unchanged())
                .as("a plan without the flag is running").containsExactly("web");
    }

    @Test
    void refusesEntriesWithoutAPlanAndNamesThatAreNotListed() {
        assertThatThrownBy(() -> RolloutPause.set(MACHINES, List.of("db"), true))
                .hasMessageStartingWith("entry 'db' has no rollout plan to pause");
        assertThatThrownBy(() -> RolloutPause.set(MACHINES, List.of("web", "cache"), true))
                .hasMessage("no entry named 'cache' in the specification (entries: web, db, api)");
        assertThatThrownBy(() -> RolloutPause.set(("[" + entry("db", "") + "]").getBytes(UTF_8), List.of(), false))
                .hasMessage("no entry has a rollout plan to resume (entries: db)");
    }
}
