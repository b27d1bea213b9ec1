package mms.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import mms.config.AgentConfig;
import mms.status.FleetRecords;
import mms.status.FleetView;
import mms.status.NodeStatus;
import mms.status.PublishedSpecification;
import org.junit.jupiter.api.Test;

/** The text of {@code mms fleet status}, which must stay readable at any fleet size. */
class FleetReportTest {
    static final Instant NOW = Instant.parse("2026-12-04T12:00:00Z");
    static final String SUM = "2".repeat(64);
    static final String DIGEST = "7".repeat(64);
    static final AgentConfig.SpecificationKey WHERE = new AgentConfig.SpecificationKey("MACHINES", "machines");
    static final PublishedSpecification CURRENT = new PublishedSpecification("MACHINES", "machines", 7,
            NOW.minusSeconds(60), DIGEST, Optional.empty(), Map.of("web", SUM), Map.of(DIGEST, 7L));

    static NodeStatus node(String identity, NodeStatus.Outcome outcome, Optional<String> reason, Optional<String> error) {
        return new NodeStatus(identity, "0.1.0", NOW, NOW, Duration.ofMinutes(1), false,
                Optional.of(new NodeStatus.SpecificationStatus("MACHINES", "machines", Optional.of(new NodeStatus.Decision(
                        DIGEST, Optional.empty(), NOW, outcome, reason,
                        outcome == NodeStatus.Outcome.APPLIED ? Optional.of(DIGEST) : Optional.empty())))),
                List.of(new NodeStatus.MachineStatus("web", Optional.of("2.0.0"), Optional.of("RUNNING"), Optional.of(SUM),
                        Optional.of(error.isPresent() ? "error" : "verified"), Optional.of("MANAGE"), error,
                        error.map(e -> NOW))), 0);
    }

    static String print(FleetView view) {
        StringWriter text = new StringWriter();
        FleetReport.print(new PrintWriter(text), view, WHERE);
        return text.toString();
    }

    @Test
    void aFleetOfTenThousandWithOneProblemFitsOnAFewLines() {
        List<NodeStatus> fleet = new ArrayList<>();
        for (int i = 0; i < 10_000; i++) {
            fleet.add(i < 9_990
                    ? node("node%05d".formatted(i), NodeStatus.Outcome.APPLIED, Optional.empty(), Optional.empty())
                    : node("node%05d".formatted(i), NodeStatus.Outcome.REJECTED, Optional.of("signature does not verify"),
                            Optional.empty()));
        }

        String text = print(FleetView.of(new FleetRecords(fleet, Map.of()), Optional.of(CURRENT), NOW, Optional.empty()));

        assertThat(text).isEqualTo("""
                Specification MACHINES > machines: revision 7 (digest 777777777777), put 2026-12-04T11:59:00Z
                Nodes: 10,000 reporting, 10,000 live, 0 stale, 0 stopped
                Converged: 9,990 of 10,000 managed nodes (99.9%) run revision 7
                Revisions: revision 7 on 9,990 nodes, none applied on 10 nodes
                Rejected by 10 nodes:
                  node09990, node09991, node09992, node09993, node09994 and 5 more: signature does not verify
                Machines:
                  web: 2.0.0 on 10,000 nodes
                """);
    }

    @Test
    void manyDifferentProblemsAreCutAfterTenLines() {
        List<NodeStatus> fleet = new ArrayList<>();
        for (int i = 0; i < 25; i++) {
            fleet.add(node("node%02d".formatted(i), NodeStatus.Outcome.APPLIED, Optional.empty(),
                    Optional.of("disk %02d full".formatted(i))));
        }

        String text = print(FleetView.of(new FleetRecords(fleet, Map.of()), Optional.of(CURRENT), NOW, Optional.empty()));

        assertThat(text).contains("Failed on 25 nodes:\n  node00: web: disk 00 full\n", "  … and 15 more\n")
                .doesNotContain("node10:").doesNotContain("Failures on");
    }

    @Test
    void namesTheSpecificationWhenTheKeyHoldsNone() {
        String text = print(FleetView.of(FleetRecords.EMPTY, Optional.empty(), NOW, Optional.empty()));

        assertThat(text).isEqualTo("""
                Specification MACHINES > machines: none
                Nodes: 0 reporting, 0 live, 0 stale, 0 stopped
                  no node has reported its status yet (bucket MMS_STATUS)
                """);
    }
}
