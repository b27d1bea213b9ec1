package mms.machine;

import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/** Graphviz DOT of a machine's transitions, in the original's layout. */
public final class MachineGraph {
    private MachineGraph() {}

    /**
     * One line per (event, from) edge sorted by from-state then event, a blank line, then one line
     * per state seen in edges sorted by name, the current state marked red.
     */
    public static String dot(MachineDefinition machine, String currentState) {
        // from → event → destination; a later entry with the same name and from-state wins, as in the FSM
        Map<String, Map<String, String>> edges = new TreeMap<>();
        for (TransitionDefinition t : machine.transitions()) {
            for (String from : t.from()) {
                edges.computeIfAbsent(from, k -> new TreeMap<>()).put(t.name(), t.destination());
            }
        }
        StringBuilder out = new StringBuilder("digraph fsm {\n");
        TreeSet<String> states = new TreeSet<>();
        edges.forEach((from, byEvent) -> byEvent.forEach((event, to) -> {
            out.append("    \"").append(from).append("\" -> \"").append(to)
                    .append("\" [ label = \"").append(event).append("\" ];\n");
            states.add(from);
            states.add(to);
        }));
        out.append('\n');
        for (String state : states) {
            out.append("    \"").append(state).append('"')
                    .append(state.equals(currentState) ? " [color = \"red\"];\n" : ";\n");
        }
        return out.append("}\n").toString();
    }
}
