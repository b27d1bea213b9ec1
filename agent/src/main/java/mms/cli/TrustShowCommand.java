package mms.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.InstantSource;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import mms.agent.Agent;
import mms.config.AgentConfig;
import mms.spec.CompiledKeys;
import mms.spec.CompiledTrust;
import mms.spec.Ed25519PublicKey;
import mms.spec.KeyFormatException;
import mms.spec.Keyring;
import mms.spec.SignatureCheck;
import mms.spec.SpecificationException;
import mms.spec.SpecificationGate;
import mms.spec.SpecificationLedger;
import mms.spec.Trust;
import mms.spec.TrustDocument;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code mms trust show}: a trust document, or what this node trusts. */
@Command(name = "show",
        description = {
            "Shows a trust document and its signatures, or what this node trusts.",
            "",
            "With TRUST: its version, threshold, keys and each signature checked against its own keys; "
                    + "exits 0 when a threshold of them signed it. With --previous OLD also whether it is a "
                    + "valid rotation of OLD, which nodes trusting OLD adopt: newer, and signed by a threshold "
                    + "of the keys of OLD.",
            "",
            "Without TRUST: the trust of this node as the agent resolves it (trust_file, signing_key, the "
                    + "build's compiled-in trust, and with manage the trust document the built-in manager "
                    + "adopted from the store), its audience and whether it accepts the original's format."
        },
        mixinStandardHelpOptions = true)
final class TrustShowCommand implements Callable<Integer> {
    @Parameters(index = "0", arity = "0..1", paramLabel = "TRUST", description = "a trust document file")
    Path file;

    @Option(names = "--previous", paramLabel = "OLD", description = "the trust document it replaces")
    Path previous;

    @Mixin
    SettingsOptions.ConfigFile config = new SettingsOptions.ConfigFile();

    @Mixin
    SettingsOptions.Trust trustOptions = new SettingsOptions.Trust();

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    /** The process environment; replaced in tests. */
    Map<String, String> environment = System.getenv();

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        int code = file == null ? node(out) : document(out);
        out.flush();
        return code;
    }

    private int document(PrintWriter out) {
        TrustDocument document = TrustVersionOptions.read(file);
        Optional<TrustDocument> before = Optional.ofNullable(previous).map(TrustVersionOptions::read);
        out.println("trust document " + file);
        describe(document, out);
        SignatureCheck own = document.selfCheck();
        SignedDocuments.signatures(own).forEach(s -> out.println("  signature  " + s));
        if (own.signatures().isEmpty()) {
            out.println("  signature  none");
        }
        boolean complete = own.met();
        out.println((own.met() ? "self-signed: " : "not self-signed: ") + own.valid() + " of the " + own.threshold()
                + " required signatures of its own keys");
        if (before.isPresent()) {
            TrustDocument old = before.get();
            SignatureCheck byOld = old.keyring().check(document.envelope());
            SignedDocuments.signatures(byOld).forEach(s -> out.println("  by version " + old.version() + "  " + s));
            Optional<String> problem = document.successorProblem(old.keyring(), old.version());
            out.println(problem.map(p -> "not a valid rotation of " + previous + ": " + p)
                    .orElse("a valid rotation of version " + old.version() + " (" + previous + "): nodes trusting it"
                            + " adopt this one"));
            complete &= problem.isEmpty();
        }
        return complete ? 0 : 1;
    }

    private int node(PrintWriter out) {
        AgentConfig settings = SettingsOptions.resolve(config, environment, trustOptions);
        Trust trust;
        try {
            trust = Trust.resolve(settings.trust(), CompiledTrust.load(), CompiledKeys.load(), Optional.empty());
        } catch (SpecificationException | KeyFormatException | IOException e) {
            throw new CliException("cannot read the trust compiled into this build: " + e.getMessage(), 1, e);
        }
        SpecificationGate.Anchor anchor;
        try {
            anchor = new SpecificationGate(trust, SpecificationLedger.in(settings.machines().resolve(Agent.MANAGER)),
                    InstantSource.system()).anchor(settings.manager().map(m -> TrustDocument.STORE_KEY));
        } catch (IOException e) {
            throw new CliException(e.getMessage(), 1, e);
        }
        if (anchor.keyring().isEmpty()) {
            out.println("this node trusts no key: " + (trust.allowUnsigned()
                    ? "allow_unsigned is true, so it applies specifications without checking them"
                    : "it refuses every specification (set trust_file or signing_key)"));
            return 1;
        }
        Keyring keyring = anchor.keyring().get();
        out.println("this node trusts " + anchor.description() + (anchor.adopted() ? " (adopted from the store)" : "")
                + ": " + keyring.threshold() + " of " + keyring.keys().size()
                + (keyring.keys().size() == 1 ? " key" : " keys") + " must sign");
        if (anchor.document().isPresent()) {
            describe(anchor.document().get(), out);
        } else {
            for (Ed25519PublicKey key : keyring.keys()) {
                out.println("  key        " + key.keyId() + "  " + key.hex());
            }
        }
        out.println("  audience   " + trust.audience());
        out.println("  original format " + (trust.allowLegacy().orElse(anchor.document().isEmpty())
                ? "accepted (until a versioned specification was applied)" : "refused"));
        return 0;
    }

    private static void describe(TrustDocument document, PrintWriter out) {
        out.println("  version    " + document.version());
        out.println("  issued     " + document.issued());
        out.println("  threshold  " + document.keyring().threshold() + " of " + document.keyring().keys().size()
                + " keys");
        SignedDocuments.keys(document, true).forEach(k -> out.println("  key        " + k));
        out.println("  payload    sha-256 " + document.payloadDigest());
    }
}
