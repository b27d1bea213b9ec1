package mms.spec;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import mms.json.Json;
import org.junit.jupiter.api.Test;

/** The {@code rollout} and {@code health} members of a {@code machines.json} entry, as the validator reads them. */
class RolloutPlanTest {

    private static MachinesValidation validate(String extra) {
        String entry = "{\"name\":\"web\",\"source\":\"https://example.net/web-1.0.tgz\",\"checksum\":\""
                + MachinesValidatorTest.ARCHIVE + "\",\"verify_checksum\":\"" + MachinesValidatorTest.SUM + "\"" + extra + "}";
        return MachinesValidator.validate(("[" + entry + "]").getBytes(StandardCharsets.UTF_8));
    }

    private static List<String> errors(String extra) {
        return validate(extra).errors().stream().map(Problem::describe).toList();
    }

    @Test
    void readsAFullPlanAndHealthCheck() throws Exception {
        ManagedMachine m = validate(",\"health\":{\"states\":[\"RUNNING\",\"IDLE\"],\"within\":\"2m\","
                + "\"failure_states\":[\"FAILED\"]},\"rollout\":{\"waves\":[\"1\",\"10%\",\"50%\",\"100%\"],"
                + "\"pause\":\"1m30s\",\"max_failed\":\"5%\",\"auto_revert\":true,\"paused\":true}").orThrow().getFirst();

        HealthCheck health = m.health().orElseThrow();
        assertThat(health.states()).containsExactly("RUNNING", "IDLE");
        assertThat(health.within()).isEqualTo(Duration.ofMinutes(2));
        assertThat(health.failureStates()).containsExactly("FAILED");
        RolloutPlan plan = m.rollout().orElseThrow();
        assertThat(plan.waves()).extracting(FleetShare::text).containsExactly("1", "10%", "50%", "100%");
        assertThat(plan.pause()).isEqualTo(Duration.ofSeconds(90));
        assertThat(plan.maxFailed().text()).isEqualTo("5%");
        assertThat(plan.autoRevert()).isTrue();
        assertThat(plan.paused()).isTrue();
        assertThat(m.supervised()).isTrue();
    }

    @Test
    void optionalMembersHaveSafeDefaults() throws Exception {
        ManagedMachine m = validate(",\"health\":{\"states\":[\"RUNNING\"],\"within\":\"1s\"},"
                + "\"rollout\":{\"waves\":[\"100%\"]}").orThrow().getFirst();
        assertThat(m.health().orElseThrow().failureStates()).isEmpty();
        assertThat(m.rollout()).contains(new RolloutPlan(List.of(FleetShare.ALL), Duration.ZERO, FleetShare.NONE,
                false, false));
    }

    @Test
    void anEntryWithoutThemIsTheOriginalsAndNullMeansAbsent() throws Exception {
        ManagedMachine m = validate(",\"health\":null,\"rollout\":null").orThrow().getFirst();
        assertThat(m.health()).isEmpty();
        assertThat(m.rollout()).isEmpty();
        assertThat(m.supervised()).isFalse();
        assertThat(Json.write(m)).doesNotContain("health", "rollout");
    }

    @Test
    void serialisesThePlanInItsWireForm() throws Exception {
        ManagedMachine m = validate(",\"health\":{\"states\":[\"RUNNING\"],\"within\":\"90s\"},"
                + "\"rollout\":{\"waves\":[\"1\",\"100%\"],\"pause\":\"1m\"}").orThrow().getFirst();
        assertThat(Json.write(m)).endsWith(",\"health\":{\"states\":[\"RUNNING\"],\"within\":\"1m30s\","
                + "\"failure_states\":[]},\"rollout\":{\"waves\":[\"1\",\"100%\"],\"pause\":\"1m0s\","
                + "\"max_failed\":\"0\",\"auto_revert\":false,\"paused\":false}}");
        assertThat(MachinesValidator.validate(Json.write(List.of(m)).getBytes(StandardCharsets.UTF_8)).orThrow())
                .as("what is written reads back the same").containsExactly(m);
    }

    @Test
    void wavesMustGrowAndEndAtAllOfTheFleet() {
        assertThat(errors(",\"rollout\":{\"waves\":[\"10%\",\"5%\",\"100%\"]}")).containsExactly(
                "machine 0 'web': rollout.waves[1]: '5%' is not larger than the earlier wave '10%': each wave's size"
                        + " counts the waves before it");
        assertThat(errors(",\"rollout\":{\"waves\":[\"2\",\"1\",\"100%\"]}")).containsExactly(
                "machine 0 'web': rollout.waves[1]: '1' is not larger than the earlier wave '2': each wave's size"
                        + " counts the waves before it");
        assertThat(errors(",\"rollout\":{\"waves\":[\"1\",\"50%\"]}")).containsExactly(
                "machine 0 'web': rollout.waves[1]: the last wave is '50%', it must be \"100%\" so that every node"
                        + " has a wave");
        assertThat(errors(",\"rollout\":{\"waves\":[\"0\",\"100%\"]}")).containsExactly(
                "machine 0 'web': rollout.waves[0]: '0' is an empty wave");
        assertThat(errors(",\"rollout\":{\"waves\":[]}")).containsExactly(
                "machine 0 'web': rollout.waves: must be a non-empty array such as [\"1\", \"10%\", \"100%\"], got an"
                        + " empty array");
        assertThat(errors(",\"rollout\":{}")).containsExactly(
                "machine 0 'web': rollout.waves: is required: the waves' cumulative sizes, e.g. [\"1\", \"10%\", \"100%\"]");
        assertThat(errors(",\"rollout\":{\"waves\":[\"1\",\"a lot\",1]}")).containsExactly(
                "machine 0 'web': rollout.waves[1]: 'a lot' is neither a number of nodes (\"1\", \"25\") nor a"
                        + " percentage (\"10%\", \"0.5%\")",
                "machine 0 'web': rollout.waves[2]: must be a string such as \"1\" or \"10%\", got number");
    }

    @Test
    void namesEveryBadMemberOfThePlan() {
        assertThat(errors(",\"rollout\":{\"waves\":[\"100%\"],\"wave\":[\"1\"],\"pause\":\"10\",\"max_failed\":5,"
                + "\"auto_revert\":\"yes\",\"paused\":1}")).containsExactly(
                "machine 0 'web': rollout.wave: unknown member, rollout has waves, pause, max_failed, auto_revert, paused",
                "machine 0 'web': rollout.pause: '10' is not a go duration such as \"90s\" or \"2m\": time: missing"
                        + " unit in duration \"10\"",
                "machine 0 'web': rollout.max_failed: must be a string such as \"1\" or \"5%\", got number",
                "machine 0 'web': rollout.auto_revert: must be true or false, got string",
                "machine 0 'web': rollout.paused: must be true or false, got number");
        assertThat(errors(",\"rollout\":{\"waves\":[\"100%\"],\"pause\":\"-1s\"}")).containsExactly(
                "machine 0 'web': rollout.pause: '-1s' is too short, the minimum is 0s");
        assertThat(errors(",\"rollout\":{\"waves\":[\"100%\"],\"pause\":\"200h\"}")).containsExactly(
                "machine 0 'web': rollout.pause: '200h' is too long, the maximum is 168h0m0s");
        assertThat(errors(",\"rollout\":[\"1\"]")).containsExactly(
                "machine 0 'web': rollout: must be an object such as {\"waves\": [\"1\", \"10%\", \"100%\"]}, got array");
    }

    @Test
    void namesEveryBadMemberOfTheHealthCheck() {
        assertThat(errors(",\"health\":{\"state\":[\"RUNNING\"],\"within\":\"500ms\"}")).containsExactly(
                "machine 0 'web': health.state: unknown member, health has states, within, failure_states",
                "machine 0 'web': health.states: is required: the states that prove a new version healthy, e.g."
                        + " [\"RUNNING\"]",
                "machine 0 'web': health.within: '500ms' is too short, the minimum is 1s");
        assertThat(errors(",\"health\":{\"states\":[\"RUNNING\",\"RUNNING\",\"\"],\"failure_states\":[\"RUNNING\"]}"))
                .containsExactly(
                        "machine 0 'web': health.states[1]: 'RUNNING' is listed twice",
                        "machine 0 'web': health.states[2]: '' is not a state name: 1 to 128 characters without"
                                + " control characters",
                        "machine 0 'web': health.failure_states: 'RUNNING' is also one of states: a state cannot prove"
                                + " a version both healthy and broken",
                        "machine 0 'web': health.within: is required: how long a new version has to become healthy,"
                                + " e.g. \"2m\"");
        assertThat(errors(",\"health\":{\"states\":[],\"within\":\"25h\"}")).containsExactly(
                "machine 0 'web': health.states: must name at least one state",
                "machine 0 'web': health.within: '25h' is too long, the maximum is 24h0m0s");
        assertThat(errors(",\"health\":\"RUNNING\"")).containsExactly(
                "machine 0 'web': health: must be an object such as {\"states\": [\"RUNNING\"], \"within\": \"2m\"},"
                        + " got string");
    }

    @Test
    void aMisspelledMemberOfTheEntryPointsToIt() {
        assertThat(errors(",\"rolout\":{\"waves\":[\"100%\"]}")).singleElement().asString()
                .startsWith("machine 0 'web': rolout: unknown member (did you mean 'rollout'?)");
    }

    @Test
    void pausingKeepsEverythingElse() {
        RolloutPlan plan = new RolloutPlan(List.of(FleetShare.parse("1"), FleetShare.ALL), Duration.ofMinutes(1),
                FleetShare.parse("5%"), true, false);
        assertThat(plan.withPaused(true)).isEqualTo(new RolloutPlan(plan.waves(), plan.pause(), plan.maxFailed(),
                true, true));
        assertThat(plan.withPaused(true).withPaused(false)).isEqualTo(plan);
        assertThat(Optional.of(plan).map(RolloutPlan::toJson).orElseThrow().toString())
                .isEqualTo("{\"waves\":[\"1\",\"100%\"],\"pause\":\"1m0s\",\"max_failed\":\"5%\",\"auto_revert\":true,"
                        + "\"paused\":false}");
    }
}
