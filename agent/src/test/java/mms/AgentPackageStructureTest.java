package mms;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Set;
import java.util.function.Predicate;
import mms.kv.KeyValueStore;
import mms.kv.testing.PackageGraph;
import mms.kv.testing.PackageGraph.Edge;
import org.junit.jupiter.api.Test;

/**
 * The agent module's arrows, read from its compiled classes: no package cycles, watchers never
 * reach up to what hosts them, the store only through its API, the CLI on the outside, and the
 * building blocks free of the domain. The allowed exceptions are listed here, each with why, so
 * that removing one is a one-line change.
 */
class AgentPackageStructureTest {
    private static final PackageGraph GRAPH = PackageGraph.of(PackageGraph.locationOf(mms.cli.Main.class),
            PackageGraph.locationOf(KeyValueStore.class));

    /** Edges allowed to close a cycle. None today. */
    private static final Set<Edge> ALLOWED_CYCLE_EDGES = Set.of();

    /** Watcher packages that still reach up. None today. */
    private static final Set<Edge> ALLOWED_WATCHER_EDGES_UP = Set.of();

    /** What hosts the watchers: the machine runtime, the host, configuration, the agent and the CLI. */
    private static final Predicate<String> ABOVE_WATCHERS = within("mms.runtime", "mms.host", "mms.config", "mms.agent", "mms.cli");

    /** Building blocks any package may use; they use nothing of the domain. */
    private static final Predicate<String> BUILDING_BLOCKS = within("mms.json", "mms.digest", "mms.files", "mms.process",
            "mms.duration", "mms.time");

    /** {@code mms.x} itself or one of its sub-packages, for any of the given {@code mms.x}. */
    private static Predicate<String> within(String... packages) {
        return p -> Set.of(packages).stream().anyMatch(root -> p.equals(root) || p.startsWith(root + "."));
    }

    @Test
    void hasNoPackageCycles() {
        assertThat(GRAPH.cycles(ALLOWED_CYCLE_EDGES)).isEmpty();
    }

    @Test
    void watchersNeverReachUpToWhatHostsThem() {
        assertThat(GRAPH.edges(within("mms.watcher"), ABOVE_WATCHERS))
                .filteredOn(edge -> !ALLOWED_WATCHER_EDGES_UP.contains(edge)).isEmpty();
    }

    @Test
    void usesTheStoreThroughItsApiOnly() {
        assertThat(GRAPH.edges(p -> p.startsWith("mms."),
                within("mms.kv.sqlite", "mms.kv.jetstream", "mms.kv.engine", "io.nats", "org.sqlite", "java.sql"))).isEmpty();
    }

    @Test
    void nothingDependsOnTheCommandLine() {
        assertThat(GRAPH.edges(within("mms.cli").negate(), within("mms.cli"))).isEmpty();
    }

    @Test
    void buildingBlocksUseNothingOfTheDomain() {
        assertThat(GRAPH.edges(BUILDING_BLOCKS, p -> p.startsWith("mms.") && !BUILDING_BLOCKS.test(p))).isEmpty();
    }

    @Test
    void matchersDoNotDependOnTemplates() {
        assertThat(GRAPH.edges(within("mms.spec"), within("mms.template"))).isEmpty();
    }

    @Test
    void readsTheGraphFromTheClasses() {
        // a parse that found nothing would pass every rule above
        assertThat(GRAPH.edges().get("mms.cli")).contains("mms.kv", "picocli");
        assertThat(GRAPH.edges().get("mms.watcher.exec")).contains("mms.watcher", "mms.process");
    }
}
