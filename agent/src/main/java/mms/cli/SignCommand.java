package mms.cli;

import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import mms.spec.Ed25519PrivateKey;
import mms.spec.Envelope;
import mms.spec.ManagedMachine;
import mms.spec.SpecificationException;
import mms.spec.TrustDocument;
import mms.spec.VersionedSpecification;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code mms sign}: adds signatures to a versioned specification or a trust document. */
@Command(name = "sign",
        description = {
            "Adds a signature to a versioned specification or a trust document.",
            "",
            "Each signer runs it with their own key, offline, in any order; the file is replaced with "
                    + "the signed one (or written to --out). What is signed is printed first, so the signer "
                    + "sees the serial, audience, expiry and machines, or the version, threshold and keys. "
                    + "Signing again with the same key replaces its signature.",
            "",
            "A specification with invalid machines is refused, and so is the original's format, whose one "
                    + "signature mms pack makes."
        },
        mixinStandardHelpOptions = true)
final class SignCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "FILE", description = "the envelope to sign: a specification or a trust document")
    Path file;

    @Option(names = "--key", required = true, paramLabel = "KEY",
            description = "private key (hex or key file) to sign with; repeat for several")
    List<String> keys;

    @Option(names = "--out", paramLabel = "FILE", description = "write the signed envelope here instead, - for standard output")
    Path out;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        String text = new String(PackCommand.readFile(file), StandardCharsets.UTF_8);
        if (!Envelope.isEnvelope(text)) {
            throw new CliException(file + " is not a versioned specification or a trust document: the original's"
                    + " format carries its one signature from mms pack (pack with --serial for a versioned one)");
        }
        List<Ed25519PrivateKey> signers = keys.stream().map(SignedDocuments::privateKey).toList();
        boolean toStdout = out != null && out.toString().equals("-");
        PrintWriter report = toStdout ? spec.commandLine().getErr() : spec.commandLine().getOut();
        Envelope envelope;
        try {
            envelope = Envelope.parse(text);
            envelope = switch (envelope.payloadType()) {
                case VersionedSpecification.PAYLOAD_TYPE -> sign(VersionedSpecification.read(envelope), signers, report);
                case TrustDocument.PAYLOAD_TYPE -> sign(TrustDocument.read(envelope), signers, report);
                default -> throw new CliException(file + ": cannot sign a document of type '" + envelope.payloadType()
                        + "'");
            };
        } catch (SpecificationException e) {
            throw new CliException(file + ": " + e.getMessage(), 1, e);
        }
        SignedDocuments.write(Optional.of(out != null ? out : file), envelope.toJson(), spec.commandLine().getOut());
        for (Ed25519PrivateKey signer : signers) {
            report.println("signed by " + signer.publicKey().keyId().abbreviated() + "... (public key "
                    + signer.publicKey().hex() + ")");
        }
        report.println((toStdout ? "" : (out != null ? out : file) + ": ") + envelope.signatures().size()
                + (envelope.signatures().size() == 1 ? " signature" : " signatures"));
        report.flush();
        return 0;
    }

    private Envelope sign(VersionedSpecification specification, List<Ed25519PrivateKey> signers, PrintWriter report) {
        List<ManagedMachine> machines = SignedDocuments.validMachines(specification, file.toString());
        report.println("specification " + SignedDocuments.describe(specification.header()));
        report.println("machines: " + (machines.isEmpty() ? "none (nodes that purge remove every managed machine)"
                : String.join(", ", machines.stream().map(ManagedMachine::name).toList())));
        report.println("payload sha-256: " + specification.payloadDigest());
        for (Ed25519PrivateKey signer : signers) {
            specification = specification.signedBy(signer);
        }
        return specification.envelope();
    }

    private static Envelope sign(TrustDocument document, List<Ed25519PrivateKey> signers, PrintWriter report) {
        report.println("trust document version " + document.version() + ", issued " + document.issued() + ": "
                + document.keyring().threshold() + " of these " + document.keyring().keys().size() + " keys must sign");
        SignedDocuments.keys(document, false).forEach(k -> report.println("  " + k));
        report.println("payload sha-256: " + document.payloadDigest());
        for (Ed25519PrivateKey signer : signers) {
            document = document.signedBy(signer);
        }
        return document.envelope();
    }
}
