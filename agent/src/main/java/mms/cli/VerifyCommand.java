package mms.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import mms.spec.Ed25519PublicKey;
import mms.spec.KeyFormatException;
import mms.spec.Specification;
import mms.spec.SpecificationException;
import mms.spec.Trust;
import mms.spec.Verification;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/** {@code mms verify}: checks a specification envelope's signature. */
@Command(name = "verify",
        description = {
            "Checks that a specification envelope is signed by a trusted public key.",
            "",
            "PUBKEY is 64 hex characters or a file holding them. Without it the agent's signing_key "
                    + "is used, resolved as the agent resolves it (--config or MMS_CONFIG, MMS_SIGNING_KEY).",
            "",
            "Prints 'Data file SPEC is signed using KEY' and exits 0, or 'Data SPEC does not have a valid "
                    + "signature for key KEY' and exits 1 (also when the envelope is unsigned). An unreadable "
                    + "envelope, a malformed signature or a bad key is an error (exit 1)."
        },
        mixinStandardHelpOptions = true)
final class VerifyCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "SPEC", description = "file holding the specification envelope JSON, - for standard input")
    Path source;

    @Parameters(index = "1", arity = "0..1", paramLabel = "PUBKEY", description = "public key as hex or a key file")
    String key;

    @Mixin
    SettingsOptions.ConfigFile config = new SettingsOptions.ConfigFile();

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
        Trust trust = trust();
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

    /** PUBKEY when given, else the keys the agent trusts; never unsigned: this command checks signatures. */
    private Trust trust() {
        if (key != null) {
            return Trust.of(Optional.of(publicKey(key)), false);
        }
        Trust agent = SettingsOptions.resolve(config, environment).trust();
        if (agent.keys().isEmpty()) {
            throw new CliException("no public key given: pass PUBKEY, or set signing_key (MMS_SIGNING_KEY, --config)");
        }
        return agent;
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
