package mms.spec;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;

/**
 * A short fuzz of the readers of signed documents (the DSSE envelope, versioned specifications,
 * trust documents, the original's format) and of the gate, on every build: generated and mutated
 * input is read or refused with a one-line message, nothing else, and no mutation of a signed
 * document keeps its signatures over other bytes. {@code scripts/bench mms.spec.bench.EnvelopeFuzzBench}
 * runs the same for minutes.
 */
class SignedDocumentParsersTest {
    static Path ledger;

    @BeforeContainer
    static void createLedger() {
        ledger = EnvelopeFuzz.ledgerDirectory();
    }

    @AfterContainer
    static void removeLedger() {
        mms.kv.testing.NatsServer.deleteTree(ledger);
    }

    @Provide
    Arbitrary<String> anyText() {
        return EnvelopeFuzz.anyText();
    }

    @Provide
    Arbitrary<String> json() {
        return EnvelopeFuzz.json();
    }

    @Provide
    Arbitrary<String> mutated() {
        return EnvelopeFuzz.mutated();
    }

    @Provide
    Arbitrary<String> wrapped() {
        return EnvelopeFuzz.wrapped();
    }

    @Property
    void anyTextIsReadOrRefusedWithAClearError(@ForAll("anyText") String input) {
        assertThat(EnvelopeFuzz.violations(input, ledger)).isEmpty();
    }

    @Property
    void anyJsonIsReadOrRefusedWithAClearError(@ForAll("json") String input) {
        assertThat(EnvelopeFuzz.violations(input, ledger)).isEmpty();
    }

    @Property
    void aMutatedDocumentIsRefusedOrStillSignsTheSameBytes(@ForAll("mutated") String input) {
        assertThat(EnvelopeFuzz.violations(input, ledger)).isEmpty();
    }

    @Property
    void aGeneratedPayloadIsReadOrRefusedWithAClearError(@ForAll("wrapped") String input) {
        assertThat(EnvelopeFuzz.violations(input, ledger)).isEmpty();
    }

    @Provide
    Arbitrary<String> audiences() {
        return Arbitraries.strings().all().ofMinLength(1).ofMaxLength(VersionedSpecification.MAX_AUDIENCE_LENGTH)
                .filter(a -> VersionedSpecification.audienceProblem(a) == null);
    }

    @Property
    void whatIsPackedIsReadBackExactly(@ForAll("audiences") String audience,
                                       @ForAll @net.jqwik.api.constraints.LongRange(min = 1,
                                               max = VersionedSpecification.MAX_SERIAL) long serial,
                                       @ForAll @net.jqwik.api.constraints.IntRange(min = 1, max = 100_000) int days)
            throws Exception {
        Instant issued = Instant.parse("2026-01-01T00:00:00Z");
        VersionedSpecification.Header header = new VersionedSpecification.Header(serial, issued,
                Optional.of(issued.plus(Duration.ofDays(days))), audience);
        VersionedSpecification packed = VersionedSpecification.create(Signers.MACHINES.getBytes(UTF_8), header)
                .signedBy(Signers.K1);

        VersionedSpecification read = VersionedSpecification.parse(packed.toJson());

        assertThat(read.header()).isEqualTo(header);
        assertThat(read.machines()).isEqualTo(Signers.MACHINES.getBytes(UTF_8));
        assertThat(read.envelope().signedBytes()).isEqualTo(packed.envelope().signedBytes());
    }
}
