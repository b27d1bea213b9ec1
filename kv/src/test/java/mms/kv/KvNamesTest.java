package mms.kv;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class KvNamesTest {
    @ParameterizedTest
    @ValueSource(strings = {"MACHINES", "a_b-c", "0"})
    void acceptsBucketNamesOfLettersDigitsUnderscoreAndDash(String name) throws Exception {
        assertThat(KvNames.bucket(name)).isEqualTo(name);
    }

    @ParameterizedTest
    @ValueSource(strings = {"a.b", "a b", "a>", "a*", "ä"})
    void rejectsOtherBucketNamesNamingThem(String name) {
        assertThatThrownBy(() -> KvNames.bucket(name)).isInstanceOf(InvalidName.class).hasMessageContaining("'" + name + "'");
    }

    @Test
    void requiresABucketName() {
        assertThatThrownBy(() -> KvNames.bucket("")).hasMessage("bucket name is required");
        assertThatThrownBy(() -> KvNames.bucket(null)).hasMessage("bucket name is required");
    }

    @ParameterizedTest
    @ValueSource(strings = {"machines", "a.b.c", "x/y=z", "-_", "A9"})
    void acceptsNatsKvKeys(String key) throws Exception {
        assertThat(KvNames.key(key)).isEqualTo(key);
    }

    @ParameterizedTest
    @ValueSource(strings = {".a", "a.", "a..b", "a b", "a*", "a>", "a:b", "../etc"})
    void rejectsKeysNatsKvRejectsNamingThem(String key) {
        assertThatThrownBy(() -> KvNames.key(key)).isInstanceOf(InvalidName.class).hasMessageContaining("'" + key + "'");
    }
}
