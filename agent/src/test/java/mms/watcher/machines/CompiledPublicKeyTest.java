package mms.watcher.machines;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import mms.watcher.WatcherConfigException;
import org.junit.jupiter.api.Test;

class CompiledPublicKeyTest {

    @Test
    void anUnresolvedOrBlankBuildPropertyMeansNoKey() throws Exception {
        assertThat(CompiledPublicKey.parse("${mms.compiled.public.key}")).isEmpty();
        assertThat(CompiledPublicKey.parse("  ")).isEmpty();
    }

    @Test
    void aHexKeyIsUsed() throws Exception {
        assertThat(CompiledPublicKey.parse(MachinesPropertiesTest.PUBLIC + "\n"))
                .hasValueSatisfying(k -> assertThat(k.hex()).isEqualTo(MachinesPropertiesTest.PUBLIC));
    }

    @Test
    void aBadKeyFailsLoudlyNamingTheBuildProperty() {
        assertThatThrownBy(() -> CompiledPublicKey.parse("nothex"))
                .isInstanceOf(WatcherConfigException.class)
                .hasMessageStartingWith("compiled-in public key (build property mms.compiled.public.key) 'nothex' is not a hex ed25519 public key");
    }

    @Test
    void theResourceIsPackagedAndReadable() throws Exception {
        assertThat(CompiledPublicKey.class.getResource(CompiledPublicKey.RESOURCE)).isNotNull();
        // empty in a plain build; a build given -Dmms.compiled.public.key must have produced a valid key
        assertThatCode(CompiledPublicKey::load).doesNotThrowAnyException();
    }
}
