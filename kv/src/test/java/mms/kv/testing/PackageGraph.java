package mms.kv.testing;

import java.io.File;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Predicate;
import java.util.spi.ToolProvider;
import java.util.stream.Collectors;

/**
 * Which package depends on which, read from compiled classes by the JDK's {@code jdeps}, for
 * tests that keep the structure honest (no package cycles, no arrow pointing the wrong way).
 * Only what the class files show counts: a type named in javadoc alone, or a constant the
 * compiler inlined, is no dependency.
 *
 * @param edges for each analysed package, the other packages it uses (JDK and library packages
 *              included), sorted
 */
public record PackageGraph(Map<String, Set<String>> edges) {

    /** One arrow: package {@code from} uses a class of package {@code to}. */
    public record Edge(String from, String to) {
        @Override
        public String toString() {
            return from + " -> " + to;
        }
    }

    /**
     * Runs {@code jdeps -verbose:package} on a directory of classes.
     *
     * @param classes   the directory analysed (its packages are the graph's nodes)
     * @param classPath directories or jars its dependencies are resolved in (other modules), may be empty
     * @throws IllegalStateException when jdeps is not available or fails
     */
    public static PackageGraph of(Path classes, Path... classPath) {
        ToolProvider jdeps = ToolProvider.findFirst("jdeps")
                .orElseThrow(() -> new IllegalStateException("this JDK has no jdeps tool"));
        List<String> args = new ArrayList<>(List.of("-verbose:package"));
        if (classPath.length > 0) {
            args.add("-cp");
            args.add(Arrays.stream(classPath).map(Path::toString).collect(Collectors.joining(File.pathSeparator)));
        }
        args.add(classes.toString());
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int exit = jdeps.run(new PrintWriter(out), new PrintWriter(err), args.toArray(String[]::new));
        if (exit != 0) {
            throw new IllegalStateException("jdeps " + String.join(" ", args) + " failed (" + exit + "): " + err);
        }
        Map<String, Set<String>> edges = new TreeMap<>();
        // "   mms.cli      -> mms.kv      classes": one line per package pair; the others summarise
        for (String line : out.toString().lines().toList()) {
            String[] words = line.strip().split("\\s+");
            if (line.startsWith(" ") && words.length >= 3 && words[1].equals("->")) {
                edges.computeIfAbsent(words[0], p -> new TreeSet<>()).add(words[2]);
            }
        }
        return new PackageGraph(edges);
    }

    /** The classes directory or jar a class was loaded from: {@code target/classes} in a build. */
    public static Path locationOf(Class<?> type) {
        try {
            return Path.of(type.getProtectionDomain().getCodeSource().getLocation().toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException("no location for " + type, e);
        }
    }

    /** The edges from a package matching {@code from} to a package matching {@code to}, sorted. */
    public List<Edge> edges(Predicate<String> from, Predicate<String> to) {
        return edges.entrySet().stream().filter(e -> from.test(e.getKey()))
                .flatMap(e -> e.getValue().stream().filter(to).map(target -> new Edge(e.getKey(), target)))
                .toList();
    }

    /**
     * The package cycles among the analysed packages: each strongly connected group of more than
     * one package, as the edges inside it, ignoring the {@code allowed} edges.
     */
    public List<List<Edge>> cycles(Set<Edge> allowed) {
        Map<String, List<String>> graph = new TreeMap<>();
        edges.forEach((from, targets) -> graph.put(from, targets.stream()
                .filter(edges::containsKey).filter(to -> !allowed.contains(new Edge(from, to))).toList()));
        List<List<Edge>> cycles = new ArrayList<>();
        for (Set<String> group : stronglyConnected(graph)) {
            if (group.size() > 1) {
                cycles.add(group.stream().flatMap(from -> graph.get(from).stream().filter(group::contains)
                        .map(to -> new Edge(from, to))).toList());
            }
        }
        cycles.sort(Comparator.comparing(c -> c.getFirst().from()));
        return cycles;
    }

    /** Tarjan's algorithm; a package graph is small enough for recursion. */
    private static List<Set<String>> stronglyConnected(Map<String, List<String>> graph) {
        var tarjan = new Object() {
            final Map<String, Integer> index = new HashMap<>();
            final Map<String, Integer> low = new HashMap<>();
            final Deque<String> stack = new ArrayDeque<>();
            final List<Set<String>> groups = new ArrayList<>();

            void visit(String node) {
                index.put(node, index.size());
                low.put(node, index.get(node));
                stack.push(node);
                for (String target : graph.get(node)) {
                    if (!index.containsKey(target)) {
                        visit(target);
                        low.put(node, Math.min(low.get(node), low.get(target)));
                    } else if (stack.contains(target)) {
                        low.put(node, Math.min(low.get(node), index.get(target)));
                    }
                }
                if (low.get(node).equals(index.get(node))) {
                    Set<String> group = new TreeSet<>();
                    String member;
                    do {
                        member = stack.pop();
                        group.add(member);
                    } while (!member.equals(node));
                    groups.add(group);
                }
            }
        };
        for (String node : graph.keySet()) {
            if (!tarjan.index.containsKey(node)) {
                tarjan.visit(node);
            }
        }
        return tarjan.groups;
    }
}
