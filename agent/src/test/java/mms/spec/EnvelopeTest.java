package mms.spec;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import java.util.Base64;
import java.util.Collections;
import mms.digest.Sha256;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class EnvelopeTest {
    static final String TYPE = "application/vnd.mms.test+json";

    @Test
    void signsTheDssePreAuthenticationEncodingOfTypeAndPayload() {
        // the example of the DSSE protocol document
        Envelope envelope = Envelope.unsigned("http://example.com/HelloWorld", "hello world".getBytes(UTF_8));

        assertThat(new String(envelope.signedBytes(), UTF_8))
                .isEqualTo("DSSEv1 29 http://example.com/HelloWorld 11 hello world");
        Envelope signed = envelope.signedBy(Signers.K1);
        Envelope.Signature signature = signed.signatures().getFirst();
        assertThat(signature.keyid()).isEqualTo(Signers.K1.publicKey().keyId());
        assertThat(Signers.K1.publicKey().verify(envelope.signedBytes(), Base64.getDecoder().decode(signature.sig()))).isTrue();
    }

    @Test
    void writesTheThreeMembersAndReadsThemBack() throws Exception {
        Envelope signed = Envelope.unsigned(TYPE, "{}".getBytes(UTF_8)).signedBy(Signers.K1).signedBy(Signers.K2);

        assertThat(signed.toJson()).startsWith("{\"payloadType\":\"" + TYPE + "\",\"payload\":\"e30=\",\"signatures\":["
                + "{\"keyid\":\"" + Signers.K1.publicKey().keyId() + "\",\"sig\":\"");
        assertThat(Envelope.parse(signed.toJson())).isEqualTo(signed);
        assertThat(Envelope.parse(signed.toJson()).signatures()).extracting(Envelope.Signature::keyid)
                .containsExactly(Signers.K1.publicKey().keyId(), Signers.K2.publicKey().keyId());
    }

    @Test
    void signingAgainWithTheSameKeyReplacesItsSignature() {
        Envelope once = Envelope.unsigned(TYPE, "{}".getBytes(UTF_8)).signedBy(Signers.K1);

        assertThat(once.signedBy(Signers.K1).signatures()).hasSize(1);
    }

    @Test
    void theKeyIdIsTheSha256OfTheRawPublicKey() {
        assertThat(Signers.K1.publicKey().keyId().hex())
                .isEqualTo(Sha256.of(Signers.K1.publicKey().bytes()))
                .hasSize(64);
        assertThat(Signers.K1.publicKey().keyId().abbreviated()).hasSize(16);
    }

    @Test
    void tellsEnvelopesFromTheOriginalsFormat() {
        assertThat(Envelope.isEnvelope(Envelope.unsigned(TYPE, new byte[0]).toJson())).isTrue();
        assertThat(Envelope.isEnvelope("{\"machines\":\"W10=\",\"nested\":{\"payloadType\":1},\"payloadType\":2}")).isTrue();
        assertThat(Envelope.isEnvelope(SeedVector.ENVELOPE)).isFalse();
        assertThat(Envelope.isEnvelope("{\"machines\":{\"payloadType\":\"x\"}}")).isFalse();
        assertThat(Envelope.isEnvelope("[\"payloadType\"]")).isFalse();
        assertThat(Envelope.isEnvelope("{\"payloadType\"")).isFalse();
        assertThat(Envelope.isEnvelope("not json")).isFalse();
        assertThat(Envelope.isEnvelope("")).isFalse();
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', quoteCharacter = '~', value = {
        "[]| invalid envelope: expected a json object, got array",
        "{\"payloadType\":\"t\",\"payload\":\"\"}| invalid envelope: member 'signatures' is missing",
        "{\"payloadType\":\"t\",\"payload\":\"\",\"signatures\":[],\"machines\":\"\"}| invalid envelope: unknown member 'machines'",
        "{\"payloadType\":\"t\",\"payload\":\"\",\"signatures\":[],\"payload\":\"\"}| invalid envelope: not json: duplicate field 'payload'",
        "{\"payloadType\":\"\",\"payload\":\"\",\"signatures\":[]}| invalid envelope: payloadType must be a media type of 1 to 256 characters",
        "{\"payloadType\":1,\"payload\":\"\",\"signatures\":[]}| invalid envelope: payloadType must be a string, got number",
        "{\"payloadType\":\"t\",\"payload\":\"e30\",\"signatures\":[]}| invalid envelope: payload is not standard base64: length 3 is not a multiple of 4 (padding is required)",
        "{\"payloadType\":\"t\",\"payload\":\"e3-=\",\"signatures\":[]}| invalid envelope: payload is not standard base64: illegal base64 character 2d",
        "{\"payloadType\":\"t\",\"payload\":\"\",\"signatures\":{}}| invalid envelope: signatures must be an array, got object",
        "{\"payloadType\":\"t\",\"payload\":\"\",\"signatures\":[1]}| invalid envelope: signatures[0] must be an object, got number",
        "{\"payloadType\":\"t\",\"payload\":\"\",\"signatures\":[{\"keyid\":\"abc\",\"sig\":\"\"}]}| invalid envelope: signatures[0].keyid must be 64 lowercase hex characters (the sha-256 of the public key), got 'abc'",
        "{\"payloadType\":\"t\",\"payload\":\"\",\"signatures\":[{\"keyid\":\"" + "0000000000000000000000000000000000000000000000000000000000000000" + "\",\"sig\":\"AAAA\"}]}| invalid envelope: signatures[0].sig is 3 bytes, an ed25519 signature is 64",
        "{\"payloadType\":\"t\",\"payload\":\"\",\"signatures\":[{\"sig\":\"\"}]}| invalid envelope: signatures[0]: member 'keyid' is missing",
        "{\"payloadType\":\"t\",\"payload\":\"\",\"signatures\":[[[]]]}| invalid envelope: the document is nested more than 3 levels deep (at line 1 column 48)",
        "{\"payloadType\":\"t\",\"payload\":\"\",\"signatures\":[]} x| invalid envelope: not json: unrecognized token 'x': was expecting (json string, number, array, object or token 'null', 'true' or 'false')",
    })
    void readsStrictlyAndNamesTheBadMember(String json, String message) {
        assertThatThrownBy(() -> Envelope.parse(json)).isInstanceOf(SpecificationException.class).hasMessage(message);
    }

    @Test
    void refusesMoreSignaturesThanAnyTrustDocumentHasKeys() {
        String signature = "{\"keyid\":\"" + Signers.K1.publicKey().keyId() + "\",\"sig\":\""
                + Base64.getEncoder().encodeToString(new byte[64]) + "\"}";
        String json = "{\"payloadType\":\"t\",\"payload\":\"\",\"signatures\":["
                + String.join(",", Collections.nCopies(Envelope.MAX_SIGNATURES + 1, signature)) + "]}";

        assertThatThrownBy(() -> Envelope.parse(json)).hasMessage("invalid envelope: it carries 65 signatures, the limit is 64");
    }
}
