package example.custom;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.nio.file.Path;
import java.util.Properties;
import java.util.ServiceLoader;
import mms.host.CompiledMachine;
import mms.runtime.MachineLoader;
import mms.runtime.WatcherRegistry;
import org.junit.jupiter.api.Test;

class MetadataManagerTest {

    @Test
    void isFoundByTheAgentAndValidatesWithTheStockWatchers() throws Exception {
        CompiledMachine compiled = ServiceLoader.load(CompiledMachine.class).findFirst().orElseThrow();
        assertThat(compiled).isInstanceOf(MetadataManager.class);
        var check = new MachineLoader(WatcherRegistry.discover())
                .check(compiled.manifest(), Path.of("/etc/mms/machines/metamgr"), false);
        assertThat(check.errors()).isEmpty();
        assertThat(check.warnings()).isEmpty();
        assertThat(compiled.manifest().definition().name()).isEqualTo("metamgr");
    }

    @Test
    void carriesTheCompiledInPublicKey() throws Exception {
        Properties p = new Properties();
        try (InputStream in = MetadataManager.class.getClassLoader()
                .getResourceAsStream("mms/watcher/machines/compiled-key.properties")) {
            p.load(in);
        }
        assertThat(p.getProperty("public_key")).isEqualTo(System.getProperty("example.public.key",
                "64031219d4922eed63a5f567303e98607c632139c01bc9fa4ca2514c2d9d30da"));
    }
}
