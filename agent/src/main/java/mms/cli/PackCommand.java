package mms.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.InstantSource;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import mms.spec.Ed25519PrivateKey;
import mms.spec.Ed25519PublicKey;
import mms.spec.Keyring;
import mms.spec.MachinesValidation;
import mms.spec.MachinesValidator;
import mms.spec.Problem;
import mms.spec.Specification;
import mms.spec.SpecificationException;
import mms.spec.Trust;
import mms.spec.Verification;
import mms.spec.VersionedSpecification;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code mms pack}: validates {@code machines.json} and prints the (signed) specification envelope. */
@Command(name = "pack",
        description = {
            "Validates and signs machines.json, printing the specification envelope.",
            "",
            "The envelope goes into the Key-Value bucket as is:",
            "  {\"machines\":\"<base64>\",\"signature\":\"<hex>\"}",
            "",
            "KEY is the ed25519 private key (128 or 64 hex characters, or a file holding them); when "
                    + "omitted the KEY environment variable is used, and without either the envelope is "
                    + "unsigned.",
            "",
            "Every problem is listed, naming the entry and field; any error means nothing is printed "
                    + "and exit code 1. --force packs an empty list and silences the unsigned warning.",
            "",
            "--verify-with PUBKEY checks the signed envelope against the fleet's public key (hex or a key "
                    + "file, as for mms verify): when it does not verify, nothing is printed and the exit code "
                    + "is 1, so a wrong private key is caught here rather than refused by every node.",
            "",
            "--serial N packs a versioned specification instead, which nodes refuse to roll back, replay, "
                    + "use after --expires or apply outside its --audience (see mms verify):",
            "  {\"payloadType\":\"application/vnd.mms.specification.v1+json\",",
            "   \"payload\":\"<base64>\",",
            "   \"signatures\":[{\"keyid\":\"<hex>\",\"sig\":\"<base64>\"}]}",
            "KEY adds the first signature; without it the envelope is unsigned, for mms sign to add "
                    + "each signer's offline. Without --serial the output is the original's format, byte for byte."
        },
        mixinStandardHelpOptions = true)
final class PackCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "MACHINES", description = "the machines.json file")
    Path machines;

    @Parameters(index = "1", arity = "0..1", paramLabel = "KEY", description = "private key as hex or a key file (default: $KEY)")
    String key;

    @Option(names = {"--force", "-f"}, description = "pack an empty list; do not warn when packing without a key")
    boolean force;

    @Option(names = "--verify-with", paramLabel = "PUBKEY",
            description = "the fleet's public key (hex or key file): fail unless the result verifies with it")
    String verifyWith;

    @Option(names = "--serial", paramLabel = "N",
            description = "pack a versioned specification with this serial, higher than the last one published")
    Long serial;

    @Option(names = "--expires", paramLabel = "WHEN",
            description = "with --serial: when nodes stop accepting it, a duration from now (30d, 12h) or an RFC"
                    + " 3339 time; default never")
    String expires;

    @Option(names = "--audience", paramLabel = "NAME",
            description = "with --serial: the nodes it is for (default: the audience setting, MMS_AUDIENCE, else"
                    + " <manage_bucket>/<manage_key>)")
    String audience;

    @Mixin
    SettingsOptions.ConfigFile config = new SettingsOptions.ConfigFile();

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    /** The process environment; replaced in tests. */
    Map<String, String> environment = System.getenv();

    /** The clock of {@code issued} and {@code --expires}; replaced in tests. */
    InstantSource clock = InstantSource.system();

    @Override
    public Integer call() {
        byte[] bytes = readFile(machines);
        PrintWriter err = spec.commandLine().getErr();
        MachinesValidation validation = validForPacking(bytes, "machines specification " + machines, err);
        if (validation.machines().isEmpty() && !force) {
            throw new CliException("specification " + machines + " lists no machines: nodes with purge_unknown would"
                    + " remove every managed machine, use --force to pack it anyway");
        }
        if (serial == null && (expires != null || audience != null)) {
            throw new CliException("--expires and --audience belong to a versioned specification: give --serial too",
                    2, null);
        }
        Optional<Ed25519PrivateKey> signer = signingKey();
        if (serial != null) {
            return packVersioned(bytes, signer, err);
        }
        if (signer.isEmpty() && !force) {
            err.println("warning: no ed25519 private key given, encoding without signing");
            err.flush();
        }
        Specification packed = Specification.pack(bytes, signer);
        if (verifyWith != null) {
            checkAgainst(VerifyCommand.publicKey(verifyWith), packed);
        }
        PrintWriter out = spec.commandLine().getOut();
        out.println(packed.toJson());
        out.flush();
        return 0;
    }

    private int packVersioned(byte[] bytes, Optional<Ed25519PrivateKey> signer, PrintWriter err) {
        Instant now = clock.instant();
        String forNodes = audience != null ? audience : SettingsOptions.resolve(config, environment).trust().audience();
        VersionedSpecification.Header header;
        try {
            header = new VersionedSpecification.Header(serial, now,
                    Optional.ofNullable(expires).map(e -> SignedDocuments.expires("--expires", e, now)), forNodes);
        } catch (IllegalArgumentException e) {
            throw new CliException(e.getMessage(), 2, e);
        }
        VersionedSpecification packed;
        try {
            packed = VersionedSpecification.create(bytes, header);
        } catch (SpecificationException e) {
            throw new CliException(machines + ": " + e.getMessage(), 1, e);
        }
        if (signer.isPresent()) {
            packed = packed.signedBy(signer.get());
        } else if (!force) {
            err.println("warning: no ed25519 private key given: the specification has no signature yet, add them with"
                    + " mms sign");
        }
        if (verifyWith != null) {
            Ed25519PublicKey fleet = VerifyCommand.publicKey(verifyWith);
            if (!new Keyring(List.of(fleet), 1).check(packed.envelope()).met()) {
                throw new CliException("the specification is not signed by the public key given with --verify-with"
                        + " (no private key, or another one): nodes trusting " + fleet.hex() + " would refuse it,"
                        + " nothing printed");
            }
        }
        err.println("packed " + SignedDocuments.describe(packed.header()));
        err.flush();
        SignedDocuments.write(Optional.empty(), packed.toJson(), spec.commandLine().getOut());
        return 0;
    }

    /** Refuses to print what nodes trusting {@code fleet} would refuse: the nodes' own check, {@link Trust}. */
    private void checkAgainst(Ed25519PublicKey fleet, Specification packed) {
        String refused = "nodes trusting " + fleet.hex() + " would refuse it, nothing printed";
        switch (Trust.of(Optional.of(fleet), false).verifications(packed).getFirst()) {
            case Verification.Verified verified -> { }
            case Verification.Unsigned unsigned ->
                    throw new CliException("the specification is not signed (no private key given): " + refused);
            case Verification.BadSignature bad -> throw new CliException("the private key does not belong to the"
                    + " public key given with --verify-with: " + refused);
            case Verification.MalformedSignature malformed -> throw new CliException(malformed.message() + ": " + refused);
        }
    }

    private Optional<Ed25519PrivateKey> signingKey() {
        String text = key != null ? key : environment.get("KEY");
        if (text == null || text.isBlank()) {
            return Optional.empty();
        }
        return Optional.of(SignedDocuments.privateKey(text));
    }

    /**
     * Validates {@code bytes} as {@code mms pack} does, strictly: prints every warning and error to
     * {@code err} and refuses ({@code invalid <what>: N errors, nothing packed}) on any error.
     */
    static MachinesValidation validForPacking(byte[] bytes, String what, PrintWriter err) {
        MachinesValidation validation = MachinesValidator.validate(bytes);
        for (Problem warning : validation.warnings()) {
            err.println("warning: " + warning.describe());
        }
        for (Problem error : validation.errors()) {
            err.println("error: " + error.describe());
        }
        err.flush();
        if (!validation.valid()) {
            int n = validation.errors().size();
            throw new CliException("invalid " + what + ": " + n + (n == 1 ? " error" : " errors") + ", nothing packed");
        }
        return validation;
    }

    /** Reads a regular file, with the original's messages for a missing path or a directory. */
    static byte[] readFile(Path path) {
        if (!Files.exists(path)) {
            throw new CliException("path '" + path + "' does not exist");
        }
        if (Files.isDirectory(path)) {
            throw new CliException("'" + path + "' is a directory");
        }
        try {
            return Files.readAllBytes(path);
        } catch (IOException e) {
            throw new CliException("cannot read " + path + ": " + e.getMessage(), 1, e);
        }
    }
}
