package mms.spec;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;

class KeyringTest {
    static final Keyring TWO_OF_THREE = new Keyring(Signers.publics(Signers.K1, Signers.K2, Signers.K3), 2);
    static final Envelope DOCUMENT = Envelope.unsigned("t", "{}".getBytes(UTF_8));

    @Test
    void countsDistinctTrustedKeysThatSignedTheseBytes() {
        SignatureCheck check = TWO_OF_THREE.check(DOCUMENT.signedBy(Signers.K1).signedBy(Signers.K3));

        assertThat(check.met()).isTrue();
        assertThat(check.valid()).isEqualTo(2);
        assertThat(check.signers()).containsExactly(Signers.K1.publicKey(), Signers.K3.publicKey());
    }

    @Test
    void aSignatureByAKeyOutsideTheKeyringDoesNotCount() {
        SignatureCheck check = TWO_OF_THREE.check(DOCUMENT.signedBy(Signers.K1).signedBy(Signers.STRANGER));

        assertThat(check.met()).isFalse();
        assertThat(check.signatures()).extracting(SignatureCheck.Checked::status)
                .containsExactly(SignatureCheck.Status.VALID, SignatureCheck.Status.UNTRUSTED_KEY);
        assertThat(check.describe()).isEqualTo("1 valid signature of the 2 required ("
                + Signers.K1.publicKey().keyId().abbreviated() + "...: valid; "
                + Signers.STRANGER.publicKey().keyId().abbreviated() + "...: not a trusted key)");
    }

    @Test
    void aSignatureOverOtherBytesDoesNotVerify() throws Exception {
        Envelope other = Envelope.unsigned("t", "{\"x\":1}".getBytes(UTF_8)).signedBy(Signers.K2);
        String forged = DOCUMENT.signedBy(Signers.K1).toJson().replace("]}",
                ",{\"keyid\":\"" + Signers.K2.publicKey().keyId() + "\",\"sig\":\"" + other.signatures().getFirst().sig()
                        + "\"}]}");

        SignatureCheck check = TWO_OF_THREE.check(Envelope.parse(forged));

        assertThat(check.met()).isFalse();
        assertThat(check.signatures()).extracting(SignatureCheck.Checked::status)
                .containsExactly(SignatureCheck.Status.VALID, SignatureCheck.Status.INVALID);
    }

    @Test
    void oneKeyCountsOnceHoweverManyTimesItSigned() throws Exception {
        Envelope once = DOCUMENT.signedBy(Signers.K1);
        String twice = once.toJson().replace("]}", "," + once.toJson().replaceAll(".*\\[(.*)]}", "$1") + "]}");

        SignatureCheck check = TWO_OF_THREE.check(Envelope.parse(twice));

        assertThat(check.valid()).isEqualTo(1);
        assertThat(check.signatures()).extracting(SignatureCheck.Checked::status)
                .containsExactly(SignatureCheck.Status.VALID, SignatureCheck.Status.DUPLICATE);
        assertThat(check.met()).isFalse();
    }

    @Test
    void signaturesOfAnotherPayloadTypeDoNotCount() throws Exception {
        Envelope signed = DOCUMENT.signedBy(Signers.K1).signedBy(Signers.K2);
        String retyped = signed.toJson().replace("\"payloadType\":\"t\"", "\"payloadType\":\"u\"");

        assertThat(TWO_OF_THREE.check(Envelope.parse(retyped)).valid()).isZero();
        assertThat(Base64.getDecoder().decode(Envelope.parse(retyped).signatures().getFirst().sig())).hasSize(64);
    }

    @Test
    void describesAnUnsignedEnvelope() {
        assertThat(TWO_OF_THREE.check(DOCUMENT).describe()).isEqualTo("no signature, 2 required");
    }

    @Test
    void needsAThresholdBetweenOneAndTheNumberOfDistinctKeys() {
        List<Ed25519PublicKey> two = Signers.publics(Signers.K1, Signers.K2);
        assertThatThrownBy(() -> new Keyring(two, 0)).hasMessage("threshold 0 is not between 1 and the number of keys, 2");
        assertThatThrownBy(() -> new Keyring(two, 3)).hasMessage("threshold 3 is not between 1 and the number of keys, 2");
        assertThatThrownBy(() -> new Keyring(List.of(), 1)).hasMessage("a keyring needs at least one key");
        assertThatThrownBy(() -> new Keyring(Signers.publics(Signers.K1, Signers.K1), 1))
                .hasMessage("a keyring lists a key twice");
    }
}
