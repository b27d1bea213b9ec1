package mms.watcher;

import static org.assertj.core.api.Assertions.assertThat;

import mms.runtime.WatcherRegistry;
import org.junit.jupiter.api.Test;

class CoreWatcherTypesTest {

    @Test
    void serviceLoaderFindsTheFourCoreTypes() {
        assertThat(WatcherRegistry.discover().types()).contains("exec", "file", "schedule", "timer");
    }
}
