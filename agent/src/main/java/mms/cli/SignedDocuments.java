package mms.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;
import mms.duration.CliDuration;
import mms.duration.DurationFormatException;
import mms.files.AtomicFiles;
import mms.spec.Ed25519PrivateKey;
import mms.spec.Ed25519PublicKey;
import mms.spec.KeyFormatException;
import mms.spec.MachinesValidation;
import mms.spec.MachinesValidator;
import mms.spec.ManagedMachine;
import mms.spec.SignatureCheck;
import mms.spec.TrustDocument;
import mms.spec.VersionedSpecification;

/**
 * What the commands that make, sign and check signed documents ({@code pack}, {@code sign},
 * {@code verify}, {@code trust}) share: reading keys and times from arguments, writing a
 * document to a file or standard output, and describing documents the same way everywhere.
 */
final class SignedDocuments {

    private SignedDocuments() {}

    /** A private key argument: hex or a key file; a bad one is a one-line error (exit 1). */
    static Ed25519PrivateKey privateKey(String text) {
        try {
            return Ed25519PrivateKey.resolve(text.strip());
        } catch (KeyFormatException e) {
            throw new CliException(e.getMessage(), 1, e);
        } catch (IOException e) {
            throw new CliException("cannot read private key file: " + e.getMessage(), 1, e);
        }
    }

    /**
     * When a document stops being accepted: an RFC 3339 time ({@code 2026-06-01T00:00:00Z}), or a
     * duration from {@code now} in the command line's dialect ({@code 30d}, {@code 12h}).
     *
     * @throws CliException exit 2, naming {@code option}, when it is neither or not in the future
     */
    static Instant expires(String option, String text, Instant now) {
        Instant when;
        try {
            when = OffsetDateTime.parse(text.strip()).toInstant();
        } catch (DateTimeParseException notATime) {
            try {
                Duration from = CliDuration.parse(text.strip());
                when = now.plus(from);
            } catch (DurationFormatException e) {
                throw new CliException(option + " '" + text + "' is neither a duration such as 30d or 12h nor an"
                        + " RFC 3339 time such as 2026-06-01T00:00:00Z: " + e.getMessage(), 2, e);
            }
        }
        if (!when.truncatedTo(ChronoUnit.SECONDS).isAfter(now.truncatedTo(ChronoUnit.SECONDS))) {
            throw new CliException(option + " '" + text + "' is not in the future (" + when + ")", 2, null);
        }
        return when;
    }

    /** Writes {@code json} and a newline to {@code out} (a file, replaced atomically, or {@code -}), else to {@code stdout}. */
    static void write(Optional<Path> out, String json, PrintWriter stdout) {
        if (out.isEmpty() || out.get().toString().equals("-")) {
            stdout.println(json);
            stdout.flush();
            return;
        }
        try {
            AtomicFiles.replace(out.get(), o -> o.write((json + "\n").getBytes(StandardCharsets.UTF_8)));
        } catch (IOException e) {
            throw new CliException("cannot write " + out.get() + ": " + e.getMessage(), 1, e);
        }
    }

    /** Every problem of the machines of {@code specification}, or the entries when there is none. */
    static List<ManagedMachine> validMachines(VersionedSpecification specification, String source) {
        MachinesValidation validation = MachinesValidator.validate(specification.machines());
        if (!validation.valid()) {
            throw new CliException(source + ": invalid machines: " + validation.errors().stream()
                    .map(p -> p.describe()).collect(Collectors.joining("; ")));
        }
        return validation.machines();
    }

    /** {@code serial 43 for audience production, issued …, expires …} */
    static String describe(VersionedSpecification.Header header) {
        return "serial " + header.serial() + " for audience " + header.audience() + ", issued " + header.issued()
                + header.expires().map(e -> ", expires " + e).orElse(", never expires");
    }

    /** {@code in 29d23h59m} or {@code 2h5m ago}, to the minute, in the units --expires takes. */
    static String relative(Instant when, Instant now) {
        Duration d = Duration.between(now, when).truncatedTo(ChronoUnit.MINUTES);
        Duration a = d.abs();
        String text = (a.toDays() > 0 ? a.toDays() + "d" : "") + (a.toHoursPart() > 0 ? a.toHoursPart() + "h" : "")
                + (a.toMinutesPart() > 0 || a.toHours() == 0 ? a.toMinutesPart() + "m" : "");
        return d.isNegative() ? text + " ago" : "in " + text;
    }

    /** The lines of a trust document's keys: {@code <keyid>  <public key>}, the id abbreviated unless {@code full}. */
    static List<String> keys(TrustDocument document, boolean full) {
        return document.keyring().keys().stream()
                .map(k -> (full ? k.keyId().hex() : k.keyId().abbreviated() + "...") + "  " + k.hex()).toList();
    }

    /** One line per signature: {@code <keyid abbreviated>...  valid (key <hex>)}. */
    static List<String> signatures(SignatureCheck check) {
        return check.signatures().stream()
                .map(s -> s.keyid().abbreviated() + "...  " + s.status().description()
                        + s.key().map(k -> " (public key " + k.hex() + ")").orElse(""))
                .toList();
    }

    /** A public key argument: hex or a key file. */
    static Ed25519PublicKey publicKey(String text) {
        return VerifyCommand.publicKey(text);
    }
}
