package mms.kv.testing;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Three (or more) {@link NatsServer}s in one JetStream cluster over loopback routes. Cluster ports
 * are chosen up front so every node lists every other as a route (JetStream clustering needs
 * configured routes) and a restarted node comes back on its own port, name and store.
 */
public final class NatsCluster implements AutoCloseable {
    private final List<NatsServer> nodes = new ArrayList<>();

    private NatsCluster() {
    }

    /**
     * Starts {@code size} nodes named {@code n1..nN} under {@code dir}.
     *
     * <p>Each node's client and route ports are chosen up front (the routes must name them), so
     * between choosing and binding another socket can take one. Then the cluster is started again
     * on new ports and fresh directories, up to three times.
     *
     * @param dir  parent directory of the nodes' directories
     * @param size how many nodes, at least 3 for a quorum that survives one loss
     */
    public static NatsCluster start(Path dir, int size) {
        for (int attempt = 1; ; attempt++) {
            try {
                return startOnce(dir, size);
            } catch (IllegalStateException e) {
                if (attempt == 3 || !String.valueOf(e.getMessage()).contains("address already in use")) {
                    throw e;
                }
                // a fresh start: no JetStream state from nodes that never formed a cluster
                for (int i = 1; i <= size; i++) {
                    NatsServer.deleteTree(dir.resolve("n" + i));
                }
            }
        }
    }

    private static NatsCluster startOnce(Path dir, int size) {
        // client ports too: a node's random client port could be a route port chosen here and released
        int[] ports = Ports.free(2 * size);
        NatsCluster c = new NatsCluster();
        try {
            for (int i = 0; i < size; i++) {
                int self = i;
                String routes = java.util.stream.IntStream.range(0, size).filter(j -> j != self)
                        .mapToObj(j -> "nats://127.0.0.1:" + ports[size + j]).collect(Collectors.joining(","));
                c.nodes.add(NatsServer.start(dir.resolve("n" + (i + 1)), List.of(
                        "--name", "n" + (i + 1), "-m", "-1", "-p", Integer.toString(ports[i]), "--cluster_name", "mms",
                        "--cluster", "nats://127.0.0.1:" + ports[size + i], "--routes", routes)));
            }
        } catch (RuntimeException e) {
            c.close();
            throw e;
        }
        return c;
    }

    /** Returns the nodes, {@code n1} first. */
    public List<NatsServer> nodes() {
        return List.copyOf(nodes);
    }

    /** Returns node {@code i} (0-based). */
    public NatsServer node(int i) {
        return nodes.get(i);
    }

    /** Returns the client URLs of all nodes, comma separated: a store URL. */
    public String url() {
        return nodes.stream().map(NatsServer::url).collect(Collectors.joining(","));
    }

    @Override
    public void close() {
        RuntimeException failure = null;
        for (NatsServer n : nodes) {
            try {
                n.kill();
            } catch (RuntimeException e) {
                failure = e;
            }
        }
        if (failure != null) {
            throw failure;
        }
    }
}
