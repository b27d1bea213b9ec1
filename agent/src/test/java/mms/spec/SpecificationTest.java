package mms.spec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class SpecificationTest {

    @Test
    void theSeedExampleVerifiesWithTheSeedPublicKey() throws Exception {
        Specification spec = Specification.parse(SeedVector.ENVELOPE);
        Ed25519PublicKey key = Ed25519PublicKey.parse(SeedVector.PUBLIC);
        assertThat(spec.verify(key)).isEqualTo(new Verification.Verified(key));
        assertThat(spec.payload()).hasSize(351).isEqualTo(SeedVector.machines());
        assertThat(spec.signature()).contains(SeedVector.SIGNATURE);
    }

    @Test
    void resigningTheSeedPayloadReproducesTheSeedEnvelopeByteForByte() throws Exception {
        Specification packed = Specification.pack(SeedVector.machines(),
                Optional.of(Ed25519PrivateKey.parse(SeedVector.PRIVATE)));
        assertThat(packed.signature()).contains(SeedVector.SIGNATURE);
        assertThat(packed.toJson()).isEqualTo(SeedVector.ENVELOPE);
    }

    @Test
    void signsTheDecodedBytesNotTheBase64Text() throws Exception {
        Ed25519PublicKey key = Ed25519PublicKey.parse(SeedVector.PUBLIC);
        byte[] signature = java.util.HexFormat.of().parseHex(SeedVector.SIGNATURE);
        assertThat(key.verify(SeedVector.machines(), signature)).isTrue();
        assertThat(key.verify(SeedVector.MACHINES_BASE64.getBytes(StandardCharsets.US_ASCII), signature)).isFalse();
    }

    @Test
    void unsignedEnvelopesOmitTheSignatureMember() throws Exception {
        Specification spec = Specification.pack("[]".getBytes(StandardCharsets.UTF_8), Optional.empty());
        assertThat(spec.toJson()).isEqualTo("{\"machines\":\"W10=\"}");
        assertThat(spec.signature()).isEmpty();
        assertThat(spec.verify(Ed25519PublicKey.parse(SeedVector.PUBLIC))).isEqualTo(new Verification.Unsigned());
        assertThat(Specification.parse(spec.toJson())).isEqualTo(spec);
    }

    @Test
    void packUsesThePayloadVerbatim() throws Exception {
        byte[] notJson = {0, (byte) 0xff, '<', '&'};
        Specification spec = Specification.pack(notJson, Optional.empty());
        assertThat(Specification.parse(spec.toJson()).payload()).isEqualTo(notJson);
    }

    @Test
    void aTamperedPayloadDoesNotVerify() throws Exception {
        byte[] tampered = SeedVector.machines();
        tampered[10] ^= 1;
        String json = "{\"machines\":\"" + Base64.getEncoder().encodeToString(tampered)
                + "\",\"signature\":\"" + SeedVector.SIGNATURE + "\"}";
        Ed25519PublicKey key = Ed25519PublicKey.parse(SeedVector.PUBLIC);
        Verification result = Specification.parse(json).verify(key);
        assertThat(result).isEqualTo(new Verification.BadSignature(key));
        assertThat(result.valid()).isFalse();
        assertThat(result.message()).startsWith("signature does not verify using public key " + SeedVector.PUBLIC);
    }

    @Test
    void theWrongKeyDoesNotVerify() throws Exception {
        Ed25519PublicKey other = Ed25519PrivateKey.generate().publicKey();
        assertThat(Specification.parse(SeedVector.ENVELOPE).verify(other)).isInstanceOf(Verification.BadSignature.class);
    }

    @Test
    void malformedSignaturesAreReportedAsSuch() throws Exception {
        Ed25519PublicKey key = Ed25519PublicKey.parse(SeedVector.PUBLIC);
        String notHex = "{\"machines\":\"W10=\",\"signature\":\"xyz\"}";
        assertThat(Specification.parse(notHex).verify(key).message()).isEqualTo("invalid signature: not hex: 'xyz'");
        String shortSig = "{\"machines\":\"W10=\",\"signature\":\"abcd\"}";
        assertThat(Specification.parse(shortSig).verify(key).message()).isEqualTo("invalid signature: 2 bytes, expected 64");
    }

    @Test
    void acceptsAnUppercaseSignatureAndCaseInsensitiveMembersAndWhitespace() throws Exception {
        String json = "  {\"Machines\":\"" + SeedVector.MACHINES_BASE64.substring(0, 40) + "\\r\\n"
                + SeedVector.MACHINES_BASE64.substring(40) + "\",\"SIGNATURE\":\"" + SeedVector.SIGNATURE.toUpperCase()
                + "\",\"extra\":1}\n";
        assertThat(Specification.parse(json).verify(Ed25519PublicKey.parse(SeedVector.PUBLIC)).valid()).isTrue();
    }

    @Test
    void rejectsMalformedEnvelopesWithDistinctMessages() {
        assertThatThrownBy(() -> Specification.parse("not json"))
                .isInstanceOf(SpecificationException.class).hasMessageStartingWith("invalid specification: not json:");
        assertThatThrownBy(() -> Specification.parse("[1]"))
                .hasMessage("invalid specification: expected a json object, got array");
        assertThatThrownBy(() -> Specification.parse("{\"signature\":\"00\"}"))
                .hasMessage("invalid specification: no machines member");
        assertThatThrownBy(() -> Specification.parse("{\"machines\":5}"))
                .hasMessage("invalid specification: machines must be a string, got number");
        assertThatThrownBy(() -> Specification.parse("{\"machines\":\"W10\"}"))
                .hasMessage("invalid specification: machines is not valid base64: length 3 is not a multiple of 4 (padding is required)");
        assertThatThrownBy(() -> Specification.parse("{\"machines\":\"W1*=\"}"))
                .hasMessageStartingWith("invalid specification: machines is not valid base64: illegal base64 character");
        assertThatThrownBy(() -> Specification.parse("{\"machines\":\"W10=\"} {}"))
                .hasMessageStartingWith("invalid specification: not json:");
        assertThatThrownBy(() -> Specification.parse(""))
                .hasMessage("invalid specification: empty document");
    }

    @Test
    void refusesAnOversizedEnvelopeBeforeParsingIt() {
        String huge = "{\"machines\":\"" + "A".repeat(Specification.MAX_ENVELOPE_LENGTH) + "\"}";

        assertThatThrownBy(() -> Specification.parse(huge))
                .isInstanceOf(SpecificationException.class)
                .hasMessage("invalid specification: the envelope is 8388623 characters long, the limit is 8388608 (8 MiB)");
    }

    @Test
    void refusesADeeplyNestedEnvelopeWithoutOverflowingTheStack() {
        String deep = "{\"machines\":" + "[".repeat(100_000) + "]".repeat(100_000) + "}";

        assertThatThrownBy(() -> Specification.parse(deep))
                .isInstanceOf(SpecificationException.class)
                .hasMessage("invalid specification: the envelope is nested more than 32 levels deep (at line 1 column 44)");
    }

    // --- the plugins watcher's envelope (cli.md §3, plugins variant)

    @Test
    void verifiesTheIndependentlySignedPluginsVectorOverItsBase64Text() throws Exception {
        Specification vector = Specification.parse(PluginsVector.envelope(), Specification.Kind.PLUGINS);

        assertThat(vector.verify(PluginsVector.publicKey())).isInstanceOf(Verification.Verified.class);
        assertThat(vector.payload()).isEqualTo(PluginsVector.bytes("plugins.json"));
        assertThat(vector.kind()).isEqualTo(Specification.Kind.PLUGINS);
    }

    @Test
    void packingThePluginsVectorReproducesItByteForByte() {
        Specification packed = Specification.pack(Specification.Kind.PLUGINS, PluginsVector.bytes("plugins.json"),
                Optional.of(PluginsVector.privateKey()));

        assertThat(packed.toJson()).isEqualTo(PluginsVector.envelope());
    }

    @Test
    void theGoAlgorithmSignsThePluginsBase64TextNotTheDecodedBytes() throws Exception {
        Specification vector = Specification.parse(PluginsVector.envelope(), Specification.Kind.PLUGINS);
        String text = Base64.getEncoder().encodeToString(vector.payload());
        byte[] signature = java.util.HexFormat.of().parseHex(vector.signature().orElseThrow());

        assertThat(PluginsVector.publicKey().verify(text.getBytes(StandardCharsets.US_ASCII), signature)).isTrue();
        assertThat(PluginsVector.publicKey().verify(vector.payload(), signature)).isFalse();
    }

    @Test
    void aPluginsEnvelopeSignedTheMachinesWayDoesNotVerify() throws Exception {
        byte[] json = PluginsVector.bytes("plugins.json");
        String machinesWay = Specification.pack(json, Optional.of(PluginsVector.privateKey())).toJson()
                .replace("\"machines\"", "\"plugins\"");

        assertThat(Specification.parse(machinesWay, Specification.Kind.PLUGINS).verify(PluginsVector.publicKey()))
                .isInstanceOf(Verification.BadSignature.class);
    }

    @Test
    void anUnsignedPluginsEnvelopeOmitsTheSignature() {
        assertThat(Specification.pack(Specification.Kind.PLUGINS, "[]".getBytes(StandardCharsets.UTF_8),
                Optional.empty()).toJson()).isEqualTo("{\"plugins\":\"W10=\"}");
    }

    @Test
    void eachKindReadsItsOwnMemberOnly() {
        assertThatThrownBy(() -> Specification.parse(SeedVector.ENVELOPE, Specification.Kind.PLUGINS))
                .isInstanceOf(SpecificationException.class).hasMessage("invalid specification: no plugins member");
        assertThatThrownBy(() -> Specification.parse(PluginsVector.envelope()))
                .isInstanceOf(SpecificationException.class).hasMessage("invalid specification: no machines member");
    }

    @Test
    void badPluginsBase64IsNamedByItsMember() {
        assertThatThrownBy(() -> Specification.parse("{\"plugins\":\"W10\"}", Specification.Kind.PLUGINS))
                .isInstanceOf(SpecificationException.class)
                .hasMessageStartingWith("invalid specification: plugins is not valid base64");
    }
}
