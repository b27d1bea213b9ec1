package mms.kv.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import mms.kv.testing.PackageGraph.Edge;
import org.junit.jupiter.api.Test;

class PackageGraphTest {
    private static PackageGraph graph(Map<String, List<String>> edges) {
        Map<String, Set<String>> sorted = new TreeMap<>();
        edges.forEach((from, to) -> sorted.put(from, new TreeSet<>(to)));
        return new PackageGraph(sorted);
    }

    @Test
    void findsEachCycleAsTheEdgesInsideIt() {
        PackageGraph g = graph(Map.of(
                "a", List.of("b", "java.util"),
                "b", List.of("c"),
                "c", List.of("a", "d"),
                "d", List.of("e"),
                "e", List.of("d"),
                "f", List.of("a")));
        assertThat(g.cycles(Set.of())).containsExactly(
                List.of(new Edge("a", "b"), new Edge("b", "c"), new Edge("c", "a")),
                List.of(new Edge("d", "e"), new Edge("e", "d")));
    }

    @Test
    void anAllowedEdgeBreaksItsCycle() {
        PackageGraph g = graph(Map.of("a", List.of("b"), "b", List.of("a")));
        assertThat(g.cycles(Set.of(new Edge("b", "a")))).isEmpty();
    }

    @Test
    void anAcyclicGraphHasNoCycles() {
        PackageGraph g = graph(Map.of("a", List.of("b", "c"), "b", List.of("c"), "c", List.of()));
        assertThat(g.cycles(Set.of())).isEmpty();
        assertThat(g.edges("a"::equals, p -> true)).containsExactly(new Edge("a", "b"), new Edge("a", "c"));
    }
}
