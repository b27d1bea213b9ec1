package mms.governor;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import mms.json.Json;
import org.junit.jupiter.api.Test;

class GovernorEventTest {
    @Test
    void serialisesInTheOriginalsMemberOrder() {
        GovernorEvent e = new GovernorEvent("id-1", "node1", "m", 1700000000L, "g", 4, GovernorEventType.TIMEOUTS);
        assertThat(Json.write(e.json())).isEqualTo("{\"protocol\":\"io.choria.lifecycle.v1.governor\",\"id\":\"id-1\","
                + "\"identity\":\"node1\",\"component\":\"m\",\"timestamp\":1700000000,\"governor\":\"g\",\"sequence\":4,"
                + "\"event_type\":\"timeouts\"}");
        assertThat(e.subject()).isEqualTo("choria.lifecycle.event.governor.m");
    }

    @Test
    void rendersTheTextForms() {
        Instant t = Instant.EPOCH;
        assertThat(GovernorEvent.of(GovernorEventType.ENTER, "n", "m", "g", 3, t).text()).isEqualTo("[governor] n: obtained slot 3 on g");
        assertThat(GovernorEvent.of(GovernorEventType.EXIT, "n", "m", "g", 0, t).text()).isEqualTo("[governor] n: vacated g");
        assertThat(GovernorEvent.of(GovernorEventType.TIMEOUTS, "n", "m", "g", 0, t).text()).isEqualTo("[governor] n: failed to obtain a slot on g");
        assertThat(GovernorEvent.of(GovernorEventType.EVICTION, "n", "CLI", "g", 7, t).text()).isEqualTo("[governor] n: evicted from slot 7 on g");
    }
}
