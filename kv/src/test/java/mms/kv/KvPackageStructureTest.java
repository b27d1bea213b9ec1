package mms.kv;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Set;
import mms.kv.testing.PackageGraph;
import org.junit.jupiter.api.Test;

/** The kv module's arrows, read from its compiled classes: the API knows no engine, only one engine speaks NATS. */
class KvPackageStructureTest {
    private static final PackageGraph GRAPH = PackageGraph.of(PackageGraph.locationOf(KeyValueStore.class));

    @Test
    void hasNoPackageCycles() {
        assertThat(GRAPH.cycles(Set.of())).isEmpty();
    }

    @Test
    void theApiDependsOnNoEngine() {
        // engines are StoreEngine services: KeyValueStores finds them, it does not name them
        assertThat(GRAPH.edges("mms.kv"::equals, p -> p.startsWith("mms.kv."))).isEmpty();
    }

    @Test
    void onlyTheJetStreamEngineSpeaksNats() {
        assertThat(GRAPH.edges(p -> !p.equals("mms.kv.jetstream"), p -> p.startsWith("io.nats."))).isEmpty();
    }

    @Test
    void onlyTheSqliteEngineSpeaksJdbc() {
        assertThat(GRAPH.edges(p -> !p.equals("mms.kv.sqlite"), p -> p.startsWith("java.sql") || p.startsWith("org.sqlite"))).isEmpty();
    }

    @Test
    void durationsAndTimeStandAlone() {
        assertThat(GRAPH.edges(p -> p.startsWith("mms.duration") || p.startsWith("mms.time"),
                p -> p.startsWith("mms.") && !p.startsWith("mms.duration") && !p.startsWith("mms.time"))).isEmpty();
    }

    @Test
    void readsTheGraphFromTheClasses() {
        // a parse that found nothing would pass every rule above
        assertThat(GRAPH.edges()).containsKeys("mms.kv", "mms.kv.sqlite", "mms.kv.jetstream", "mms.time");
        assertThat(GRAPH.edges().get("mms.kv.jetstream")).contains("mms.kv", "io.nats.client");
    }
}
