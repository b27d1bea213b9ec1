package mms.spec;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class TrustTest {
    static final Ed25519PrivateKey AGENT = Ed25519PrivateKey.generate();
    static final Ed25519PrivateKey COMPILED = Ed25519PrivateKey.generate();
    static final Ed25519PrivateKey PROPERTY = Ed25519PrivateKey.generate();
    static final byte[] PAYLOAD = "[]".getBytes(UTF_8);

    static Specification signedBy(Ed25519PrivateKey key) {
        return Specification.pack(PAYLOAD, Optional.of(key));
    }

    static final Specification UNSIGNED = Specification.pack(PAYLOAD, Optional.empty());

    @Test
    void withoutAnyKeyNothingIsTrusted() {
        Trust.Decision decision = Trust.NONE.check(signedBy(AGENT));

        assertThat(decision.accepted()).isFalse();
        assertThat(decision).isEqualTo(new Trust.Decision.Refused(Refusal.NO_TRUST, "no trusted public key configured:"
                + " the specification's signature cannot be checked; set signing_key or trust_file, or allow_unsigned:"
                + " true to accept unsigned specifications"));
        assertThat(Trust.NONE.check(UNSIGNED).accepted()).isFalse();
    }

    @Test
    void allowUnsignedAcceptsWithoutCheckingOnlyWhenNoKeyIsConfigured() {
        Trust optIn = Trust.of(Optional.empty(), true);
        assertThat(optIn.check(UNSIGNED)).isEqualTo(new Trust.Decision.Unchecked());
        assertThat(optIn.check(signedBy(AGENT))).isEqualTo(new Trust.Decision.Unchecked());

        Trust keyed = Trust.of(Optional.of(AGENT.publicKey()), true);
        assertThat(keyed.check(UNSIGNED)).isEqualTo(new Trust.Decision.Refused(Refusal.UNSIGNED,
                "specification is not signed"));
        assertThat(keyed.check(signedBy(AGENT))).isInstanceOf(Trust.Decision.Verified.class);
        assertThat(keyed.check(signedBy(COMPILED)).message()).startsWith("signature does not verify using public key "
                + AGENT.publicKey().hex());
    }

    @Test
    void theAgentsKeyComesFirstThenTheCompiledInKeyThenTheWatchersProperty() {
        List<Ed25519PublicKey> compiled = List.of(COMPILED.publicKey());
        Optional<Ed25519PublicKey> property = Optional.of(PROPERTY.publicKey());

        assertThat(Trust.resolve(Trust.of(Optional.of(AGENT.publicKey()), false), compiled, property).keys())
                .containsExactly(AGENT.publicKey());
        assertThat(Trust.resolve(Trust.NONE, compiled, property).keys()).containsExactly(COMPILED.publicKey());
        assertThat(Trust.resolve(Trust.NONE, List.of(), property).keys()).containsExactly(PROPERTY.publicKey());
        assertThat(Trust.resolve(Trust.NONE, List.of(), Optional.empty())).isEqualTo(Trust.NONE);
        assertThat(Trust.resolve(Trust.of(Optional.empty(), true), List.of(), property))
                .isEqualTo(new Trust(List.of(PROPERTY.publicKey()), true));
    }

    @Test
    void aSignatureByAnyTrustedKeyIsEnough() {
        Trust two = new Trust(List.of(AGENT.publicKey(), COMPILED.publicKey()), false);

        assertThat(two.check(signedBy(COMPILED))).isEqualTo(new Trust.Decision.Verified(
                new Verification.Verified(COMPILED.publicKey())));
        assertThat(two.check(signedBy(PROPERTY)).message()).isEqualTo("signature does not verify using any of the 2"
                + " trusted public keys: the payload was modified or signed with another key");
    }
}
