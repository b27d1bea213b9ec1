package mms.spec;

import static java.nio.charset.StandardCharsets.UTF_8;
import com.fasterxml.jackson.databind.node.TextNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import mms.json.Json;
import mms.spec.match.MatchEnvironment;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;

/**
 * Inputs for fuzzing the readers of signed documents, and the rules every input must satisfy.
 * Shared by the short property run of the suite ({@code SignedDocumentParsersTest}) and the
 * long one of {@code scripts/bench mms.spec.bench.EnvelopeFuzzBench}.
 *
 * <p>Inputs come in four kinds: any text; JSON built from the members the readers know, with
 * values of every type; valid documents (a signed versioned specification, a signed trust
 * document, the original's example) mutated byte by byte; and envelopes whose payload is such
 * generated or mutated JSON, so the payload readers are reached past the base64.
 */
public final class EnvelopeFuzz {

    /** Trust of the gate under fuzz: version 1, K1 to K3, two must sign. */
    static final TrustDocument TRUST = Signers.trust(1, 2, Signers.publics(Signers.K1, Signers.K2, Signers.K3),
            Signers.K1, Signers.K2);
    static final VersionedSpecification SPEC = Signers.spec(7, Optional.of(Signers.ISSUED.plus(Duration.ofDays(30))),
            Trust.DEFAULT_AUDIENCE, Signers.MACHINES, Signers.K1, Signers.K2);
    /** The valid documents mutations start from. */
    static final List<String> SEEDS = List.of(SPEC.toJson(), TRUST.toJson(), SeedVector.ENVELOPE,
            Signers.trust(2, 2, Signers.publics(Signers.K2, Signers.K3, Signers.K4), Signers.K2, Signers.K3, Signers.K4)
                    .toJson());
    /** Payloads whose mutations are wrapped in envelopes. */
    static final List<String> PAYLOADS = List.of(new String(SPEC.envelope().payload(), UTF_8),
            new String(TRUST.envelope().payload(), UTF_8), Signers.MACHINES);
    static final List<String> MEMBERS = List.of("payloadType", "payload", "signatures", "keyid", "sig", "machines",
            "signature", "serial", "issued", "expires", "audience", "version", "threshold", "keys", "public_key",
            "name", "source", "checksum", "verify_checksum", "match", "Machines", "");
    static final List<String> TYPES = List.of(VersionedSpecification.PAYLOAD_TYPE, TrustDocument.PAYLOAD_TYPE,
            "application/json", "");

    private EnvelopeFuzz() {}

    /** Every kind of input, in proportions that keep most of them near valid. */
    public static Arbitrary<String> inputs() {
        return Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(1, anyText()),
                net.jqwik.api.Tuple.of(2, json()),
                net.jqwik.api.Tuple.of(4, mutated()),
                net.jqwik.api.Tuple.of(3, wrapped()));
    }

    /** Any text: every character, and a bias towards those JSON is made of. */
    public static Arbitrary<String> anyText() {
        return Arbitraries.oneOf(Arbitraries.strings().all().ofMaxLength(300),
                Arbitraries.strings().withChars("{}[]\":,.-+eE0123456789abcdeflnrstu\\ \n").ofMaxLength(300),
                Arbitraries.integers().between(1, 20_000).map(n -> "[".repeat(n)),
                Arbitraries.integers().between(1, 20_000).map(n -> "{\"a\":".repeat(n)));
    }

    /** JSON of the readers' members with values of any type, up to four levels deep. */
    public static Arbitrary<String> json() {
        return Arbitraries.recursive(EnvelopeFuzz::leaf, inner -> Arbitraries.oneOf(inner, object(inner), array(inner)),
                0, 4);
    }

    /** A valid document with one mutation: a byte flipped, a range cut, duplicated or replaced by text. */
    public static Arbitrary<String> mutated() {
        return mutations(Arbitraries.of(SEEDS));
    }

    /** Envelopes of any type whose payload is generated or mutated JSON, with well-formed signatures. */
    public static Arbitrary<String> wrapped() {
        Arbitrary<String> payload = Arbitraries.oneOf(json(), mutations(Arbitraries.of(PAYLOADS)));
        Arbitrary<String> signature = Combinators.combine(Arbitraries.of(Signers.K1, Signers.K2, Signers.STRANGER),
                        Arbitraries.bytes().array(byte[].class).ofSize(64))
                .as((k, sig) -> "{\"keyid\":\"" + k.publicKey().keyId() + "\",\"sig\":\""
                        + Base64.getEncoder().encodeToString(sig) + "\"}");
        return Combinators.combine(Arbitraries.of(TYPES), payload, signature.list().ofMaxSize(3))
                .as((type, p, sigs) -> "{\"payloadType\":" + quote(type) + ",\"payload\":\""
                        + Base64.getEncoder().encodeToString(p.getBytes(UTF_8)) + "\",\"signatures\":["
                        + String.join(",", sigs) + "]}");
    }

    private static Arbitrary<String> mutations(Arbitrary<String> seeds) {
        return Combinators.combine(seeds, Arbitraries.of(Mutation.values()), Arbitraries.doubles().between(0, 1),
                        Arbitraries.integers().between(1, 64), Arbitraries.strings().all().ofMaxLength(8))
                .as((seed, mutation, where, length, text) -> mutation.apply(seed, (int) (where * seed.length()), length, text));
    }

    private enum Mutation {
        FLIP {
            @Override
            String apply(String s, int at, int length, String text) {
                char[] chars = s.toCharArray();
                if (chars.length > 0) {
                    int i = Math.min(at, chars.length - 1);
                    chars[i] = (char) (chars[i] ^ (1 << (length % 7)));
                }
                return new String(chars);
            }
        },
        CUT {
            @Override
            String apply(String s, int at, int length, String text) {
                return s.substring(0, at) + s.substring(Math.min(s.length(), at + length));
            }
        },
        DUPLICATE {
            @Override
            String apply(String s, int at, int length, String text) {
                return s.substring(0, at) + s.substring(at, Math.min(s.length(), at + length)) + s.substring(at);
            }
        },
        INSERT {
            @Override
            String apply(String s, int at, int length, String text) {
                return s.substring(0, at) + text + s.substring(at);
            }
        },
        REPLACE {
            @Override
            String apply(String s, int at, int length, String text) {
                return s.substring(0, at) + text + s.substring(Math.min(s.length(), at + length));
            }
        },
        TRUNCATE {
            @Override
            String apply(String s, int at, int length, String text) {
                return s.substring(0, at);
            }
        };

        abstract String apply(String seed, int at, int length, String text);
    }

    private static Arbitrary<String> leaf() {
        return Arbitraries.oneOf(
                Arbitraries.strings().all().ofMaxLength(20).map(EnvelopeFuzz::quote),
                Arbitraries.of(MEMBERS).map(EnvelopeFuzz::quote),
                Arbitraries.of(TYPES).map(EnvelopeFuzz::quote),
                Arbitraries.of("true", "false", "null", "0", "-0", "1", "7", "1.5", "1e400", "-1", "9007199254740991",
                        "9007199254740992", "18446744073709551616", "\"2026-01-01T00:00:00Z\"", "\"2026-13-01T00:00:00Z\"",
                        "\"MACHINES/machines\"", "\"W10=\"", "\"e30\""),
                Arbitraries.longs().map(String::valueOf),
                Arbitraries.bytes().array(byte[].class).ofMaxSize(80).map(b -> quote(Base64.getEncoder().encodeToString(b))),
                Arbitraries.bytes().array(byte[].class).ofMaxSize(40).map(b -> quote(HexFormat.of().formatHex(b))),
                Arbitraries.of(Signers.K1, Signers.K2, Signers.STRANGER)
                        .map(k -> quote(k.publicKey().keyId().hex())),
                Arbitraries.of(Signers.K1, Signers.K2, Signers.STRANGER).map(k -> quote(k.publicKey().hex())));
    }

    private static Arbitrary<String> object(Arbitrary<String> values) {
        Arbitrary<String> key = Arbitraries.oneOf(Arbitraries.of(MEMBERS), Arbitraries.strings().all().ofMaxLength(10));
        return Combinators.combine(key, values).as((k, v) -> quote(k) + ":" + v).list().ofMaxSize(5)
                .map(members -> "{" + String.join(",", members) + "}");
    }

    private static Arbitrary<String> array(Arbitrary<String> values) {
        return values.list().ofMaxSize(4).map(items -> "[" + String.join(",", items) + "]");
    }

    private static String quote(String text) {
        return Json.write(TextNode.valueOf(text));
    }

    /**
     * Feeds {@code input} to every reader and to a gate, and returns what broke a rule: a reader
     * may return or throw {@link SpecificationException} with a message on one line, and nothing
     * else; the gate never throws; a document that still carries the threshold of valid signatures
     * carries exactly the signed payload of one of the seeds.
     *
     * @param ledger a directory for the gate's ledger
     * @return the violations, empty when there is none
     */
    public static List<String> violations(String input, Path ledger) {
        List<String> out = new ArrayList<>();
        read(out, input, "Envelope.parse", () -> Envelope.parse(input));
        read(out, input, "VersionedSpecification.parse", () -> VersionedSpecification.parse(input));
        read(out, input, "TrustDocument.parse", () -> TrustDocument.parse(input));
        read(out, input, "Specification.parse", () -> Specification.parse(input));
        read(out, input, "TrustDocument.parseSelfSigned", () -> TrustDocument.parseSelfSigned(input, "fuzz"));
        try {
            Envelope envelope = Envelope.parse(input);
            if (TRUST.keyring().check(envelope).met() && SEEDS.stream().noneMatch(seed -> sameSignedBytes(seed, envelope))) {
                out.add("a mutation kept a threshold of valid signatures over other bytes: " + Excerpt.of(input));
            }
        } catch (SpecificationException | RuntimeException ignored) {
            // reported above
        }
        try {
            SpecificationGate gate = new SpecificationGate(Trust.NONE.withDocument(TRUST), SpecificationLedger.in(ledger),
                    InstantSource.fixed(Signers.ISSUED.plus(Duration.ofHours(1))));
            for (SpecificationGate.Decision decision : List.of(
                    gate.decide("machines", input, Optional.of(new SpecificationGate.TrustItem("trust", Optional.of(input))),
                            MatchEnvironment.of("fuzz", Json.object())),
                    gate.decide("machines", input, Optional.empty(), MatchEnvironment.of("fuzz", Json.object())))) {
                if (decision instanceof SpecificationGate.Decision.Rejected r && (r.reason().isBlank()
                        || r.reason().chars().anyMatch(EnvelopeFuzz::breaksALine))) {
                    out.add("the gate refused (" + r.refusal().wireName() + ") with an unclear reason "
                            + Excerpt.of(r.reason()) + " for: " + Excerpt.of(input));
                }
            }
        } catch (RuntimeException | StackOverflowError e) {
            out.add("SpecificationGate.decide threw " + e + " for: " + Excerpt.of(input));
        }
        return out;
    }

    /** Characters that end or forge a line in a log: controls (tab included) and unicode line separators. */
    static boolean breaksALine(int c) {
        return c < 0x20 || c == 0x7f || (c >= 0x80 && c <= 0x9f) || c == 0x2028 || c == 0x2029;
    }

    private static boolean sameSignedBytes(String seed, Envelope envelope) {
        try {
            return Arrays.equals(Envelope.parse(seed).signedBytes(), envelope.signedBytes());
        } catch (SpecificationException e) {
            return false;
        }
    }

    @FunctionalInterface
    private interface Reader {
        Object read() throws SpecificationException;
    }

    private static void read(List<String> out, String input, String name, Reader reader) {
        try {
            reader.read();
        } catch (SpecificationException e) {
            String message = e.getMessage();
            if (message == null || message.isBlank() || message.chars().anyMatch(EnvelopeFuzz::breaksALine)) {
                out.add(name + " refused with an unclear message " + Excerpt.of(String.valueOf(message)) + " for: "
                        + Excerpt.of(input));
            }
        } catch (RuntimeException | StackOverflowError | OutOfMemoryError e) {
            out.add(name + " threw " + e + " instead of a clear error for: " + Excerpt.of(input));
        }
    }

    /** A fresh directory for a gate's ledger. */
    public static Path ledgerDirectory() {
        try {
            return Files.createTempDirectory("mms-fuzz-ledger-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
