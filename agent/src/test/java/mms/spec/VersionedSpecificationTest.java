package mms.spec;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class VersionedSpecificationTest {
    static final Instant EXPIRES = Instant.parse("2026-02-01T00:00:00Z");

    static Envelope envelope(String payload) {
        return Envelope.unsigned(VersionedSpecification.PAYLOAD_TYPE, payload.getBytes(UTF_8));
    }

    @Test
    void signsTheMachinesTogetherWithSerialTimesAndAudience() throws Exception {
        VersionedSpecification spec = Signers.spec(43, Optional.of(EXPIRES), "production", Signers.MACHINES, Signers.K1);

        assertThat(new String(spec.envelope().payload(), UTF_8)).isEqualTo("{\"serial\":43,\"issued\":\"2026-01-01T00:00:00Z\","
                + "\"expires\":\"2026-02-01T00:00:00Z\",\"audience\":\"production\",\"machines\":" + Signers.MACHINES + "}");
        VersionedSpecification read = VersionedSpecification.parse(spec.toJson());
        assertThat(read.header()).isEqualTo(new VersionedSpecification.Header(43, Signers.ISSUED, Optional.of(EXPIRES),
                "production"));
        assertThat(read.machines()).isEqualTo(Signers.MACHINES.getBytes(UTF_8));
        assertThat(read.payloadDigest()).isEqualTo(spec.payloadDigest()).hasSize(64);
        assertThat(read.envelope().signatures()).hasSize(1);
    }

    @Test
    void theSignedBytesAreTheCarriedBytesNotAReserialisation() throws Exception {
        String payload = "{ \"serial\" : 1 ,\n \"issued\":\"2026-01-01T01:00:00+01:00\",\"audience\":\"a\",\"machines\":null }";
        Envelope signed = envelope(payload).signedBy(Signers.K1);

        VersionedSpecification spec = VersionedSpecification.parse(signed.toJson());

        assertThat(spec.envelope().payload()).isEqualTo(payload.getBytes(UTF_8));
        assertThat(spec.header().issued()).isEqualTo(Signers.ISSUED);
        assertThat(new Keyring(Signers.publics(Signers.K1), 1).check(spec.envelope()).met()).isTrue();
    }

    @Test
    void anAdditionalSignatureLeavesTheContentItsDigestNames() {
        VersionedSpecification one = Signers.spec(5, Signers.K1);

        assertThat(one.signedBy(Signers.K2).payloadDigest()).isEqualTo(one.payloadDigest());
        assertThat(Signers.spec(6, Signers.K1).payloadDigest()).isNotEqualTo(one.payloadDigest());
    }

    @Test
    void expiresAfterTheSkewAllowance() {
        VersionedSpecification spec = Signers.spec(1, Optional.of(EXPIRES), "a", "[]");
        Duration skew = Duration.ofMinutes(5);

        assertThat(spec.expiredAt(EXPIRES.plus(skew), skew)).isFalse();
        assertThat(spec.expiredAt(EXPIRES.plus(skew).plusSeconds(1), skew)).isTrue();
        assertThat(Signers.spec(1, Optional.empty(), "a", "[]").expiredAt(Instant.MAX, skew)).isFalse();
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', quoteCharacter = '~', value = {
        "[]| invalid specification payload: expected a json object, got array",
        "{\"serial\":1,\"issued\":\"2026-01-01T00:00:00Z\",\"audience\":\"a\"}| invalid specification payload: member 'machines' is missing",
        "{\"serial\":1,\"issued\":\"2026-01-01T00:00:00Z\",\"audience\":\"a\",\"machines\":[],\"rollout\":{}}| invalid specification payload: unknown member 'rollout'",
        "{\"Serial\":1,\"issued\":\"2026-01-01T00:00:00Z\",\"audience\":\"a\",\"machines\":[]}| invalid specification payload: unknown member 'Serial'",
        "{\"serial\":1,\"serial\":2,\"issued\":\"2026-01-01T00:00:00Z\",\"audience\":\"a\",\"machines\":[]}| invalid specification payload: not json: duplicate field 'serial'",
        "{\"serial\":0,\"issued\":\"2026-01-01T00:00:00Z\",\"audience\":\"a\",\"machines\":[]}| invalid specification payload: serial must be an integer from 1 to 9007199254740991, got 0",
        "{\"serial\":1.5,\"issued\":\"2026-01-01T00:00:00Z\",\"audience\":\"a\",\"machines\":[]}| invalid specification payload: serial must be an integer from 1 to 9007199254740991, got 1.5",
        "{\"serial\":\"1\",\"issued\":\"2026-01-01T00:00:00Z\",\"audience\":\"a\",\"machines\":[]}| invalid specification payload: serial must be an integer from 1 to 9007199254740991, got \"1\"",
        "{\"serial\":9007199254740992,\"issued\":\"2026-01-01T00:00:00Z\",\"audience\":\"a\",\"machines\":[]}| invalid specification payload: serial must be an integer from 1 to 9007199254740991, got 9007199254740992",
        "{\"serial\":1,\"issued\":\"yesterday\",\"audience\":\"a\",\"machines\":[]}| invalid specification payload: issued 'yesterday' is not an RFC 3339 time such as 2026-05-01T10:00:00Z",
        "{\"serial\":1,\"issued\":\"2026-01-01T00:00:00Z\",\"expires\":\"2026-01-01T00:00:00Z\",\"audience\":\"a\",\"machines\":[]}| invalid specification payload: expires 2026-01-01T00:00:00Z is not after issued 2026-01-01T00:00:00Z",
        "{\"serial\":1,\"issued\":\"2026-01-01T00:00:00Z\",\"audience\":\"\",\"machines\":[]}| invalid specification payload: audience must be 1 to 256 characters, got 0",
        "{\"serial\":1,\"issued\":\"2026-01-01T00:00:00Z\",\"audience\":\" a\",\"machines\":[]}| invalid specification payload: audience ' a' has control characters or surrounding blanks",
        "{\"serial\":1,\"issued\":\"2026-01-01T00:00:00Z\",\"audience\":[\"a\"],\"machines\":[]}| invalid specification payload: audience must be a string, got array",
        "{\"serial\":1,\"issued\":\"2026-01-01T00:00:00Z\",\"audience\":\"a\",\"machines\":\"W10=\"}| invalid specification payload: machines must be an array, got string",
    })
    void readsThePayloadStrictly(String payload, String message) {
        assertThatThrownBy(() -> VersionedSpecification.read(envelope(payload))).isInstanceOf(SpecificationException.class)
                .hasMessage(message);
    }

    @Test
    void refusesAPayloadThatIsNotUtf8() {
        Envelope bad = Envelope.unsigned(VersionedSpecification.PAYLOAD_TYPE, new byte[] {'{', (byte) 0xc3, '}'});

        assertThatThrownBy(() -> VersionedSpecification.read(bad)).hasMessage("invalid specification payload: not UTF-8 text");
    }

    @Test
    void refusesATrustDocumentOrAnyOtherPayloadType() {
        String trust = Signers.trust(1, 1, Signers.publics(Signers.K1), Signers.K1).toJson();

        assertThatThrownBy(() -> VersionedSpecification.parse(trust)).hasMessage("not a specification: the envelope's"
                + " payloadType is 'application/vnd.mms.trust.v1+json', expected application/vnd.mms.specification.v1+json");
    }

    @Test
    void packingNeedsJsonMachines() {
        var header = new VersionedSpecification.Header(1, Signers.ISSUED, Optional.empty(), "a");
        assertThatThrownBy(() -> VersionedSpecification.create("{\"name\":1}".getBytes(UTF_8), header))
                .hasMessage("invalid machines.json: expected an array, got object");
        assertThatThrownBy(() -> VersionedSpecification.create("[".getBytes(UTF_8), header))
                .hasMessageStartingWith("invalid machines.json: not json: unexpected end-of-input");
    }

    @Test
    void theHeaderRefusesValuesNoNodeWouldAccept() {
        assertThatThrownBy(() -> new VersionedSpecification.Header(0, Signers.ISSUED, Optional.empty(), "a"))
                .hasMessage("serial 0 is not between 1 and 9007199254740991");
        assertThatThrownBy(() -> new VersionedSpecification.Header(1, Signers.ISSUED, Optional.of(Signers.ISSUED), "a"))
                .hasMessage("expires 2026-01-01T00:00:00Z is not after issued 2026-01-01T00:00:00Z");
        assertThatThrownBy(() -> new VersionedSpecification.Header(1, Signers.ISSUED, Optional.empty(), "a\nb"))
                .hasMessage("audience 'a\\u000ab' has control characters or surrounding blanks");
    }

    @Test
    void theBase64OfThePayloadIsWhatTheEnvelopeCarries() {
        VersionedSpecification spec = Signers.spec(1);
        assertThat(spec.toJson()).contains("\"payload\":\"" + Base64.getEncoder().encodeToString(spec.envelope().payload()));
    }
}
