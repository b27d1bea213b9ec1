package mms.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import mms.agent.Agent;
import mms.config.AgentConfig;
import mms.spec.CompiledKeys;
import mms.spec.CompiledTrust;
import mms.spec.Ed25519PublicKey;
import mms.spec.Envelope;
import mms.spec.KeyFormatException;
import mms.spec.Keyring;
import mms.spec.MachinesValidation;
import mms.spec.MachinesValidator;
import mms.spec.ManagedMachine;
import mms.spec.SignatureCheck;
import mms.spec.Specification;
import mms.spec.SpecificationException;
import mms.spec.SpecificationGate;
import mms.spec.SpecificationLedger;
import mms.spec.Trust;
import mms.spec.TrustDocument;
import mms.spec.Verification;
import mms.spec.VersionedSpecification;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/** {@code mms verify}: checks a specification envelope as a node would. */
@Command(name = "verify",
        description = {
            "Checks a specification envelope as this node would.",
            "",
            "PUBKEY is 64 hex characters or a file holding them. Without it the node's trust is used, "
                    + "resolved as the agent resolves it (--config or MMS_CONFIG, trust_file, signing_key, the "
                    + "build's compiled-in trust, and the trust document the built-in manager adopted).",
            "",
            "The original's format: prints 'Data file SPEC is signed using KEY' and exits 0, or 'Data SPEC "
                    + "does not have a valid signature for key KEY' and exits 1 (also when the envelope is "
                    + "unsigned).",
            "",
            "A versioned specification: prints its serial, times, audience and machines, each signature "
                    + "with its key and whether it counts, and the verdict; exits 0 when a threshold of "
                    + "trusted keys signed it, it has not expired and it is for this node's audience, else 1. "
                    + "Nodes also refuse serials at or below the one they applied, shown when this node has one.",
            "",
            "An unreadable envelope, a malformed signature or a bad key is an error (exit 1)."
        },
        mixinStandardHelpOptions = true)
final class VerifyCommand implements java.util.concurrent.Callable<Integer> {
    @Parameters(index = "0", paramLabel = "SPEC", description = "file holding the specification envelope JSON, - for standard input")
    Path source;

    @Parameters(index = "1", arity = "0..1", paramLabel = "PUBKEY", description = "public key as hex or a key file")
    String key;

    @Mixin
    SettingsOptions.ConfigFile config = new SettingsOptions.ConfigFile();

    @Mixin
    SettingsOptions.Trust trustOptions = new SettingsOptions.Trust();

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    /** The process environment; replaced in tests. */
    Map<String, String> environment = System.getenv();

    /** Where {@code -} reads from; replaced in tests. */
    InputStream stdin = System.in;

    /** The clock expiry is checked against; replaced in tests. */
    InstantSource clock = InstantSource.system();

    @Override
    public Integer call() {
        String json = new String(read(), StandardCharsets.UTF_8);
        AgentConfig settings = SettingsOptions.resolve(config, environment, trustOptions);
        Trust trust = trust(settings);
        // what the built-in manager of this node remembers, when it runs here and no key was given
        Optional<AgentConfig.ManagerSettings> manager = key == null ? settings.manager() : Optional.empty();
        SpecificationLedger ledger = SpecificationLedger.in(settings.machines().resolve(Agent.MANAGER));
        SpecificationGate.Anchor anchor;
        try {
            anchor = new SpecificationGate(trust, ledger, clock)
                    .anchor(manager.map(m -> TrustDocument.STORE_KEY));
        } catch (IOException e) {
            throw new CliException(e.getMessage(), 1, e);
        }
        if (anchor.keyring().isEmpty()) {
            throw new CliException("no public key given: pass PUBKEY, or set trust_file or signing_key (MMS_TRUST_FILE,"
                    + " MMS_SIGNING_KEY, --config)");
        }
        if (Envelope.isEnvelope(json)) {
            Optional<SpecificationLedger.Applied> applied = Optional.empty();
            if (manager.isPresent()) {
                try {
                    applied = ledger.applied(manager.get().key());
                } catch (IOException e) {
                    spec.commandLine().getErr().println("warning: " + e.getMessage());
                }
            }
            return versioned(json, trust, anchor, applied);
        }
        return original(json, new Trust(anchor.keyring().get().keys(), false));
    }

    private int original(String json, Trust trust) {
        Specification specification;
        try {
            specification = Specification.parse(json);
        } catch (SpecificationException e) {
            if (PluginsVerifyCommand.reads(json, Specification.Kind.PLUGINS)) {
                throw new CliException(source + " is a plugins specification: check it with mms plugins verify " + source
                        + " PUBKEY", 1, e);
            }
            throw new CliException(source + ": " + e.getMessage(), 1, e);
        }
        List<Verification> verifications = trust.verifications(specification);
        PrintWriter out = spec.commandLine().getOut();
        Optional<Verification.Verified> verified = verifications.stream()
                .flatMap(v -> v instanceof Verification.Verified ok ? Stream.of(ok) : Stream.empty()).findFirst();
        if (verified.isPresent()) {
            out.println("Data file " + source + " is signed using " + verified.get().key().hex());
            out.flush();
            return 0;
        }
        for (Verification v : verifications) {
            if (v instanceof Verification.MalformedSignature malformed) {
                throw new CliException(malformed.message());
            }
        }
        out.println("Data " + source + " does not have a valid signature for key "
                + String.join(", ", trust.keys().stream().map(Ed25519PublicKey::hex).toList()));
        out.flush();
        return 1;
    }

    private int versioned(String json, Trust trust, SpecificationGate.Anchor anchor,
                          Optional<SpecificationLedger.Applied> applied) {
        VersionedSpecification specification;
        try {
            Envelope envelope = Envelope.parse(json);
            if (envelope.payloadType().equals(TrustDocument.PAYLOAD_TYPE)) {
                throw new CliException(source + " is a trust document: check it with mms trust show " + source);
            }
            specification = VersionedSpecification.read(envelope);
        } catch (SpecificationException e) {
            throw new CliException(source + ": " + e.getMessage(), 1, e);
        }
        Instant now = clock.instant();
        VersionedSpecification.Header header = specification.header();
        Keyring keyring = anchor.keyring().orElseThrow();
        SignatureCheck check = keyring.check(specification.envelope());
        boolean expired = specification.expiredAt(now, SpecificationGate.CLOCK_SKEW);
        boolean ours = header.audience().equals(trust.audience());
        MachinesValidation validation = MachinesValidator.validate(specification.machines());
        List<String> refusals = new ArrayList<>();

        PrintWriter out = spec.commandLine().getOut();
        out.println("specification " + source);
        out.println("  serial     " + header.serial() + applied.map(a -> " (this node applied serial " + a.serial()
                + (a.serial() >= header.serial() && !a.digest().equals(specification.payloadDigest())
                        ? ": it would refuse this one)" : ")")).orElse(""));
        out.println("  issued     " + header.issued());
        out.println("  expires    " + header.expires().map(e -> e + " (" + (expired ? "expired " : "")
                + SignedDocuments.relative(e, now) + ")").orElse("never"));
        out.println("  audience   " + header.audience() + (ours ? " (this node's)"
                : " (not this node's: " + trust.audience() + ")"));
        if (validation.documentErrors().isEmpty()) {
            out.println("  machines   " + (validation.applicable().isEmpty() ? "none"
                    : String.join(", ", validation.applicable().stream().map(ManagedMachine::name).toList())));
            // what a node does with them: leaves their machines as they are and applies the others
            validation.skipped().forEach(s -> out.println("  machines   skipped, left as it is: " + s.describe()));
        } else {
            validation.documentErrors().forEach(p -> out.println("  machines   error: " + p.describe()));
            refusals.add("invalid machines");
        }
        out.println("  payload    sha-256 " + specification.payloadDigest());
        out.println("  trust      " + anchor.description() + (anchor.adopted() ? " (adopted from the store)" : "")
                + ": " + keyring.threshold() + " of " + keyring.keys().size()
                + (keyring.keys().size() == 1 ? " key" : " keys") + " must sign");
        SignedDocuments.signatures(check).forEach(line -> out.println("  signature  " + line));
        if (check.signatures().isEmpty()) {
            out.println("  signature  none");
        }
        if (!check.met()) {
            refusals.add(check.valid() + " valid of the " + check.threshold() + " required signatures");
        }
        if (expired) {
            refusals.add("expired");
        }
        if (!ours) {
            refusals.add("for audience " + header.audience() + ", not " + trust.audience());
        }
        if (refusals.isEmpty()) {
            out.println("valid: signed by " + check.valid() + " of the " + check.threshold() + " required keys, "
                    + (header.expires().isPresent() ? "not expired" : "never expires") + ", for this node's audience");
        } else {
            out.println("refused: " + String.join("; ", refusals));
        }
        out.flush();
        return refusals.isEmpty() ? 0 : 1;
    }

    private byte[] read() {
        if (!source.toString().equals("-")) {
            return PackCommand.readFile(source);
        }
        try {
            return stdin.readAllBytes();
        } catch (IOException e) {
            throw new CliException("cannot read the specification from standard input: " + e.getMessage(), 1, e);
        }
    }

    /** PUBKEY when given, else what the agent trusts; never unsigned: this command checks signatures. */
    private Trust trust(AgentConfig settings) {
        if (key != null) {
            return Trust.of(Optional.of(publicKey(key)), false).withAudience(settings.trust().audience());
        }
        try {
            return Trust.resolve(settings.trust(), CompiledTrust.load(), CompiledKeys.load(), Optional.empty());
        } catch (SpecificationException | KeyFormatException | IOException e) {
            throw new CliException("cannot read the trust compiled into this build: " + e.getMessage(), 1, e);
        }
    }

    /** A public key argument: hex or a key file; a bad one is a one-line error (exit 1). */
    static Ed25519PublicKey publicKey(String text) {
        try {
            return Ed25519PublicKey.resolve(text.strip());
        } catch (KeyFormatException e) {
            throw new CliException(e.getMessage(), 1, e);
        } catch (IOException e) {
            throw new CliException("cannot read public key file: " + e.getMessage(), 1, e);
        }
    }
}
