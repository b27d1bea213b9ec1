package mms.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.Callable;
import mms.spec.Ed25519PublicKey;
import mms.spec.KeyFormatException;
import mms.spec.Specification;
import mms.spec.SpecificationException;
import mms.spec.Verification;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code mms verify}: checks a specification envelope's signature. */
@Command(name = "verify",
        description = {
            "Checks that a specification envelope is signed by a public key.",
            "",
            "PUBKEY is 64 hex characters or a file holding them; the default is $MMS_SIGNING_KEY, the "
                    + "agent's setting.",
            "",
            "Prints 'Data file SPEC is signed using KEY' and exits 0, or 'Data SPEC does not have a "
                    + "valid signature for key KEY' and exits 1 (also when unsigned). An unreadable envelope, a "
                    + "malformed signature or key is an error (exit 1)."
        },
        mixinStandardHelpOptions = true)
final class VerifyCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "SPEC", description = "file holding the specification envelope JSON, - for standard input")
    Path source;

    @Parameters(index = "1", arity = "0..1", paramLabel = "PUBKEY", description = "public key as hex or a key file")
    String key;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    /** The process environment; replaced in tests. */
    Map<String, String> environment = System.getenv();

    /** Where {@code -} reads from; replaced in tests. */
    InputStream stdin = System.in;

    @Override
    public Integer call() {
        String json = new String(read(), StandardCharsets.UTF_8);
        Specification specification;
        try {
            specification = Specification.parse(json);
        } catch (SpecificationException e) {
            throw new CliException(source + ": " + e.getMessage(), 1, e);
        }
        Ed25519PublicKey publicKey = publicKey();
        PrintWriter out = spec.commandLine().getOut();
        Verification verification = specification.verify(publicKey);
        int code = switch (verification) {
            case Verification.Verified v -> {
                out.println("Data file " + source + " is signed using " + publicKey.hex());
                yield 0;
            }
            case Verification.Unsigned u -> {
                out.println("Data " + source + " does not have a valid signature for key " + publicKey.hex());
                yield 1;
            }
            case Verification.BadSignature b -> {
                out.println("Data " + source + " does not have a valid signature for key " + publicKey.hex());
                yield 1;
            }
            case Verification.MalformedSignature m -> throw new CliException(m.message());
        };
        out.flush();
        return code;
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

    private Ed25519PublicKey publicKey() {
        String text = key != null ? key : environment.get("MMS_SIGNING_KEY");
        if (text == null || text.isBlank()) {
            throw new CliException("no public key given: pass PUBKEY or set MMS_SIGNING_KEY");
        }
        return publicKey(text);
    }

    /** A public key given as hex or a key file, as {@code verify} and {@code pack --verify-with} take it. */
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
