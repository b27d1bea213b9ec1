package mms.rollout;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import mms.spec.FleetShare;
import mms.spec.HealthCheck;
import mms.spec.ManagedMachine;
import mms.spec.RolloutPlan;
import mms.status.FleetRecords;
import mms.status.NodeStatus;
import mms.watcher.RolloutGate;
import mms.watcher.RolloutReport;
import mms.watcher.RolloutState;
import org.junit.jupiter.api.Test;

class RolloutProgressTest {
    static final String SUM = "1e85719c6959eb0f2c8f2166e30ae952ccaef2c286f31868ea1d311d3738a339";
    static final String NEW = "f11ea2005de97bf309bafac46e77c01925307a26675f44f388d4502d2b9d00bf";
    static final String DIGEST = "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08";
    static final Instant T0 = Instant.parse("2026-12-04T10:00:00Z");
    static final Duration HEARTBEAT = Duration.ofSeconds(10);

    final List<NodeStatus> records = new ArrayList<>();

    private static ManagedMachine web(RolloutPlan plan) {
        return new ManagedMachine("web", "https://example.net/web-2.tgz", "", "", SUM, NEW, "", "",
                Optional.of(new HealthCheck(List.of("RUNNING"), Duration.ofMinutes(2), List.of())), Optional.of(plan));
    }

    private static RolloutPlan plan(String maxFailed, Duration pause, String... waves) {
        return new RolloutPlan(Arrays.stream(waves).map(FleetShare::parse).toList(), pause, FleetShare.parse(maxFailed),
                false, false);
    }

    /** A live node of the fleet that read the specification and reports {@code state} for the new version. */
    private void node(String identity, RolloutState state, Instant since) {
        node(identity, T0.plusSeconds(100), DIGEST, Optional.of(new RolloutReport(NEW, OptionalInt.empty(), state,
                state.failure() ? Optional.of("did not reach RUNNING within 2m0s") : Optional.empty(), since)), false);
    }

    private void node(String identity, Instant updated, String digest, Optional<RolloutReport> rollout, boolean stopped) {
        NodeStatus.Decision decision = new NodeStatus.Decision(digest, Optional.empty(), T0, NodeStatus.Outcome.APPLIED,
                Optional.empty(), Optional.of(digest));
        NodeStatus.MachineStatus web = new NodeStatus.MachineStatus("web", Optional.of("1.0.0"), Optional.of("RUNNING"),
                Optional.of(SUM), Optional.of("verified"), Optional.of("MANAGE"), Optional.empty(), Optional.empty(), rollout);
        records.add(new NodeStatus(identity, "0.1.0", T0, updated, HEARTBEAT, stopped,
                Optional.of(new NodeStatus.SpecificationStatus("MACHINES", "machines", Optional.of(decision))),
                List.of(web), 0));
    }

    private RolloutProgress.EntryProgress progress(RolloutPlan plan, Instant now) {
        return RolloutProgress.of(new FleetRecords(records, Map.of()), "MACHINES", "machines", DIGEST,
                List.of(web(plan)), now).entry("web").orElseThrow();
    }

    /** The nodes of {@code wave} in a fleet of node1..node{n}, all waiting. */
    private List<String> fourWaitingNodes() {
        for (int i = 1; i <= 4; i++) {
            node("node" + i, RolloutState.WAITING, T0);
        }
        return List.of("node1", "node2", "node3", "node4");
    }

    @Test
    void onlyTheCanaryMayStartAndTheOthersWaitForItsWave() {
        fourWaitingNodes();
        RolloutProgress.EntryProgress p = progress(plan("0", Duration.ZERO, "1", "2", "3", "100%"), T0.plusSeconds(100));

        assertThat(p.members()).hasSize(4);
        assertThat(p.waves()).extracting(w -> w.nodes().size()).containsExactly(1, 1, 1, 1);
        String canary = p.waves().get(0).nodes().getFirst();
        assertThat(p.gate(canary, T0.plusSeconds(100))).isEqualTo(new RolloutGate.Open(1));
        String second = p.waves().get(1).nodes().getFirst();
        assertThat(p.gate(second, T0.plusSeconds(100))).isEqualTo(new RolloutGate.Wait(Optional.of(2),
                "waiting for wave 1: 0 of 1 nodes done (" + canary + ": waiting)", Optional.empty()));
        assertThat(p.currentWave()).isEqualTo(1);
        assertThat(p.halt()).isEmpty();
        assertThat(p.done()).isFalse();
    }

    @Test
    void theNextWaveStartsOnceTheEarlierOnesAreHealthyAndThePauseHasPassed() {
        fourWaitingNodes();
        RolloutPlan plan = plan("0", Duration.ofMinutes(1), "1", "2", "3", "100%");
        List<String> order = progress(plan, T0).members().stream().map(RolloutProgress.Member::identity).toList();
        records.clear();
        Instant healthy = T0.plusSeconds(30);
        node(order.get(0), RolloutState.HEALTHY, healthy);
        for (String other : order.subList(1, 4)) {
            node(other, RolloutState.WAITING, T0);
        }

        RolloutProgress.EntryProgress p = progress(plan, healthy.plusSeconds(10));
        assertThat(p.gate(order.get(1), healthy.plusSeconds(10))).isEqualTo(new RolloutGate.Wait(Optional.of(2),
                "wave 1 was done at " + healthy + ", wave 2 starts after the pause of 1m0s, at " + healthy.plusSeconds(60),
                Optional.of(healthy.plusSeconds(60))));
        assertThat(p.gate(order.get(1), healthy.plusSeconds(60))).isEqualTo(new RolloutGate.Open(2));
        assertThat(p.gate(order.get(2), healthy.plusSeconds(60))).isInstanceOf(RolloutGate.Wait.class);
        assertThat(p.currentWave()).isEqualTo(2);
    }

    @Test
    void anEmptyWaveIsDoneWithThePreviousOne() {
        fourWaitingNodes();
        RolloutPlan plan = plan("0", Duration.ZERO, "1", "10%", "50%", "100%");
        RolloutProgress.EntryProgress first = progress(plan, T0);
        assertThat(first.waves()).extracting(w -> w.nodes().size()).containsExactly(1, 0, 1, 2);
        String canary = first.waves().get(0).nodes().getFirst();
        String third = first.waves().get(2).nodes().getFirst();
        records.clear();
        node(canary, RolloutState.HEALTHY, T0.plusSeconds(5));
        for (String n : List.of("node1", "node2", "node3", "node4")) {
            if (!n.equals(canary)) {
                node(n, RolloutState.WAITING, T0);
            }
        }
        RolloutProgress.EntryProgress p = progress(plan, T0.plusSeconds(10));
        assertThat(p.waves().get(1).doneAt()).contains(T0.plusSeconds(5));
        assertThat(p.gate(third, T0.plusSeconds(10))).isEqualTo(new RolloutGate.Open(3));
    }

    @Test
    void aFailedCanaryHaltsTheRolloutNamingTheNodeAndItsReason() {
        fourWaitingNodes();
        RolloutPlan plan = plan("5%", Duration.ZERO, "1", "2", "3", "100%");
        List<String> order = progress(plan, T0).members().stream().map(RolloutProgress.Member::identity).toList();
        records.clear();
        node(order.get(0), RolloutState.REVERTED, T0.plusSeconds(120));
        order.subList(1, 4).forEach(n -> node(n, RolloutState.WAITING, T0));

        RolloutProgress.EntryProgress p = progress(plan, T0.plusSeconds(121));
        String reason = "1 of 4 nodes failed, max_failed 5% tolerates 0: "
                + order.get(0) + ": reverted (did not reach RUNNING within 2m0s)";
        assertThat(p.halt()).contains(reason);
        assertThat(p.failures()).isEqualTo(1);
        assertThat(p.gate(order.get(1), T0.plusSeconds(121))).isEqualTo(new RolloutGate.Halted(Optional.of(2), reason));
        assertThat(p.done()).isFalse();
    }

    @Test
    void failuresWithinTheToleranceCountAsDone() {
        fourWaitingNodes();
        RolloutPlan plan = plan("1", Duration.ZERO, "1", "2", "3", "100%");
        List<String> order = progress(plan, T0).members().stream().map(RolloutProgress.Member::identity).toList();
        records.clear();
        node(order.get(0), RolloutState.REVERTED, T0.plusSeconds(120));
        order.subList(1, 4).forEach(n -> node(n, RolloutState.WAITING, T0));

        RolloutProgress.EntryProgress p = progress(plan, T0.plusSeconds(121));
        assertThat(p.halt()).isEmpty();
        assertThat(p.gate(order.get(1), T0.plusSeconds(121))).isEqualTo(new RolloutGate.Open(2));
    }

    @Test
    void nobodyStartsUntilEveryLiveNodeHasReadTheSpecification() {
        fourWaitingNodes();
        node("node5", T0.plusSeconds(100), "0".repeat(64), Optional.empty(), false);
        node("node6", T0.minusSeconds(600), "0".repeat(64), Optional.empty(), false); // stale: not waited for
        RolloutProgress.EntryProgress p = progress(plan("0", Duration.ZERO, "1", "100%"), T0.plusSeconds(100));
        assertThat(p.unsettled()).containsExactly("node5");
        for (String n : List.of("node1", "node2", "node3", "node4")) {
            assertThat(p.gate(n, T0.plusSeconds(100))).isEqualTo(new RolloutGate.Wait(Optional.empty(),
                    "waiting for 1 node to read the specification: node5", Optional.empty()));
        }
    }

    @Test
    void aNodeWhoseRecordDoesNotShowTheRolloutYetWaits() {
        fourWaitingNodes();
        assertThat(progress(plan("0", Duration.ZERO, "100%"), T0.plusSeconds(100)).gate("node9", T0.plusSeconds(100)))
                .isEqualTo(new RolloutGate.Wait(Optional.empty(),
                        "waiting for this node's status record to report its rollout of web", Optional.empty()));
    }

    @Test
    void aNodeLostWhileUpgradingCountsAsFailedAndOneLostWhileWaitingIsLeftOut() {
        fourWaitingNodes();
        node("node5", T0.minusSeconds(600), DIGEST, Optional.of(new RolloutReport(NEW, OptionalInt.of(1),
                RolloutState.VERIFYING, Optional.empty(), T0.minusSeconds(700))), false);
        node("node6", T0.minusSeconds(600), DIGEST, Optional.of(new RolloutReport(NEW, OptionalInt.of(2),
                RolloutState.WAITING, Optional.empty(), T0.minusSeconds(700))), false);
        node("node7", T0.plusSeconds(100), DIGEST, Optional.of(new RolloutReport(NEW, OptionalInt.of(2),
                RolloutState.WAITING, Optional.empty(), T0)), true);

        RolloutProgress.EntryProgress p = progress(plan("0", Duration.ZERO, "1", "100%"), T0.plusSeconds(100));
        assertThat(p.members()).extracting(RolloutProgress.Member::identity)
                .containsExactlyInAnyOrder("node1", "node2", "node3", "node4", "node5");
        assertThat(p.member("node5").orElseThrow().state()).isEqualTo(RolloutState.FAILED);
        assertThat(p.halt()).hasValueSatisfying(h -> assertThat(h).contains("node5: failed (no status record for 3"
                + " heartbeats while verifying, last at " + T0.minusSeconds(600) + ")"));
    }

    @Test
    void aPausedRolloutStartsNobody() {
        fourWaitingNodes();
        RolloutPlan plan = plan("0", Duration.ZERO, "100%").withPaused(true);
        assertThat(progress(plan, T0.plusSeconds(100)).gate("node1", T0.plusSeconds(100)))
                .isEqualTo(new RolloutGate.Paused(Optional.of(1), "the rollout of web f11ea2005de9 is paused"));
    }

    @Test
    void otherVersionsAndOtherSpecificationsDoNotTakePart() {
        fourWaitingNodes();
        node("old", T0.plusSeconds(100), DIGEST, Optional.of(new RolloutReport(SUM, OptionalInt.of(1),
                RolloutState.HEALTHY, Optional.empty(), T0)), false);
        RolloutProgress other = RolloutProgress.of(new FleetRecords(records, Map.of()), "OTHER", "machines", DIGEST,
                List.of(web(plan("0", Duration.ZERO, "100%"))), T0.plusSeconds(100));
        assertThat(progress(plan("0", Duration.ZERO, "100%"), T0.plusSeconds(100)).members()).hasSize(4);
        assertThat(other.entry("web").orElseThrow().members()).isEmpty();
    }

    @Test
    void everyNodeHealthyIsDone() {
        for (int i = 1; i <= 3; i++) {
            node("node" + i, RolloutState.HEALTHY, T0.plusSeconds(i));
        }
        RolloutProgress.EntryProgress p = progress(plan("0", Duration.ZERO, "1", "100%"), T0.plusSeconds(100));
        assertThat(p.done()).isTrue();
        assertThat(p.currentWave()).isEqualTo(3);
    }

    @Test
    void entriesWithoutHealthCheckOrPlanHaveNoProgress() {
        RolloutProgress p = RolloutProgress.of(new FleetRecords(records, Map.of()), "MACHINES", "machines", DIGEST,
                List.of(new ManagedMachine("db", "https://example.net/db.tgz", "", "", SUM, NEW, "", "")), T0);
        assertThat(p.entries()).isEmpty();
    }
}
