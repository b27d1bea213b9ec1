package mms.spec;

import static mms.spec.Signers.K1;
import static mms.spec.Signers.K2;
import static mms.spec.Signers.K3;
import static mms.spec.Signers.K4;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import mms.json.Json;
import mms.spec.SpecificationGate.Decision;
import mms.spec.match.MatchEnvironment;
import mms.time.ManualTimeSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The rules of {@link SpecificationGate}, one by one: what is accepted, and for every threat the
 * named reason it is refused with. The machines watcher's threat matrix shows the same refusals
 * leave the machines directory untouched.
 */
class SpecificationGateTest {
    static final String ITEM = "machines";
    static final String TRUST_ITEM = "trust";
    static final Instant EXPIRES = Signers.ISSUED.plus(Duration.ofDays(30));
    /** Trust version 1: K1, K2, K3, two of them must sign. */
    static final TrustDocument V1 = Signers.trust(1, 2, Signers.publics(K1, K2, K3), K1, K2);
    /** Version 2 rotates K1 out and K4 in, signed by two of version 1 and two of its own. */
    static final TrustDocument V2 = Signers.trust(2, 2, Signers.publics(K2, K3, K4), K2, K3, K4);
    static final MatchEnvironment NODE = MatchEnvironment.of("node1.example.net", Json.object());

    @TempDir
    Path dir;
    final ManualTimeSource time = new ManualTimeSource(Signers.ISSUED.plus(Duration.ofHours(1)));
    Trust trust = Trust.NONE.withDocument(V1);
    Optional<String> trustDocument = Optional.empty();

    Decision decide(String envelope) {
        SpecificationGate gate = new SpecificationGate(trust, SpecificationLedger.in(dir), time);
        return gate.decide(ITEM, envelope, Optional.of(new SpecificationGate.TrustItem(TRUST_ITEM, trustDocument)), NODE);
    }

    Decision decide(VersionedSpecification spec) {
        return decide(spec.toJson());
    }

    static VersionedSpecification spec(long serial, Ed25519PrivateKey... signers) {
        return Signers.spec(serial, Optional.of(EXPIRES), Trust.DEFAULT_AUDIENCE, Signers.MACHINES, signers);
    }

    static Refusal refusal(Decision decision) {
        assertThat(decision).isInstanceOf(Decision.Rejected.class);
        return ((Decision.Rejected) decision).refusal();
    }

    static String reason(Decision decision) {
        return ((Decision.Rejected) decision).reason();
    }

    Optional<SpecificationLedger.Applied> applied() throws Exception {
        return SpecificationLedger.in(dir).applied(ITEM);
    }

    // --- accepted

    @Test
    void acceptsASpecificationSignedByTheThresholdAndRecordsItsSerialBeforeActing() throws Exception {
        Decision decision = decide(spec(7, K1, K3));

        assertThat(decision).isInstanceOfSatisfying(Decision.Desired.class, d -> {
            assertThat(d.names()).containsExactly("web");
            assertThat(d.wanted()).extracting(ManagedMachine::name).containsExactly("web");
            assertThat(d.verified()).isTrue();
            assertThat(d.provenance().fresh()).isTrue();
            assertThat(d.provenance().signers()).containsExactly(K1.publicKey().keyId(), K3.publicKey().keyId());
            assertThat(d.provenance().describe()).isEqualTo("serial 7 for audience MACHINES/machines, issued"
                    + " 2026-01-01T00:00:00Z, expires 2026-01-31T00:00:00Z, signed by 2 keys of trust document version 1");
        });
        assertThat(applied()).hasValueSatisfying(a -> {
            assertThat(a.serial()).isEqualTo(7);
            assertThat(a.digest()).isEqualTo(spec(7).payloadDigest());
            assertThat(a.recorded()).isEqualTo(time.instant());
        });
    }

    @Test
    void theAppliedSpecificationIsAppliedAgainAtEveryCheckWithMoreSignaturesToo() throws Exception {
        decide(spec(7, K1, K3));
        Instant recorded = applied().orElseThrow().recorded();
        time.advance(Duration.ofMinutes(1));

        Decision again = decide(spec(7, K1, K2, K3));

        assertThat(again).isInstanceOfSatisfying(Decision.Desired.class, d -> assertThat(d.provenance().fresh()).isFalse());
        assertThat(applied().orElseThrow().recorded()).isEqualTo(recorded);
        assertThat(decide(spec(8, K2, K3))).isInstanceOf(Decision.Desired.class);
        assertThat(applied().orElseThrow().serial()).isEqualTo(8);
    }

    @Test
    void theOriginalsFormatStillWorksUnderItsSingleKey() throws Exception {
        trust = Trust.of(Optional.of(Ed25519PublicKey.parse(SeedVector.PUBLIC)), false);

        assertThat(decide(SeedVector.ENVELOPE)).isInstanceOfSatisfying(Decision.Desired.class, d -> {
            assertThat(d.names()).containsExactly("facts");
            assertThat(d.provenance().header()).isEmpty();
            assertThat(d.provenance().describe()).isEqualTo("the original's format, signed by 1 key of public key "
                    + SeedVector.PUBLIC);
        });
    }

    @Test
    void aVersionedSpecificationWorksUnderASingleKeyToo() {
        trust = Trust.of(Optional.of(K1.publicKey()), false);

        assertThat(decide(spec(1, K1))).isInstanceOf(Decision.Desired.class);
        assertThat(refusal(decide(spec(2, K2)))).isEqualTo(Refusal.BELOW_THRESHOLD);
    }

    @Test
    void allowUnsignedAcceptsWithoutSignaturesButStillRefusesARollback() {
        trust = Trust.of(Optional.empty(), true);

        assertThat(decide(spec(5))).isInstanceOfSatisfying(Decision.Desired.class, d -> assertThat(d.verified()).isFalse());
        assertThat(refusal(decide(spec(4)))).isEqualTo(Refusal.ROLLBACK);
    }

    // --- refused: the threats

    @Test
    void refusesARollbackToAnOlderSerial() {
        decide(spec(8, K1, K2));

        Decision decision = decide(spec(7, K1, K2));

        assertThat(refusal(decision)).isEqualTo(Refusal.ROLLBACK);
        assertThat(reason(decision)).isEqualTo("specification serial 7 is older than serial 8 applied at "
                + time.instant() + ": a rollback is refused");
    }

    @Test
    void refusesTheSameSerialWithOtherContent() throws Exception {
        decide(spec(8, K1, K2));
        VersionedSpecification other = Signers.spec(8, Optional.of(EXPIRES), Trust.DEFAULT_AUDIENCE, "[]", K1, K2);

        Decision decision = decide(other);

        assertThat(refusal(decision)).isEqualTo(Refusal.REPLAY);
        assertThat(reason(decision)).startsWith("specification serial 8 differs from the serial 8 applied at")
                .endsWith("(payload sha-256 " + other.payloadDigest() + ", applied " + spec(8).payloadDigest()
                        + "): a serial is never reused");
        assertThat(applied().orElseThrow().digest()).isEqualTo(spec(8).payloadDigest());
    }

    @Test
    void refusesANewerSpecificationThatExpiredAfterTheSkewAllowance() throws Exception {
        time.advance(Duration.between(time.instant(), EXPIRES.plus(SpecificationGate.CLOCK_SKEW)));
        assertThat(decide(spec(3, K1, K2))).isInstanceOf(Decision.Desired.class);

        time.advance(Duration.ofSeconds(1));
        Decision decision = decide(spec(4, K1, K2));

        assertThat(refusal(decision)).isEqualTo(Refusal.EXPIRED);
        assertThat(reason(decision)).isEqualTo("specification serial 4 expired at 2026-01-31T00:00:00Z (now"
                + " 2026-01-31T00:05:01Z, allowing 5m0s of clock skew): an expired specification is refused");
        assertThat(applied().orElseThrow().serial()).isEqualTo(3);
    }

    @Test
    void whenTheAppliedSpecificationExpiresTheNodeKeepsItAndReportsItselfStale() throws Exception {
        decide(spec(3, K1, K2));
        time.advance(Duration.ofDays(31));

        Decision decision = decide(spec(3, K1, K2));

        assertThat(refusal(decision)).isEqualTo(Refusal.STALE);
        assertThat(reason(decision)).startsWith("the applied specification serial 3 expired at 2026-01-31T00:00:00Z")
                .endsWith(": this node keeps running it, changes nothing and is stale until a newer specification is"
                        + " published");
        assertThat(applied().orElseThrow().serial()).isEqualTo(3);
        assertThat(decide(Signers.spec(4, Optional.of(time.instant().plus(Duration.ofDays(1))), Trust.DEFAULT_AUDIENCE,
                Signers.MACHINES, K1, K2))).isInstanceOf(Decision.Desired.class);
    }

    @Test
    void refusesASpecificationForAnotherAudience() {
        trust = trust.withAudience("production");

        Decision decision = decide(Signers.spec(1, Optional.empty(), "staging", Signers.MACHINES, K1, K2));

        assertThat(refusal(decision)).isEqualTo(Refusal.FOREIGN_AUDIENCE);
        assertThat(reason(decision)).isEqualTo("specification serial 1 is for audience 'staging', this node's audience"
                + " is 'production'");
    }

    @Test
    void refusesFewerSignaturesThanTheThreshold() {
        Decision decision = decide(spec(1, K1));

        assertThat(refusal(decision)).isEqualTo(Refusal.BELOW_THRESHOLD);
        assertThat(reason(decision)).isEqualTo("specification serial 1 is signed by too few trusted keys of trust"
                + " document version 1: 1 valid signature of the 2 required (" + K1.publicKey().keyId().abbreviated() + "...: valid)");
    }

    @Test
    void refusesAnUnsignedSpecificationAndOneWhenNoKeyIsConfigured() {
        assertThat(refusal(decide(spec(1)))).isEqualTo(Refusal.UNSIGNED);
        assertThat(reason(decide(spec(1)))).isEqualTo("specification serial 1 is not signed: trust document version 1"
                + " requires 2 signatures");
        trust = Trust.NONE;
        assertThat(refusal(decide(spec(1, K1)))).isEqualTo(Refusal.NO_TRUST);
    }

    @Test
    void aSignatureByAKeyRemovedFromTheTrustDoesNotCount() {
        trustDocument = Optional.of(V2.signedBy(K1).toJson());

        Decision decision = decide(spec(1, K1, K2));

        assertThat(refusal(decision)).isEqualTo(Refusal.BELOW_THRESHOLD);
        assertThat(reason(decision)).contains("of trust document version 2: 1 valid signature of the 2 required",
                K1.publicKey().keyId().abbreviated() + "...: not a trusted key");
    }

    @Test
    void refusesARotationNotSignedByAThresholdOfTheTrustedKeys() throws Exception {
        TrustDocument byNewKeysOnly = Signers.trust(2, 2, Signers.publics(K4, Signers.STRANGER), K4, Signers.STRANGER);
        trustDocument = Optional.of(byNewKeysOnly.toJson());

        Decision decision = decide(spec(1, K4, Signers.STRANGER));

        assertThat(refusal(decision)).isEqualTo(Refusal.ROTATION_REFUSED);
        assertThat(reason(decision)).isEqualTo("trust document in data item trust: trust document version 2 is not"
                + " signed by a threshold of the trusted keys of version 1: 0 valid signatures of the 2 required ("
                + K4.publicKey().keyId().abbreviated() + "...: not a trusted key; "
                + Signers.STRANGER.publicKey().keyId().abbreviated() + "...: not a trusted key); still trusting trust"
                + " document version 1");
        assertThat(Files.exists(dir.resolve(SpecificationLedger.FILE_NAME))).isFalse();
    }

    @Test
    void refusesARotationNotSignedByAThresholdOfItsOwnKeys() {
        trustDocument = Optional.of(Signers.trust(2, 2, Signers.publics(K4, Signers.STRANGER), K1, K2, K4).toJson());

        Decision decision = decide(spec(1, K4, Signers.STRANGER));

        assertThat(refusal(decision)).isEqualTo(Refusal.ROTATION_REFUSED);
        assertThat(reason(decision)).contains("trust document version 2 is not signed by a threshold of its own keys: 1"
                + " valid signature of the 2 required");
    }

    @Test
    void refusesAnOlderTrustDocumentAndAnotherOneOfTheSameVersion() {
        trust = Trust.NONE.withDocument(V2);
        trustDocument = Optional.of(V1.toJson());
        assertThat(reason(decide(spec(1, K2, K3)))).startsWith("trust document in data item trust is version 1, older"
                + " than the trusted trust document version 2: a trust rollback is refused");

        trustDocument = Optional.of(Signers.trust(2, 1, Signers.publics(K2, K3, K4), K2, K3, K4).toJson());
        Decision decision = decide(spec(1, K2, K3));
        assertThat(refusal(decision)).isEqualTo(Refusal.ROTATION_REFUSED);
        assertThat(reason(decision)).startsWith("trust document in data item trust is version 2 but differs from the"
                + " trusted trust document version 2: a version is never reused");
    }

    @Test
    void refusesAnUnreadableTrustDocument() {
        trustDocument = Optional.of("{\"payloadType\":1}");

        Decision decision = decide(spec(1, K1, K2));

        assertThat(refusal(decision)).isEqualTo(Refusal.ROTATION_REFUSED);
        assertThat(reason(decision)).isEqualTo("trust document in data item trust: invalid envelope: member 'payload' is"
                + " missing; still trusting trust document version 1");
    }

    @Test
    void refusesTheOriginalsFormatUnderATrustDocument() {
        Decision decision = decide(Signers.original(K1).toJson());

        assertThat(refusal(decision)).isEqualTo(Refusal.LEGACY_REFUSED);
        assertThat(reason(decision)).isEqualTo("the original's specification format (one signature, no serial, expiry"
                + " or audience) is refused: trust document version 1 requires versioned specifications"
                + " (allow_legacy: true accepts it)");
    }

    @Test
    void refusesTheOriginalsFormatOnceAVersionedSpecificationWasApplied() {
        trust = Trust.of(Optional.of(K1.publicKey()), false);
        assertThat(decide(Signers.original(K1).toJson())).isInstanceOf(Decision.Desired.class);
        decide(spec(1, K1));

        Decision decision = decide(Signers.original(K1).toJson());

        assertThat(refusal(decision)).isEqualTo(Refusal.LEGACY_REFUSED);
        assertThat(reason(decision)).endsWith("is refused: versioned specification serial 1 was applied from data item"
                + " machines, and the original's format could roll it back");
    }

    @Test
    void allowLegacyDecidesForTheOriginalsFormatWithinTheThreshold() {
        trust = trust.withAllowLegacy(true);
        assertThat(refusal(decide(Signers.original(K1).toJson()))).isEqualTo(Refusal.BELOW_THRESHOLD);

        trust = Trust.NONE.withDocument(Signers.trust(1, 1, Signers.publics(K1, K2), K1)).withAllowLegacy(true);
        assertThat(decide(Signers.original(K2).toJson())).isInstanceOf(Decision.Desired.class);
        assertThat(refusal(decide(Signers.original(Signers.STRANGER).toJson()))).isEqualTo(Refusal.BAD_SIGNATURE);

        trust = Trust.of(Optional.of(K1.publicKey()), false).withAllowLegacy(false);
        assertThat(reason(decide(Signers.original(K1).toJson()))).endsWith("is refused: allow_legacy is false");
    }

    @Test
    void unreadableAndInvalidSpecificationsAreNamedToo() {
        assertThat(refusal(decide("{\"payloadType\":\"" + VersionedSpecification.PAYLOAD_TYPE + "\"}")))
                .isEqualTo(Refusal.UNREADABLE);
        assertThat(refusal(decide(V1.toJson()))).isEqualTo(Refusal.UNREADABLE);
        assertThat(reason(decide(V1.toJson()))).isEqualTo("not a specification: the envelope's payloadType is"
                + " 'application/vnd.mms.trust.v1+json', expected application/vnd.mms.specification.v1+json");
        assertThat(refusal(decide("not json"))).isEqualTo(Refusal.UNREADABLE);
        Decision invalid = decide(Signers.spec(1, Optional.empty(), Trust.DEFAULT_AUDIENCE, TOO_MANY, K1, K2));
        assertThat(refusal(invalid)).isEqualTo(Refusal.INVALID);
        assertThat(reason(invalid)).startsWith("invalid machines specification: the specification has more than");
    }

    /** A document a node refuses as a whole: more entries than {@link MachinesValidator#MAX_ENTRIES}. */
    static final String TOO_MANY = "[" + "{},".repeat(MachinesValidator.MAX_ENTRIES) + "{}]";

    @Test
    void anInvalidSpecificationDoesNotRaiseTheSerial() throws Exception {
        decide(spec(1, K1, K2));

        decide(Signers.spec(9, Optional.empty(), Trust.DEFAULT_AUDIENCE, TOO_MANY, K1, K2));

        assertThat(applied().orElseThrow().serial()).isEqualTo(1);
    }

    // --- per-entry tolerance

    static String entry(String name, String checksum, String extra) {
        return "{\"name\":\"" + name + "\",\"source\":\"https://example.net/" + name + ".tgz\",\"verify_checksum\":\""
                + "b".repeat(64) + "\",\"checksum\":\"" + checksum + "\"" + extra + "}";
    }

    @Test
    void anEntryThisNodeCannotUseIsSkippedAndLeftAsItIsWhileTheOthersApply() throws Exception {
        String machines = "[" + String.join(",", entry("web", "a".repeat(64), ""),
                entry("templated", "{{ lookup('data.sum') }}", ""),
                entry("newer", "a".repeat(64), ",\"match\":\"some_future_function()\""),
                entry("mms_agent", "a".repeat(64), ""),
                entry("db", "a".repeat(64), ",\"match\":\"identity('^db')\"")) + "]";

        Decision decision = decide(Signers.spec(3, Optional.empty(), Trust.DEFAULT_AUDIENCE, machines, K1, K2));

        assertThat(decision).isInstanceOfSatisfying(Decision.Desired.class, d -> {
            assertThat(d.names()).containsExactly("web", "db");
            assertThat(d.wanted()).extracting(ManagedMachine::name).containsExactly("web");
            assertThat(d.skipped()).extracting(s -> s.name().orElseThrow()).containsExactly("templated", "newer", "mms_agent");
            assertThat(d.skipped().get(1).describe()).startsWith("machine 2 'newer': match: 'some_future_function()': ");
            assertThat(d.leftAsIs()).containsExactly("templated", "newer", "mms_agent");
            assertThat(d.skippedUnnamed()).isFalse();
        });
        assertThat(applied().orElseThrow().serial()).as("accepted, so recorded").isEqualTo(3);
    }

    @Test
    void everyEntryOfADuplicatedNameIsSkippedAndAnUnnamedOneIsNoticed() {
        trust = Trust.of(Optional.of(K1.publicKey()), false);
        String machines = "[" + String.join(",", entry("web", "a".repeat(64), ""), entry("web", "c".repeat(64), ""),
                entry("db", "a".repeat(64), ""), "{\"source\":\"https://example.net/x.tgz\"}") + "]";

        Decision decision = decide(Signers.spec(1, Optional.empty(), Trust.DEFAULT_AUDIENCE, machines, K1));

        assertThat(decision).isInstanceOfSatisfying(Decision.Desired.class, d -> {
            assertThat(d.wanted()).extracting(ManagedMachine::name).containsExactly("db");
            assertThat(d.leftAsIs()).containsExactly("web");
            assertThat(d.skippedUnnamed()).isTrue();
        });
    }

    @Test
    void theOriginalsFormatIsToleratedPerEntryTooButNotAPayloadThatIsNoList() {
        trust = Trust.of(Optional.of(K1.publicKey()), false);
        String machines = "[" + entry("web", "a".repeat(64), "") + "," + entry("x", "{{ .Sum }}", "") + "]";

        assertThat(decide(Specification.pack(machines.getBytes(java.nio.charset.StandardCharsets.UTF_8),
                Optional.of(K1)).toJson())).isInstanceOfSatisfying(Decision.Desired.class, d -> {
                    assertThat(d.names()).containsExactly("web");
                    assertThat(d.leftAsIs()).containsExactly("x");
                });
        assertThat(refusal(decide(Specification.pack("{\"name\":\"web\"}".getBytes(java.nio.charset.StandardCharsets.UTF_8),
                Optional.of(K1)).toJson()))).isEqualTo(Refusal.INVALID);
    }

    @Test
    void refusesEverythingWhenItCannotTellWhatItApplied() throws Exception {
        Files.writeString(dir.resolve(SpecificationLedger.FILE_NAME), "{\"protocol\":");

        Decision decision = decide(spec(1, K1, K2));

        assertThat(refusal(decision)).isEqualTo(Refusal.STATE_UNAVAILABLE);
        assertThat(reason(decision)).startsWith("specification state file " + dir.resolve(SpecificationLedger.FILE_NAME)
                + " is unusable (not json: ");
    }

    // --- rotation

    @Test
    void aRotationIsAdoptedDurablyAndSpecificationsByTheNewKeysApply() throws Exception {
        trustDocument = Optional.of(V2.signedBy(K1).toJson());

        SpecificationGate gate = new SpecificationGate(trust, SpecificationLedger.in(dir), time);
        assertThat(gate.decide(ITEM, spec(1, K3, K4).toJson(), Optional.of(new SpecificationGate.TrustItem(TRUST_ITEM,
                trustDocument)), NODE)).isInstanceOfSatisfying(Decision.Desired.class,
                d -> assertThat(d.provenance().trust()).isEqualTo("trust document version 2"));
        assertThat(gate.adopted()).contains(V2.signedBy(K1));
        assertThat(SpecificationLedger.in(dir).adopted(TRUST_ITEM)).contains(V2.signedBy(K1));

        trustDocument = Optional.empty(); // deleted from the store, or not read yet after a restart
        assertThat(decide(spec(2, K3, K4))).isInstanceOf(Decision.Desired.class);
        assertThat(refusal(decide(spec(3, K1, K2)))).isEqualTo(Refusal.BELOW_THRESHOLD);
        assertThat(gate.decide(ITEM, spec(3, K3, K4).toJson(), Optional.of(new SpecificationGate.TrustItem(TRUST_ITEM,
                Optional.empty())), NODE)).isInstanceOf(Decision.Desired.class);
        assertThat(gate.adopted()).isEmpty();
    }

    @Test
    void aNodeOnASigningKeyAdoptsATrustDocumentThatKeySigned() throws Exception {
        trust = Trust.of(Optional.of(K1.publicKey()), false);
        trustDocument = Optional.of(Signers.trust(1, 2, Signers.publics(K2, K3), K1, K2, K3).toJson());

        assertThat(decide(spec(1, K2, K3))).isInstanceOf(Decision.Desired.class);
        assertThat(refusal(decide(spec(2, K1)))).isEqualTo(Refusal.BELOW_THRESHOLD);
        assertThat(refusal(decide(Signers.original(K1).toJson()))).isEqualTo(Refusal.LEGACY_REFUSED);
    }

    @Test
    void aConfiguredDocumentNewerThanTheAdoptedOneWins() throws Exception {
        SpecificationLedger.in(dir).recordAdopted(TRUST_ITEM, V2);
        TrustDocument v3 = Signers.trust(3, 1, Signers.publics(Signers.STRANGER), Signers.STRANGER);
        trust = Trust.NONE.withDocument(v3);

        assertThat(decide(spec(1, Signers.STRANGER))).isInstanceOf(Decision.Desired.class);
        trust = Trust.NONE.withDocument(V1);
        assertThat(decide(spec(2, K3, K4))).isInstanceOf(Decision.Desired.class);
        assertThat(refusal(decide(spec(3, K1, K2)))).isEqualTo(Refusal.BELOW_THRESHOLD);
    }

    @Test
    void theSameTrustDocumentWithOtherSignaturesChangesNothing() throws Exception {
        trustDocument = Optional.of(V1.signedBy(K3).toJson());

        assertThat(decide(spec(1, K1, K2))).isInstanceOf(Decision.Desired.class);
        assertThat(SpecificationLedger.in(dir).adopted(TRUST_ITEM)).isEmpty();
    }

    @Test
    void nothingIsRecordedForAListOfNoMachinesWhenItIsRefused() {
        List.of(spec(1, K1), spec(1)).forEach(this::decide);

        assertThat(dir.resolve(SpecificationLedger.FILE_NAME)).doesNotExist();
    }
}
