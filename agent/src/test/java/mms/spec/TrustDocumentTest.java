package mms.spec;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class TrustDocumentTest {
    static final List<Ed25519PublicKey> K123 = Signers.publics(Signers.K1, Signers.K2, Signers.K3);

    static Envelope envelope(String payload) {
        return Envelope.unsigned(TrustDocument.PAYLOAD_TYPE, payload.getBytes(UTF_8));
    }

    static String key(Ed25519PrivateKey k) {
        return "{\"keyid\":\"" + k.publicKey().keyId() + "\",\"public_key\":\"" + k.publicKey().hex() + "\"}";
    }

    @Test
    void listsKeysWithTheirIdsAndTheThresholdAndReadsThemBack() throws Exception {
        TrustDocument document = Signers.trust(3, 2, K123, Signers.K1, Signers.K2);

        assertThat(new String(document.envelope().payload(), UTF_8)).isEqualTo("{\"version\":3,\"issued\":"
                + "\"2026-01-01T00:00:00Z\",\"threshold\":2,\"keys\":[" + key(Signers.K1) + "," + key(Signers.K2) + ","
                + key(Signers.K3) + "]}");
        TrustDocument read = TrustDocument.parse(document.toJson());
        assertThat(read).isEqualTo(document);
        assertThat(read.version()).isEqualTo(3);
        assertThat(read.keyring()).isEqualTo(new Keyring(K123, 2));
        assertThat(read.selfCheck().met()).isTrue();
    }

    @Test
    void aStartingDocumentMustBeSignedByAThresholdOfItsOwnKeys() throws Exception {
        String once = Signers.trust(1, 2, K123, Signers.K1).toJson();

        assertThatThrownBy(() -> TrustDocument.parseSelfSigned(once, "trust_file /etc/mms/trust.json"))
                .hasMessage("trust_file /etc/mms/trust.json: trust document version 1 is not signed by a threshold of its"
                        + " own keys: 1 valid signature of the 2 required (" + Signers.K1.publicKey().keyId().abbreviated()
                        + "...: valid)");
        assertThat(TrustDocument.parseSelfSigned(Signers.trust(1, 2, K123, Signers.K3, Signers.K2).toJson(), "x").version())
                .isEqualTo(1);
    }

    @Test
    void aSuccessorIsNewerAndSignedByThresholdsOfTheTrustedKeysAndOfItsOwn() {
        Keyring current = new Keyring(K123, 2);
        List<Ed25519PublicKey> rotated = Signers.publics(Signers.K2, Signers.K3, Signers.K4);

        assertThat(Signers.trust(4, 2, rotated, Signers.K1, Signers.K2, Signers.K4).successorProblem(current, 3)).isEmpty();
        assertThat(Signers.trust(4, 2, rotated, Signers.K2, Signers.K4).successorProblem(current, 3)).hasValueSatisfying(
                p -> assertThat(p).startsWith("trust document version 4 is not signed by a threshold of the trusted keys"
                        + " of version 3: 1 valid signature of the 2 required"));
        assertThat(Signers.trust(4, 2, rotated, Signers.K1, Signers.K2).successorProblem(current, 3)).hasValueSatisfying(
                p -> assertThat(p).startsWith("trust document version 4 is not signed by a threshold of its own keys:"));
        assertThat(Signers.trust(3, 2, rotated, Signers.K1, Signers.K2, Signers.K4).successorProblem(current, 3))
                .contains("trust document version 3 is not newer than the trusted version 3");
    }

    @Test
    void nextIsTheFollowingVersionUnsigned() {
        TrustDocument next = Signers.trust(3, 2, K123, Signers.K1, Signers.K2)
                .next(new Keyring(Signers.publics(Signers.K1, Signers.K2), 2), Signers.ISSUED);

        assertThat(next.version()).isEqualTo(4);
        assertThat(next.envelope().signatures()).isEmpty();
    }

    @Test
    void readsStrictly() {
        String k1 = key(Signers.K1);
        assertThatThrownBy(() -> TrustDocument.read(envelope("{\"version\":1,\"issued\":\"2026-01-01T00:00:00Z\","
                + "\"threshold\":2,\"keys\":[" + k1 + "]}")))
                .hasMessage("invalid trust document: threshold must be an integer from 1 to 1, got 2");
        assertThatThrownBy(() -> TrustDocument.read(envelope("{\"version\":1,\"issued\":\"2026-01-01T00:00:00Z\","
                + "\"threshold\":1,\"keys\":[" + k1 + "," + k1 + "]}")))
                .hasMessage("invalid trust document: keys[1] lists key " + Signers.K1.publicKey().keyId().abbreviated()
                        + "... a second time");
        assertThatThrownBy(() -> TrustDocument.read(envelope("{\"version\":1,\"issued\":\"2026-01-01T00:00:00Z\","
                + "\"threshold\":1,\"keys\":[" + k1.replace(Signers.K1.publicKey().keyId().hex(),
                Signers.K2.publicKey().keyId().hex()) + "]}")))
                .hasMessage("invalid trust document: keys[0].keyid '" + Signers.K2.publicKey().keyId().hex()
                        + "' is not the id of its public key, " + Signers.K1.publicKey().keyId());
        assertThatThrownBy(() -> TrustDocument.read(envelope("{\"version\":1,\"issued\":\"2026-01-01T00:00:00Z\","
                + "\"threshold\":1,\"keys\":[]}")))
                .hasMessage("invalid trust document: keys must be an array of 1 to 64 keys, got 0 keys");
        assertThatThrownBy(() -> TrustDocument.read(envelope("{\"version\":1,\"issued\":\"2026-01-01T00:00:00Z\","
                + "\"threshold\":1,\"keys\":[{\"keyid\":\"x\",\"public_key\":\"abc\"}]}")))
                .hasMessage("invalid trust document: keys[0].public_key: public key is not valid hex: odd length 3");
        assertThatThrownBy(() -> TrustDocument.read(envelope("{\"version\":1,\"threshold\":1,\"keys\":[" + k1 + "]}")))
                .hasMessage("invalid trust document: member 'issued' is missing");
        assertThatThrownBy(() -> TrustDocument.parse(Signers.spec(1, Signers.K1).toJson()))
                .hasMessageStartingWith("not a trust document: the envelope's payloadType is");
    }
}
