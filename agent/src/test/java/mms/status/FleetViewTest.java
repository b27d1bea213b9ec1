package mms.status;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import mms.json.Json;
import org.junit.jupiter.api.Test;

class FleetViewTest {
    static final Instant NOW = Instant.parse("2026-12-04T12:00:00Z");
    static final Duration HEARTBEAT = Duration.ofMinutes(1);
    static final String OLD = "1".repeat(64);
    static final String NEW = "2".repeat(64);
    static final String D6 = "d6";
    static final String D7 = "d7";
    static final PublishedSpecification CURRENT = new PublishedSpecification("MACHINES", "machines", 7,
            NOW.minusSeconds(60), D7, Optional.empty(), Map.of("web", NEW), Map.of(D6, 6L, D7, 7L));

    /** A node that applied {@code applied}, running web at {@code version} from {@code checksum}. */
    static NodeStatus node(String identity, String applied, String version, String checksum, String archive) {
        return new NodeStatus(identity, "0.1.0", NOW.minusSeconds(3600), NOW.minusSeconds(10), HEARTBEAT, false,
                Optional.of(spec(applied, NodeStatus.Outcome.APPLIED, Optional.empty(), applied)),
                List.of(web(Optional.of(version), checksum, archive, Optional.empty())), 0);
    }

    static NodeStatus.SpecificationStatus spec(String digest, NodeStatus.Outcome outcome, Optional<String> reason,
                                               String applied) {
        return decided("MACHINES", digest, outcome, reason, Optional.of(applied));
    }

    static NodeStatus.SpecificationStatus decided(String bucket, String digest, NodeStatus.Outcome outcome,
                                                  Optional<String> reason, Optional<String> applied) {
        return new NodeStatus.SpecificationStatus(bucket, "machines", Optional.of(new NodeStatus.Decision(digest,
                Optional.empty(), NOW.minusSeconds(20), outcome, reason, applied)));
    }

    static NodeStatus.MachineStatus web(Optional<String> version, String checksum, String archive, Optional<String> error) {
        return new NodeStatus.MachineStatus("web", version, version.map(v -> "RUNNING"), Optional.of(checksum),
                Optional.of(archive), Optional.of("MANAGE"), error, error.map(e -> NOW.minusSeconds(30)));
    }

    static NodeStatus converged(String identity) {
        return node(identity, D7, "2.0.0", NEW, "verified");
    }

    static NodeStatus rejecting(String identity, String reason) {
        return new NodeStatus(identity, "0.1.0", NOW.minusSeconds(3600), NOW.minusSeconds(10), HEARTBEAT, false,
                Optional.of(spec(D7, NodeStatus.Outcome.REJECTED, Optional.of(reason), D6)),
                List.of(web(Optional.of("1.0.0"), OLD, "verified", Optional.empty())), 0);
    }

    static FleetView view(NodeStatus... nodes) {
        return FleetView.of(new FleetRecords(List.of(nodes), Map.of()), Optional.of(CURRENT), NOW, Optional.empty());
    }

    @Test
    void aNodeThatAppliedTheSpecificationAndRunsItsChecksumHasConverged() {
        FleetView view = view(converged("web1"), converged("web2"));

        assertThat(view.converged()).containsExactly("web1", "web2");
        assertThat(view.isConverged()).isTrue();
        assertThat(view.isSettled()).isTrue();
        assertThat(view.convergedPercent()).isEqualTo(100.0);
        assertThat(view.revisions()).containsExactly(new FleetView.Count("revision 7", 2));
        assertThat(view.versions()).containsExactly(new FleetView.MachineVersions("web",
                List.of(new FleetView.Count("2.0.0", 2))));
    }

    @Test
    void aNodeIsPendingUntilItAppliedTheSpecificationAndInstalledEveryEntry() {
        FleetView view = view(converged("web1"),
                node("web2", D6, "1.0.0", OLD, "verified"),          // has not applied it yet
                node("web3", D7, "1.0.0", OLD, "verified"),          // applied, manager not reloaded yet
                node("web4", D7, "2.0.0", NEW, "downloaded"),        // just installed, and runs
                new NodeStatus("web5", "0.1.0", NOW, NOW, HEARTBEAT, false,
                        Optional.of(spec(D7, NodeStatus.Outcome.APPLIED, Optional.empty(), D7)),
                        List.of(new NodeStatus.MachineStatus("web", Optional.empty(), Optional.empty(), Optional.of(NEW),
                                Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty())), 0));

        assertThat(view.converged()).containsExactly("web1", "web4");
        assertThat(view.pending()).containsExactly(
                new FleetView.Group("installing web", List.of("web3", "web5")),
                new FleetView.Group("has not applied revision 7 yet", List.of("web2")));
        assertThat(view.isSettled()).isFalse();
        assertThat(view.convergedPercent()).isEqualTo(40.0);
        assertThat(view.revisions()).containsExactly(new FleetView.Count("revision 7", 4),
                new FleetView.Count("revision 6", 1));
    }

    @Test
    void rejectionsAreGroupedByReasonAndSettleTheRollout() {
        FleetView view = view(converged("web1"), rejecting("web3", "signature does not verify"),
                rejecting("web2", "signature does not verify"), rejecting("db1", "machine 0: bad checksum"));

        assertThat(view.rejected()).containsExactly(
                new FleetView.Group("signature does not verify", List.of("web2", "web3")),
                new FleetView.Group("machine 0: bad checksum", List.of("db1")));
        assertThat(view.isSettled()).isTrue();
        assertThat(view.isConverged()).isFalse();
        assertThat(view.revisions()).containsExactly(new FleetView.Count("revision 7", 1),
                new FleetView.Count("revision 6", 3));
    }

    @Test
    void anArchiveInErrorForTheCurrentChecksumIsAFailureThatKeepsTheRolloutOpen() {
        NodeStatus broken = new NodeStatus("web2", "0.1.0", NOW, NOW, HEARTBEAT, false,
                Optional.of(spec(D7, NodeStatus.Outcome.APPLIED, Optional.empty(), D7)),
                List.of(web(Optional.of("1.0.0"), NEW, "error", Optional.of("http status 404 for https://repo/web.tgz"))), 0);
        NodeStatus failedToApply = new NodeStatus("web3", "0.1.0", NOW, NOW, HEARTBEAT, false,
                Optional.of(spec(D7, NodeStatus.Outcome.FAILED, Optional.of("could not write the manager of web"), D6)),
                List.of(), 0);

        FleetView view = view(converged("web1"), broken, failedToApply);

        assertThat(view.failed()).containsExactly(
                new FleetView.Group("could not apply revision 7: could not write the manager of web", List.of("web3")),
                new FleetView.Group("web: http status 404 for https://repo/web.tgz", List.of("web2")));
        assertThat(view.failures()).containsExactly(
                new FleetView.Group("web: http status 404 for https://repo/web.tgz", List.of("web2")));
        assertThat(view.isSettled()).isFalse();
    }

    @Test
    void staleAndStoppedNodesAreShownButNotCounted() {
        NodeStatus stale = converged("web2").withUpdated(NOW.minus(HEARTBEAT.multipliedBy(3)).minusSeconds(1));
        NodeStatus older = converged("web3").withUpdated(NOW.minus(Duration.ofHours(1)));
        NodeStatus stopped = converged("web4").withUpdated(NOW.minus(Duration.ofDays(2))).asStopped();

        FleetView view = view(converged("web1"), stale, older, stopped, node("web5", D6, "1.0.0", OLD, "verified"));

        assertThat(view.reporting()).isEqualTo(5);
        assertThat(view.live()).isEqualTo(2);
        assertThat(view.stale()).containsExactly(new FleetView.StaleNode("web3", older.updated()),
                new FleetView.StaleNode("web2", stale.updated()));
        assertThat(view.stopped()).containsExactly("web4");
        assertThat(view.managed()).isEqualTo(2);
        assertThat(view.convergedPercent()).isEqualTo(50.0);
    }

    @Test
    void nodesManagedFromElsewhereOrNotAtAllAreUnmanaged() {
        NodeStatus elsewhere = new NodeStatus("lab1", "0.1.0", NOW, NOW, HEARTBEAT, false,
                Optional.of(decided("LAB", D7, NodeStatus.Outcome.APPLIED, Optional.empty(), Optional.of(D7))), List.of(), 0);
        NodeStatus plain = new NodeStatus("plain1", "0.1.0", NOW, NOW, HEARTBEAT, false, Optional.empty(), List.of(), 0);

        FleetView view = view(converged("web1"), elsewhere, plain);

        assertThat(view.unmanaged()).containsExactly("lab1", "plain1");
        assertThat(view.live()).isEqualTo(3);
        assertThat(view.managed()).isEqualTo(1);
        assertThat(view.isConverged()).isTrue();
    }

    @Test
    void aManagerThatHasNotDecidedYetIsPendingNotUnmanaged() {
        NodeStatus starting = new NodeStatus("web2", "0.1.0", NOW, NOW, HEARTBEAT, false,
                Optional.of(new NodeStatus.SpecificationStatus("MACHINES", "machines", Optional.empty())), List.of(), 0);

        FleetView view = view(converged("web1"), starting);

        assertThat(view.unmanaged()).isEmpty();
        assertThat(view.pending()).containsExactly(new FleetView.Group("has not applied revision 7 yet", List.of("web2")));
        assertThat(view.isSettled()).isFalse();
    }

    @Test
    void withoutALiveManagedNodeNothingHasConverged() {
        FleetView view = view();

        assertThat(view.isConverged()).isFalse();
        assertThat(view.isSettled()).isFalse();
        assertThat(view.convergedPercent()).isZero();
    }

    @Test
    void digestsTheBucketNoLongerKeepsAreUnknownRevisions() {
        NodeStatus ancient = node("web2", "a".repeat(64), "0.9.0", OLD, "verified");
        NodeStatus fresh = new NodeStatus("web3", "0.1.0", NOW, NOW, HEARTBEAT, false,
                Optional.of(decided("MACHINES", D7, NodeStatus.Outcome.REJECTED, Optional.of("untrusted"), Optional.empty())),
                List.of(), 0);
        NodeStatus starting = new NodeStatus("web4", "0.1.0", NOW, NOW, HEARTBEAT, false,
                Optional.of(new NodeStatus.SpecificationStatus("MACHINES", "machines", Optional.empty())), List.of(), 0);

        FleetView view = view(converged("web1"), ancient, fresh, starting);

        assertThat(view.revisions()).containsExactly(new FleetView.Count("revision 7", 1),
                new FleetView.Count("unknown revision aaaaaaaaaaaa", 1), new FleetView.Count("none applied", 2));
    }

    @Test
    void narrowedToOneMachineOnlyItsNodesAndEntriesCount() {
        NodeStatus db = new NodeStatus("db1", "0.1.0", NOW, NOW, HEARTBEAT, false,
                Optional.of(spec(D6, NodeStatus.Outcome.APPLIED, Optional.empty(), D6)),
                List.of(new NodeStatus.MachineStatus("db", Optional.of("5.0"), Optional.of("UP"), Optional.empty(),
                        Optional.empty(), Optional.empty(), Optional.of("disk full"), Optional.of(NOW))), 0);

        FleetView view = FleetView.of(new FleetRecords(List.of(converged("web1"), db), Map.of()), Optional.of(CURRENT),
                NOW, Optional.of("web"));

        assertThat(view.machine()).contains("web");
        assertThat(view.live()).isEqualTo(1);
        assertThat(view.converged()).containsExactly("web1");
        assertThat(view.pending()).isEmpty();
        assertThat(view.versions()).extracting(FleetView.MachineVersions::machine).containsExactly("web");
        assertThat(view.failures()).isEmpty();
    }

    @Test
    void tenThousandNodesWithOneProblemMakeOneGroup() {
        List<NodeStatus> fleet = new ArrayList<>();
        for (int i = 0; i < 10_000; i++) {
            fleet.add(i % 100 == 0 ? converged("node%05d".formatted(i)) : rejecting("node%05d".formatted(i), "untrusted"));
        }

        FleetView view = FleetView.of(new FleetRecords(fleet, Map.of()), Optional.of(CURRENT), NOW, Optional.empty());

        assertThat(view.converged()).hasSize(100);
        assertThat(view.rejected()).singleElement().satisfies(g -> {
            assertThat(g.reason()).isEqualTo("untrusted");
            assertThat(g.nodes()).hasSize(9_900).startsWith("node00001", "node00002");
        });
        assertThat(view.versions()).containsExactly(new FleetView.MachineVersions("web",
                List.of(new FleetView.Count("1.0.0", 9_900), new FleetView.Count("2.0.0", 100))));
    }

    @Test
    void withoutASpecificationMachinesAndFailuresAreStillShown() {
        FleetView view = FleetView.of(new FleetRecords(List.of(converged("web1")), Map.of("junk", "not a record")),
                Optional.empty(), NOW, Optional.empty());

        assertThat(view.live()).isEqualTo(1);
        assertThat(view.managed()).isZero();
        assertThat(view.unmanaged()).isEmpty();
        assertThat(view.versions()).hasSize(1);
        assertThat(view.unreadable()).containsExactly(new FleetView.Group("not a record", List.of("junk")));
    }

    @Test
    void writesTheDocumentedJson() throws Exception {
        JsonNode json = Json.mapper().readTree(view(converged("web1"), rejecting("web2", "untrusted")).toJson());

        assertThat(json.path("time").asText()).isEqualTo(NOW.toString());
        assertThat(json.path("specification").path("revision").asLong()).isEqualTo(7);
        assertThat(json.path("specification").has("problem")).isFalse();
        assertThat(json.path("nodes").path("reporting").asInt()).isEqualTo(2);
        assertThat(json.path("nodes").path("live").asInt()).isEqualTo(2);
        assertThat(json.path("convergence").path("converged").asInt()).isEqualTo(1);
        assertThat(json.path("convergence").path("managed").asInt()).isEqualTo(2);
        assertThat(json.path("convergence").path("percent").asDouble()).isEqualTo(50.0);
        assertThat(json.path("convergence").path("rejected").get(0).path("reason").asText()).isEqualTo("untrusted");
        assertThat(json.path("convergence").path("rejected").get(0).path("nodes").get(0).asText()).isEqualTo("web2");
        assertThat(json.path("revisions").get(0).path("label").asText()).isEqualTo("revision 7");
        assertThat(json.path("machines").get(0).path("versions")).hasSize(2);
    }
}
