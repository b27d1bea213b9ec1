package mms.cli;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import mms.spec.Ed25519PrivateKey;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * The options of every {@code mms spec} command that publishes ({@code publish}, {@code rollback},
 * {@code pause}, {@code resume}): where, signed by whom, valid how long, and whether to follow the
 * rollout. Carried out by {@link Publication}.
 */
final class PublishOptions {
    @Option(names = "--key", paramLabel = "KEY",
            description = "private key that signs (128 or 64 hex characters, or a file holding them); repeat it for"
                    + " a trust document that needs several signatures (default: $KEY)")
    List<String> keys = new ArrayList<>();

    @Option(names = "--expires", paramLabel = "WHEN",
            description = "when nodes stop accepting it: a duration from now (30d, 12h) or an RFC 3339 time;"
                    + " default never")
    String expires;

    @Option(names = "--serial", paramLabel = "N",
            description = "the serial to sign (default: one above the highest the bucket keeps)")
    Long serial;

    @Option(names = "--dry-run", description = "check, sign and show the changes, but put nothing")
    boolean dryRun;

    @Option(names = "--wait", description = "follow the rollout until every live node runs it or rejected it"
            + " (exit codes as mms fleet status --wait)")
    boolean await;

    @Option(names = "--timeout", paramLabel = "DURATION", converter = CliDurationConverter.class,
            description = "with --wait, give up after this long (default 5m)")
    Duration timeout;

    @Option(names = "--force", description = "publish a list without machines: nodes remove every machine they manage")
    boolean force;

    @Mixin
    SpecOptions spec = new SpecOptions();

    /** The signing keys: {@code --key} as given, else {@code $KEY}, else none. */
    List<Ed25519PrivateKey> signingKeys() {
        List<String> texts = keys.isEmpty() ? List.of(spec.environment.getOrDefault("KEY", "")) : keys;
        return texts.stream().filter(t -> !t.isBlank()).map(SignedDocuments::privateKey).toList();
    }

    /** Refuses combinations that mean nothing, as usage errors. */
    void check() {
        if (timeout != null && !await) {
            throw new CliException("--timeout needs --wait", 2, null);
        }
        if (dryRun && await) {
            throw new CliException("--dry-run puts nothing, so there is nothing to --wait for", 2, null);
        }
    }
}
