package mms.cli;

import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.InstantSource;
import java.util.List;
import java.util.Optional;
import mms.spec.Ed25519PublicKey;
import mms.spec.Keyring;
import mms.spec.SignatureCheck;
import mms.spec.SpecificationException;
import mms.spec.TrustDocument;
import picocli.CommandLine;
import picocli.CommandLine.Option;

/**
 * What the commands that write a new trust document version share: its threshold, signatures
 * added at once, where it goes, and the report of what it still needs.
 */
final class TrustVersionOptions {
    @Option(names = "--threshold", paramLabel = "N",
            description = "how many distinct keys must sign specifications and the next rotation")
    Integer threshold;

    @Option(names = "--sign", paramLabel = "KEY",
            description = "private key (hex or key file) to sign the new version with at once; repeat for several")
    List<String> signers = List.of();

    @Option(names = "--out", paramLabel = "FILE", description = "write the document here instead of standard output")
    Path out;

    /** The clock of {@code issued}; replaced in tests. */
    InstantSource clock = InstantSource.system();

    /** Reads a trust document file, naming it in errors; its signatures are not checked. */
    static TrustDocument read(Path file) {
        try {
            return TrustDocument.parse(new String(PackCommand.readFile(file), StandardCharsets.UTF_8));
        } catch (SpecificationException e) {
            throw new CliException(file + ": " + e.getMessage(), 1, e);
        }
    }

    /** The keyring of the new version: {@code keys} with --threshold, else {@code fallback}. */
    Keyring keyring(List<Ed25519PublicKey> keys, int fallback) {
        int n = threshold != null ? threshold : fallback;
        if (keys.isEmpty()) {
            throw new CliException("a trust document needs at least one key", 2, null);
        }
        if (n < 1 || n > keys.size()) {
            throw new CliException("threshold " + n + " is not between 1 and the number of keys, " + keys.size()
                    + (threshold == null ? ": pass --threshold" : ""), 2, null);
        }
        return new Keyring(keys, n);
    }

    /**
     * Signs {@code document} with the --sign keys, writes it, and says who must still sign.
     *
     * @param previous the version it replaces, whose keys must sign it too; empty for a first version
     */
    int finish(CommandLine.Model.CommandSpec spec, TrustDocument unsigned, Optional<TrustDocument> previous) {
        TrustDocument signed = unsigned;
        for (String key : signers) {
            signed = signed.signedBy(SignedDocuments.privateKey(key));
        }
        TrustDocument document = signed;
        boolean toStdout = out == null || out.toString().equals("-");
        PrintWriter report = toStdout ? spec.commandLine().getErr() : spec.commandLine().getOut();
        SignedDocuments.write(Optional.ofNullable(out), document.toJson(), spec.commandLine().getOut());
        String name = toStdout ? "FILE" : out.toString();
        report.println("trust document version " + document.version() + ": " + document.keyring().threshold() + " of "
                + document.keyring().keys().size() + " keys must sign");
        SignedDocuments.keys(document, false).forEach(k -> report.println("  " + k));
        report.println(needs(document.selfCheck(), "of its own keys"));
        previous.ifPresent(p -> report.println(needs(p.keyring().check(document.envelope()),
                "of the keys of version " + p.version())));
        report.println("next: each signer runs mms sign " + name + " --key KEY; mms trust show " + name
                + previous.map(p -> " --previous OLD").orElse("") + " says when it is complete");
        report.flush();
        return 0;
    }

    private static String needs(SignatureCheck check, String whose) {
        int missing = Math.max(0, check.threshold() - check.valid());
        return missing == 0 ? "signed by a threshold " + whose + " (" + check.valid() + " of " + check.threshold() + ")"
                : "needs " + missing + " more " + (missing == 1 ? "signature " : "signatures ") + whose + " ("
                        + check.valid() + " of " + check.threshold() + ")";
    }
}
