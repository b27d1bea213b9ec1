package mms.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.PrintWriter;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import mms.config.AgentConfig;
import mms.json.Json;
import mms.kv.Entry;
import mms.kv.KeyValueBucket;
import mms.kv.KeyValueStore;
import mms.kv.KvException;
import mms.spec.Ed25519PublicKey;
import mms.spec.RolloutPause;
import mms.spec.SignatureCheck;
import mms.spec.Specification;
import mms.spec.SpecificationDigest;
import mms.spec.TrustDocument;
import mms.spec.Verification;
import mms.spec.VersionedSpecification;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code mms spec show}: the specification in the store, decoded, with its signers and revision. */
@Command(name = "show", mixinStandardHelpOptions = true,
        description = {
            "Shows the specification in the store, decoded: its revision, serial, expiry, audience, each "
                    + "signature checked against the keys the nodes trust, the rollouts paused, and its "
                    + "machines (passwords hidden).",
            "",
            "--json prints only the machines.json it carries, passwords included, ready to edit and "
                    + "publish again. --revision N shows a revision the bucket keeps (mms kv history lists them).",
            "",
            "Examples:",
            "  mms spec show",
            "  mms spec show --revision 5",
            "  mms spec show --json > machines.json    # edit it, then mms spec diff it"
        })
final class SpecShowCommand implements Callable<Integer> {
    @Option(names = "--revision", paramLabel = "N", description = "a kept revision instead of the current one")
    Long revision;

    @Option(names = "--json", description = "print the machines.json only, as it was signed (passwords included)")
    boolean json;

    @Mixin
    SpecOptions options;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        AgentConfig settings = options.resolve();
        AgentConfig.SpecificationKey where = settings.specification();
        try (KeyValueStore store = KvOptions.open(settings.store())) {
            KeyValueBucket bucket = store.bucket(where.bucket());
            SpecHistory history = SpecHistory.read(bucket, where);
            SpecHistory.Revision shown = revision != null ? history.revision(revision)
                    : history.current().orElseThrow(() -> new CliException(history.where() + " holds no specification"
                            + (history.lastRevision() > 0 ? " (deleted at revision " + history.lastRevision() + ")" : "")));
            SpecContent content = shown.readable();
            PrintWriter out = spec.commandLine().getOut();
            if (json) {
                out.println(pretty(content.machines(), false));
                out.flush();
                return 0;
            }
            FleetTrust trust = FleetTrust.resolve(settings, bucket.get(TrustDocument.STORE_KEY).map(Entry::valueAsString),
                    where.bucket() + " > " + TrustDocument.STORE_KEY);
            Entry entry = shown.entry();
            out.println("Specification " + history.where() + ": revision " + entry.revision()
                    + (history.current().filter(c -> c.revision() == entry.revision()).isPresent() ? " (current)" : "")
                    + ", put " + entry.created().truncatedTo(ChronoUnit.SECONDS) + " (digest "
                    + SpecificationDigest.of(entry.valueAsString()).substring(0, 12) + ")");
            content.versioned().ifPresent(v -> versioned(out, v, trust, settings.trust().audience()));
            content.original().ifPresent(o -> original(out, o, trust));
            List<String> machines = names(content.machines());
            out.println("  machines   " + (machines.isEmpty() ? "none" : String.join(", ", machines)));
            List<String> paused = paused(content.machines());
            if (!paused.isEmpty()) {
                out.println("  paused     " + String.join(", ", paused) + " (mms spec resume lets them go on)");
            }
            out.println(pretty(content.machines(), true));
            out.flush();
            return 0;
        } catch (KvException e) {
            throw KvOutput.failed(e);
        }
    }

    private static void versioned(PrintWriter out, VersionedSpecification v, FleetTrust trust, String audience) {
        VersionedSpecification.Header header = v.header();
        Instant now = Instant.now();
        out.println("  serial     " + header.serial());
        out.println("  issued     " + header.issued());
        out.println("  expires    " + header.expires().map(e -> e + " (" + (v.expiredAt(now, Duration.ZERO)
                ? "expired " : "") + SignedDocuments.relative(e, now) + ")").orElse("never"));
        out.println("  audience   " + header.audience() + (header.audience().equals(audience) ? " (the nodes')"
                : " (not the nodes': " + audience + ")"));
        if (!trust.checksSignatures()) {
            v.envelope().signatures().forEach(s -> out.println("  signature  " + s.keyid().abbreviated()
                    + "...  not checked: no trusted key configured"));
            return;
        }
        List<SignatureCheck> checks = trust.checks(v.envelope());
        for (int i = 0; i < checks.size(); i++) {
            out.println("  trust      " + trust.describe().get(i) + (checks.get(i).met() ? ": met" : ": NOT met"));
            SignedDocuments.signatures(checks.get(i)).forEach(line -> out.println("  signature  " + line));
        }
        if (v.envelope().signatures().isEmpty()) {
            out.println("  signature  none");
        }
    }

    private static void original(PrintWriter out, Specification o, FleetTrust trust) {
        out.println("  format     the original's: one signature, no serial, expiry or audience");
        if (o.signature().isEmpty()) {
            out.println("  signature  none");
            return;
        }
        List<Ed25519PublicKey> keys = trust.checksSignatures() ? trust.keys() : List.of();
        String verdict = keys.stream().map(o::verify).filter(Verification.Verified.class::isInstance)
                .map(v -> "valid (public key " + ((Verification.Verified) v).key().hex() + ")").findFirst()
                .orElse(keys.isEmpty() ? "not checked: no trusted key configured"
                        : "does not verify with " + trust.describe().getFirst());
        out.println("  signature  " + verdict);
    }

    /** The names of the entries, in document order. */
    private static List<String> names(byte[] machines) {
        List<String> names = new ArrayList<>();
        for (JsonNode entry : tree(machines)) {
            names.add(member(entry, "name").map(JsonNode::asText).orElse("?"));
        }
        return names;
    }

    /** The entries whose rollout is paused. */
    private static List<String> paused(byte[] machines) {
        List<String> paused = new ArrayList<>();
        for (JsonNode entry : tree(machines)) {
            if (entry.path(RolloutPause.ROLLOUT).path(RolloutPause.PAUSED).asBoolean(false)) {
                paused.add(member(entry, "name").map(JsonNode::asText).orElse("?"));
            }
        }
        return paused;
    }

    /** The list indented, its passwords hidden when {@code hide}. */
    private static String pretty(byte[] machines, boolean hide) {
        JsonNode list = tree(machines);
        if (hide) {
            for (JsonNode entry : list) {
                if (entry instanceof ObjectNode object) {
                    List<String> secrets = new ArrayList<>();
                    object.fieldNames().forEachRemaining(f -> {
                        if (f.toLowerCase(Locale.ROOT).equals("password") && !object.get(f).asText().isEmpty()) {
                            secrets.add(f);
                        }
                    });
                    secrets.forEach(f -> object.put(f, "(hidden)"));
                }
            }
        }
        try {
            return Json.mapper().writerWithDefaultPrettyPrinter().writeValueAsString(list);
        } catch (JsonProcessingException e) {
            throw new CliException("cannot print the machines: " + e.getMessage(), 1, e);
        }
    }

    private static JsonNode tree(byte[] machines) {
        try {
            JsonNode root = Json.mapper().readTree(machines);
            return root == null || !root.isArray() ? Json.mapper().createArrayNode() : root;
        } catch (IOException e) {
            throw new CliException("the machines it carries are not json: " + e.getMessage(), 1, e);
        }
    }

    private static Optional<JsonNode> member(JsonNode entry, String name) {
        for (Map.Entry<String, JsonNode> e : entry.properties()) {
            if (e.getKey().equalsIgnoreCase(name)) {
                return Optional.of(e.getValue());
            }
        }
        return Optional.empty();
    }
}
