package mms.dashboard;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import mms.agent.Agent;
import mms.archive.bundle.MachineBundle;
import mms.config.AgentConfig;
import mms.config.Setting;
import mms.e2e.Operator;
import mms.kv.BucketConfig;
import mms.kv.ConnectOptions;
import mms.kv.KeyValueBucket;
import mms.kv.KeyValueStore;
import mms.kv.KeyValueStores;
import mms.kv.testing.NatsServerExtension;
import mms.spec.Ed25519PrivateKey;
import mms.status.FleetFeed;
import mms.status.NodeStatus;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The dashboard in a real headless Chromium, against a fleet of real agents on a real nats-server:
 * the page renders what the status records say and follows a rollout without being reloaded. The
 * screenshot goes to {@code target/dashboard.png}, or where {@code -Dmms.dashboard.screenshot} says
 * (the README's is made so).
 */
class FleetDashboardBrowserTest {
    @RegisterExtension
    static final NatsServerExtension NATS = new NatsServerExtension();
    static final Duration WAIT = Duration.ofSeconds(60);
    static final int WIDTH = 1280;
    static final int HEIGHT = 760;
    /** The page's table, one object per node row, as the test reads it. */
    static final String ROWS = """
            [...document.querySelectorAll('#fleet tbody tr[data-node]')].map(tr => {
              const app = tr.querySelector('td[data-machine="app"]');
              return {node: tr.dataset.node, state: tr.querySelector('.badge').textContent,
                      revision: tr.querySelector('.revision').textContent,
                      app: app ? app.querySelector('.version').textContent + ' '
                                 + (app.querySelector('.state') || {textContent: '-'}).textContent : '',
                      why: tr.querySelector('.reason').textContent};
            })""";

    @TempDir
    Path dir;
    Operator operator;
    KeyValueStore store;
    String bucketName;
    KeyValueBucket bucket;
    final List<Agent> agents = new ArrayList<>();

    @BeforeAll
    static void needsChromium() {
        Chromium.requireBinary();
    }

    @AfterEach
    void tearDown() throws Exception {
        try {
            agents.forEach(Agent::close);
            if (store != null && store.bucketNames().contains(NodeStatus.BUCKET)) {
                store.removeBucket(NodeStatus.BUCKET);
            }
        } finally {
            if (store != null) {
                store.close();
            }
            if (operator != null) {
                operator.close();
            }
        }
    }

    Agent startAgent(String identity, Ed25519PrivateKey trusted) throws Exception {
        Path node = dir.resolve(identity);
        Map<Setting, String> flags = new EnumMap<>(Setting.class);
        flags.put(Setting.IDENTITY, identity);
        flags.put(Setting.MACHINES, node.resolve("machines").toString());
        flags.put(Setting.STATE_DIR, node.resolve("state").toString());
        flags.put(Setting.STORE, NATS.url());
        flags.put(Setting.MANAGE, "true");
        flags.put(Setting.MANAGE_BUCKET, bucketName);
        flags.put(Setting.SIGNING_KEY, trusted.publicKey().hex());
        flags.put(Setting.STATUS_INTERVAL, "1s");
        Agent agent = Agent.start(AgentConfig.resolve(Optional.empty(), Map.of(), flags));
        agents.add(agent);
        return agent;
    }

    @Test
    void showsEachNodeWithItsVersionAndARejectionWithItsReasonAndFollowsAnUpgradeLive() throws Exception {
        operator = new Operator(dir.resolve("operator"));
        store = KeyValueStores.open(NATS.url(), ConnectOptions.NONE);
        bucketName = NatsServerExtension.uniqueBucket("MACHINES");
        bucket = store.createBucket(BucketConfig.of(bucketName).withHistory(5));
        for (String node : List.of("web1", "web2", "web3", "web4")) {
            startAgent(node, operator.key());
        }
        startAgent("web5", Ed25519PrivateKey.generate()); // trusts another key
        MachineBundle v1 = operator.bundle("app", "1.0.0");
        MachineBundle v2 = operator.bundle("app", "2.0.0");
        bucket.put("machines", operator.signed(Operator.entry(v1)).getBytes(UTF_8));

        try (FleetFeed feed = FleetFeed.open(store, bucketName, "machines");
             FleetDashboard dashboard = FleetDashboard.start(feed, store.description(),
                     new InetSocketAddress("127.0.0.1", 0));
             Chromium chromium = Chromium.start(dir.resolve("chromium"), WIDTH, HEIGHT)) {
            Chromium.Page page = chromium.open("http://127.0.0.1:" + dashboard.address().getPort() + "/", WIDTH, HEIGHT);

            await("the page showing revision 1 everywhere it is trusted").atMost(WAIT).untilAsserted(() ->
                    assertThat(rows(page)).containsExactly(
                            row("web5", "rejected", "none applied", "", "specification in data item machines refused (bad_signature)"),
                            row("web1", "converged", "revision 1", "1.0.0 running", ""),
                            row("web2", "converged", "revision 1", "1.0.0 running", ""),
                            row("web3", "converged", "revision 1", "1.0.0 running", ""),
                            row("web4", "converged", "revision 1", "1.0.0 running", "")));
            String first = page.evaluate("document.body.dataset.snapshot").asText();

            agents.get(3).close(); // web4 stops cleanly, on revision 1 (before the put: else it may take revision 2)
            bucket.put("machines", operator.signed(Operator.entry(v2)).getBytes(UTF_8));

            await("the same page following the upgrade").atMost(WAIT).untilAsserted(() ->
                    assertThat(rows(page)).containsExactly(
                            row("web5", "rejected", "none applied", "", "specification in data item machines refused (bad_signature)"),
                            row("web4", "stopped", "revision 1", "1.0.0 running", "stopped "),
                            row("web1", "converged", "revision 2", "2.0.0 running", ""),
                            row("web2", "converged", "revision 2", "2.0.0 running", ""),
                            row("web3", "converged", "revision 2", "2.0.0 running", "")));
            assertThat(page.evaluate("document.body.dataset.snapshot").asText()).as("not reloaded: pushed")
                    .isNotEqualTo(first);
            assertThat(page.evaluate("document.querySelector('[data-tile^=\"converged\"] .count').textContent").asText())
                    .isEqualTo("3 / 4");
            assertThat(page.evaluate("document.querySelector('#specification').textContent").asText())
                    .startsWith("Specification " + bucketName + " > machines: revision 2 (digest ");
            assertThat(page.evaluate("document.querySelector('#problems').textContent").asText())
                    .contains("Rejected by 1 node:specification in data item machines refused (bad_signature)", "web5");
            assertThat(page.evaluate("document.querySelector('#versions').textContent").asText())
                    .contains("app:2.0.0 on 3 nodes");
            assertThat(chromium.errors()).as("scripts that threw, resources refused").isEmpty();

            Path screenshot = Path.of(System.getProperty("mms.dashboard.screenshot", "target/dashboard.png"));
            Files.createDirectories(screenshot.toAbsolutePath().getParent());
            Files.write(screenshot, page.screenshot());
        }
    }

    /** The rows as the page shows them; the reason cut to its first words, times left out. */
    static List<Map<String, String>> rows(Chromium.Page page) throws Exception {
        List<Map<String, String>> rows = new ArrayList<>();
        for (JsonNode row : page.evaluate(ROWS)) {
            String why = row.path("why").asText();
            rows.add(row(row.path("node").asText(), row.path("state").asText(), row.path("revision").asText(),
                    row.path("app").asText(), why.startsWith("stopped ") ? "stopped " : why.replaceAll(", nothing changed.*", "")));
        }
        return rows;
    }

    static Map<String, String> row(String node, String state, String revision, String app, String why) {
        return Map.of("node", node, "state", state, "revision", revision, "app", app, "why", why);
    }
}
