package mms.status;

import static mms.status.FleetViewTest.CURRENT;
import static mms.status.FleetViewTest.D6;
import static mms.status.FleetViewTest.D7;
import static mms.status.FleetViewTest.HEARTBEAT;
import static mms.status.FleetViewTest.NEW;
import static mms.status.FleetViewTest.NOW;
import static mms.status.FleetViewTest.converged;
import static mms.status.FleetViewTest.node;
import static mms.status.FleetViewTest.rejecting;
import static mms.status.FleetViewTest.spec;
import static mms.status.FleetViewTest.web;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import mms.json.Json;
import org.junit.jupiter.api.Test;

class FleetTableTest {

    static FleetTable table(FleetRecords records) {
        return FleetTable.of(records, FleetView.of(records, Optional.of(CURRENT), NOW, Optional.empty()));
    }

    @Test
    void eachNodeStandsWhereTheViewGroupedItProblemsFirst() {
        NodeStatus stale = converged("web5").withUpdated(NOW.minus(HEARTBEAT.multipliedBy(4)));
        NodeStatus stopped = converged("web6").asStopped();
        NodeStatus broken = new NodeStatus("web7", "0.1.0", NOW, NOW, HEARTBEAT, false,
                Optional.of(spec(D7, NodeStatus.Outcome.APPLIED, Optional.empty(), D7)),
                List.of(web(Optional.of("1.0.0"), NEW, "error", Optional.of("http status 404"))), 0);
        FleetRecords records = new FleetRecords(List.of(converged("web1"), rejecting("web2", "not trusted"),
                node("web3", D6, "1.0.0", FleetViewTest.OLD, "verified"), stale, stopped, broken),
                Map.of("junk", "not a node status record: expected a json object"));

        FleetTable table = table(records);

        assertThat(table.rows()).extracting(FleetTable.Row::identity, FleetTable.Row::state, FleetTable.Row::reason)
                .containsExactly(
                        tuple("web2", FleetTable.State.REJECTED, Optional.of("not trusted")),
                        tuple("web7", FleetTable.State.FAILED, Optional.of("web: http status 404")),
                        tuple("web5", FleetTable.State.STALE, Optional.empty()),
                        tuple("web3", FleetTable.State.PENDING, Optional.of("has not applied revision 7 yet")),
                        tuple("junk", FleetTable.State.UNREADABLE,
                                Optional.of("not a node status record: expected a json object")),
                        tuple("web6", FleetTable.State.STOPPED, Optional.empty()),
                        tuple("web1", FleetTable.State.CONVERGED, Optional.empty()));
    }

    @Test
    void eachManagedNodeNamesTheRevisionItRuns() {
        FleetTable table = table(new FleetRecords(List.of(converged("web1"), rejecting("web2", "not trusted"),
                new NodeStatus("web3", "0.1.0", NOW, NOW, HEARTBEAT, false, Optional.of(
                        FleetViewTest.decided("OTHER", D7, NodeStatus.Outcome.APPLIED, Optional.empty(), Optional.of(D7))),
                        List.of(), 0)), Map.of()));

        assertThat(table.rows()).extracting(FleetTable.Row::identity, FleetTable.Row::state, FleetTable.Row::revision)
                .containsExactly(
                        tuple("web2", FleetTable.State.REJECTED, Optional.of("revision 6")),
                        tuple("web3", FleetTable.State.UNMANAGED, Optional.empty()),
                        tuple("web1", FleetTable.State.CONVERGED, Optional.of("revision 7")));
    }

    @Test
    void withoutASpecificationLiveNodesAreJustLive() {
        FleetRecords records = new FleetRecords(List.of(converged("web1")), Map.of());

        FleetTable table = FleetTable.of(records, FleetView.of(records, Optional.empty(), NOW, Optional.empty()));

        assertThat(table.rows()).singleElement().satisfies(row -> {
            assertThat(row.state()).isEqualTo(FleetTable.State.LIVE);
            assertThat(row.revision()).isEmpty();
        });
    }

    @Test
    void aRowKeepsTheTimeOnlyOfNodesThatAreGoneSoAQuietFleetsTableDoesNotChange() {
        NodeStatus live = converged("web1");
        NodeStatus stopped = converged("web2").asStopped();

        FleetTable before = table(new FleetRecords(List.of(live, stopped), Map.of()));
        FleetTable after = table(new FleetRecords(List.of(live.withUpdated(NOW.minusSeconds(1)), stopped), Map.of()));

        assertThat(after).isEqualTo(before);
        assertThat(before.rows()).extracting(FleetTable.Row::identity, FleetTable.Row::lastSeen).containsExactly(
                tuple("web2", Optional.of(stopped.updated())), tuple("web1", Optional.empty()));
    }

    @Test
    void writesTheDocumentedJson() throws Exception {
        FleetTable table = table(new FleetRecords(List.of(rejecting("web2", "not trusted"),
                converged("web3").withUpdated(NOW.minus(HEARTBEAT.multipliedBy(4)))), Map.of()));

        JsonNode json = Json.mapper().readTree(Json.write(table.toJson()));

        assertThat(json.get(0).toString()).isEqualTo("{\"identity\":\"web2\",\"state\":\"rejected\",\"reason\":"
                + "\"not trusted\",\"revision\":\"revision 6\",\"agent\":\"0.1.0\",\"machines\":[{\"name\":\"web\","
                + "\"version\":\"1.0.0\",\"state\":\"RUNNING\",\"checksum\":\"" + FleetViewTest.OLD + "\","
                + "\"archive\":\"verified\",\"manager_state\":\"MANAGE\"}]}");
        assertThat(json.get(1).path("state").asText()).isEqualTo("stale");
        assertThat(json.get(1).path("last_seen").asText()).isEqualTo(NOW.minus(HEARTBEAT.multipliedBy(4)).toString());
    }

    @Test
    void refusesAViewNarrowedToOneMachine() {
        FleetRecords records = new FleetRecords(List.of(converged("web1")), Map.of());
        FleetView narrowed = FleetView.of(records, Optional.of(CURRENT), NOW, Optional.of("web"));

        assertThatThrownBy(() -> FleetTable.of(records, narrowed)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("a fleet table needs a view of every machine, not only of web");
    }

    private static org.assertj.core.groups.Tuple tuple(Object... values) {
        return org.assertj.core.groups.Tuple.tuple(values);
    }
}
