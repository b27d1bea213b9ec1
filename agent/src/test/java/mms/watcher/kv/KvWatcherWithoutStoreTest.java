package mms.watcher.kv;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KvWatcherWithoutStoreTest {
    @TempDir
    Path dir;

    @Test
    void anAgentWithoutAStoreReportsAnErrorOutcomeAndFiresTheFailureTransition() throws Exception {
        try (KvMachine m = KvMachine.start(dir, Optional.empty(), """
                    interval: 1m
                    properties:
                      bucket: CFG
                      key: spec
                """)) {
            await().atMost(Duration.ofSeconds(60)).until(() -> m.state().equals("failed"));
            assertThat(m.kvState()).isEqualTo(KvState.ERROR);
            assertThat(m.published()).containsExactly(KvState.ERROR);
        }
    }
}
