package mms.cli;

import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import mms.spec.Ed25519PublicKey;
import mms.spec.Specification;
import mms.spec.SpecificationException;
import mms.spec.Verification;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code mms plugins verify}: checks the signature of a plugins specification envelope. */
@Command(name = "verify",
        description = {
            "Checks that a plugins specification envelope made by mms plugins pack (or choria machine "
                    + "plugins pack) is signed with PUBKEY.",
            "",
            "Prints 'Data file SPEC is signed using PUBKEY' and exits 0, or 'Data SPEC does not have a valid "
                    + "signature for key PUBKEY' and fails with 'verification failed' (exit 1), also when the "
                    + "envelope is unsigned or was signed over the decoded bytes (the machines envelope's way).",
            "",
            "An unreadable envelope, a malformed signature or a bad key is an error (exit 1)."
        },
        mixinStandardHelpOptions = true)
final class PluginsVerifyCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "SPEC", description = "file holding the plugins envelope JSON")
    Path source;

    @Parameters(index = "1", paramLabel = "PUBKEY", description = "ed25519 public key as hex or a key file")
    String key;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        String json = new String(PackCommand.readFile(source), StandardCharsets.UTF_8);
        Ed25519PublicKey publicKey = VerifyCommand.publicKey(key);
        Specification envelope;
        try {
            envelope = Specification.parse(json, Specification.Kind.PLUGINS);
        } catch (SpecificationException e) {
            if (reads(json, Specification.Kind.MACHINES)) {
                throw new CliException(source + " is a machines specification: check it with mms verify " + source
                        + " " + key, 1, e);
            }
            throw new CliException(source + ": " + e.getMessage(), 1, e);
        }
        PrintWriter out = spec.commandLine().getOut();
        switch (envelope.verify(publicKey)) {
            case Verification.Verified verified -> {
                out.println("Data file " + source + " is signed using " + publicKey.hex());
                out.flush();
                return 0;
            }
            case Verification.MalformedSignature malformed ->
                    throw new CliException("invalid signature data: " + malformed.message());
            case Verification.Unsigned unsigned -> { }
            case Verification.BadSignature bad -> { }
        }
        out.println("Data " + source + " does not have a valid signature for key " + publicKey.hex());
        out.flush();
        throw new CliException("verification failed");
    }

    /** Whether {@code json} reads as an envelope of {@code kind}: to point at the other command. */
    static boolean reads(String json, Specification.Kind kind) {
        try {
            Specification.parse(json, kind);
            return true;
        } catch (SpecificationException e) {
            return false;
        }
    }
}
