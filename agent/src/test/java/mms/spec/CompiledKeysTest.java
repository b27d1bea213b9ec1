package mms.spec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class CompiledKeysTest {
    static final String PUBLIC = "64031219d4922eed63a5f567303e98607c632139c01bc9fa4ca2514c2d9d30da";
    static final String OTHER = "d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a";

    @Test
    void anUnresolvedOrBlankBuildPropertyMeansNoKey() throws Exception {
        assertThat(CompiledKeys.parse("${mms.compiled.public.key}")).isEmpty();
        assertThat(CompiledKeys.parse("  ")).isEmpty();
    }

    @Test
    void aHexKeyIsUsed() throws Exception {
        assertThat(CompiledKeys.parse(PUBLIC + "\n")).extracting(Ed25519PublicKey::hex).containsExactly(PUBLIC);
    }

    @Test
    void aBuildMayCarrySeveralKeys() throws Exception {
        assertThat(CompiledKeys.parse(PUBLIC + ", " + OTHER)).extracting(Ed25519PublicKey::hex)
                .containsExactly(PUBLIC, OTHER);
        assertThat(CompiledKeys.parse(PUBLIC + " " + OTHER)).hasSize(2);
    }

    @Test
    void aBadKeyFailsLoudlyNamingTheBuildProperty() {
        assertThatThrownBy(() -> CompiledKeys.parse(PUBLIC + ",nothex"))
                .isInstanceOf(KeyFormatException.class)
                .hasMessageStartingWith("compiled-in public key (build property mms.compiled.public.key) 'nothex' is not a hex ed25519 public key");
    }

    @Test
    void theResourceIsPackagedAndReadable() {
        assertThat(CompiledKeys.class.getResource(CompiledKeys.RESOURCE)).isNotNull();
        // empty in a plain build; a build given -Dmms.compiled.public.key must have produced valid keys
        assertThatCode(CompiledKeys::load).doesNotThrowAnyException();
    }
}
