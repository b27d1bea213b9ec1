package mms.governor.sqlite;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import mms.governor.Governor;
import mms.governor.GovernorContract;
import mms.governor.GovernorEventSink;
import mms.governor.Governors;
import mms.governor.GovernorOptions;
import mms.governor.Holder;
import mms.governor.Slot;
import mms.kv.KeyValueStore;
import mms.kv.KeyValueStores;
import mms.kv.ConnectOptions;
import mms.kv.BucketConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SqliteGovernorTest extends GovernorContract {
    @TempDir
    Path dir;

    @Override
    protected Governor open(GovernorEventSink sink) throws Exception {
        return Governors.open("sqlite:" + dir.resolve("kv.db"), GovernorOptions.DEFAULT.withEvents(sink));
    }

    @Test
    void sharesTheFileWithTheKeyValueStoreAndOtherInstances() throws Exception {
        String name = unique("shared");
        governor.add(name, 1, Duration.ofMinutes(1), 1);
        try (KeyValueStore kv = KeyValueStores.open("sqlite:" + dir.resolve("kv.db"), ConnectOptions.NONE);
             Governor other = open(e -> { });
             Slot slot = other.enter(name, "other process", quick(Duration.ofSeconds(5)))) {
            kv.createBucket(BucketConfig.of("bucket"));
            assertThat(governor.view(name).holders()).extracting(Holder::sequence).containsExactly(slot.sequence());
        }
        assertThat(governor.view(name).holders()).isEmpty();
    }

    @Test
    void refusesReplicas() {
        assertThatThrownBy(() -> governor.add("r", 1, Duration.ofMinutes(1), 3))
                .hasMessage("governor r: replicas 3 is not possible with the sqlite store, which keeps one copy");
    }

    private static mms.governor.EnterOptions quick(Duration timeout) {
        return new mms.governor.EnterOptions(timeout, FAST, true);
    }
}
