package mms.archive.source;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.InputStream;
import java.util.List;
import java.util.Optional;
import mms.kv.ObjectStorage;
import mms.kv.StoredObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** {@link ArchiveSources#objectStoreUrl} writes what {@link ArchiveSources#of} reads back. */
class ArchiveSourcesObjectStoreUrlTest {

    /** Never used: parsing a nats-os URL only needs object storage to exist. */
    static final ObjectStorage UNUSED = new ObjectStorage() {
        @Override
        public Optional<StoredObject> open(String bucket, String name) {
            throw new UnsupportedOperationException();
        }

        @Override
        public StoredObject.Info put(String bucket, String name, InputStream content) {
            throw new UnsupportedOperationException();
        }

        @Override
        public List<StoredObject.Info> list(String bucket) {
            throw new UnsupportedOperationException();
        }

        @Override
        public boolean delete(String bucket, String name) {
            throw new UnsupportedOperationException();
        }
    };

    @Test
    void keepsPathCharactersAndEncodesTheRest() {
        assertThat(ArchiveSources.objectStoreUrl("machines", "fleet/app-1.0.0.tar.gz"))
                .isEqualTo("nats-os://machines/fleet/app-1.0.0.tar.gz");
        assertThat(ArchiveSources.objectStoreUrl("machines", "my app 100%?#.tgz"))
                .isEqualTo("nats-os://machines/my%20app%20100%25%3F%23.tgz");
        assertThat(ArchiveSources.objectStoreUrl("m_1", "grüße"))
                .isEqualTo("nats-os://m_1/gr%C3%BC%C3%9Fe");
    }

    @ParameterizedTest
    @ValueSource(strings = {"app.tgz", "fleet/web/app-1.0.0.tar.gz", "my app.tgz", "100%.tgz", "a%20b",
        "what?.tgz", "#1.tgz", "grüße/日本.tgz", "/leading/slash", "a//b", "trailing/", "x~!$&'()*+,;=:@y",
        "tab\tand\nnewline", "back\\slash[]{}|^`\"<>"})
    void roundTripsThroughArchiveSources(String name) throws Exception {
        String url = ArchiveSources.objectStoreUrl("machines", name);
        ArchiveSource source = ArchiveSources.of(url, HttpSourceOptions.defaults(), Optional.of(UNUSED));
        assertThat(source).isInstanceOfSatisfying(ObjectStoreSource.class, s -> {
            assertThat(s.bucket()).isEqualTo("machines");
            assertThat(s.name()).isEqualTo(name);
        });
    }

    @Test
    void rejectsAnInvalidBucketOrABlankName() {
        assertThatThrownBy(() -> ArchiveSources.objectStoreUrl("no.dots", "a"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("invalid bucket name 'no.dots'");
        assertThatThrownBy(() -> ArchiveSources.objectStoreUrl("machines", " "))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("object name is required");
    }
}
