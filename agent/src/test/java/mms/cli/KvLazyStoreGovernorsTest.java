package mms.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import mms.config.AgentConfig.StoreSettings;
import mms.kv.ConnectOptions;
import mms.kv.GovernorStorage;
import mms.kv.Slot;
import mms.kv.StoreUnavailable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The agent's lazily opened store offers its governors before connecting, on the one store it opens. */
class KvLazyStoreGovernorsTest {
    @Test
    void anUnreachableNatsStoreOffersGovernorsAndMessagesButRefusesWorkWithTheReason() {
        try (KvLazyStore down = new KvLazyStore(new StoreSettings("nats://127.0.0.1:1", ConnectOptions.NONE))) {
            GovernorStorage governors = down.governors();
            assertThatThrownBy(() -> governors.enter("g", "me", Duration.ofSeconds(1)))
                    .isInstanceOf(StoreUnavailable.class).hasMessageContaining("127.0.0.1:1");
            assertThat(down.messages()).isPresent();
        }
    }

    @Test
    void governorsAndBucketsShareTheOneStore(@TempDir Path dir) throws Exception {
        try (KvLazyStore store = new KvLazyStore(new StoreSettings("sqlite:" + dir.resolve("kv.db"), ConnectOptions.NONE))) {
            assertThat(store.messages()).isEmpty();
            store.governors().add("g", 1, Duration.ofMinutes(1), 1);
            try (Slot slot = store.governors().enter("g", "me", Duration.ofSeconds(5))) {
                assertThat(store.governors().view("g").holders()).hasSize(1);
            }
            assertThat(dir.resolve("kv.db")).exists();
            assertThat(store.description()).isEqualTo("sqlite:" + dir.resolve("kv.db"));
        }
    }
}
