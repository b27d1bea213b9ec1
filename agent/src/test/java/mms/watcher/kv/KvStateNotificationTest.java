package mms.watcher.kv;

import static org.assertj.core.api.Assertions.assertThat;

import mms.event.WatcherStateNotification;
import mms.json.Json;
import org.junit.jupiter.api.Test;

class KvStateNotificationTest {

    @Test
    void writesTheOriginalsMembersAndText() {
        var n = new WatcherStateNotification("node1", "id1", "1.0.0", 1700000000L, "kv", "m", "cfg",
                new KvStateNotification(KvState.CHANGED, "CFG", "spec", KvProperties.Mode.POLL));
        // common members first, then the kv members, in the original's order
        assertThat(Json.write(n.data())).isEqualTo("{\"protocol\":\"io.choria.machine.watcher.kv.v1.state\","
                + "\"identity\":\"node1\",\"id\":\"id1\",\"version\":\"1.0.0\",\"timestamp\":1700000000,"
                + "\"type\":\"kv\",\"machine\":\"m\",\"name\":\"cfg\",\"state\":\"changed\",\"bucket\":\"CFG\","
                + "\"key\":\"spec\",\"mode\":\"poll\"}");
        assertThat(n.text()).isEqualTo("node1 key-value m#cfg polling bucket: CFG key: spec state: changed");
    }

    @Test
    void omitsAnEmptyKey() {
        var s = new KvStateNotification(KvState.ERROR, "CFG", "", KvProperties.Mode.WATCH);
        var data = Json.object();
        s.writeTo(data);
        assertThat(data.has("key")).isFalse();
        assertThat(s.text("n", "m", "w")).isEqualTo("n key-value m#w watching bucket: CFG state: error");
    }
}
