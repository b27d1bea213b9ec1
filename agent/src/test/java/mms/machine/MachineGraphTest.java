package mms.machine;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class MachineGraphTest {
    @Test
    void rendersEdgesSortedThenStatesWithTheCurrentOneInRed() throws Exception {
        MachineDefinition m = ManifestParserTest.parse("""
                name: g
                version: 1.0.0
                initial_state: b
                transitions:
                  - {name: zz, from: [b, a], destination: c}
                  - {name: aa, from: [b], destination: a}
                """).definition();
        assertThat(MachineGraph.dot(m, "b")).isEqualTo("""
                digraph fsm {
                    "a" -> "c" [ label = "zz" ];
                    "b" -> "a" [ label = "aa" ];
                    "b" -> "c" [ label = "zz" ];

                    "a";
                    "b" [color = "red"];
                    "c";
                }
                """);
    }
}
