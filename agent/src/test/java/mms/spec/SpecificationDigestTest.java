package mms.spec;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.TextNode;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import mms.digest.Sha256;
import mms.json.Json;
import org.junit.jupiter.api.Test;

class SpecificationDigestTest {
    static final String ENVELOPE = Specification.pack("[]".getBytes(StandardCharsets.UTF_8), Optional.empty()).toJson();

    @Test
    void aStoredValueAndTheDataAKvWatcherMadeOfItHaveOneDigest() throws Exception {
        String stored = "{\n  \"machines\": \"W10=\"\n}\n"; // pretty printed, with the file's newline

        String node = SpecificationDigest.of(Json.mapper().readTree(stored));

        assertThat(SpecificationDigest.of(stored)).isEqualTo(node);
        assertThat(SpecificationDigest.of(new TextNode(stored))).isEqualTo(node);
        assertThat(SpecificationDigest.of(ENVELOPE + "\n")).isEqualTo(node);
    }

    @Test
    void isTheSha256OfTheCompactEnvelope() {
        assertThat(SpecificationDigest.of(ENVELOPE)).isEqualTo(Sha256.of(ENVELOPE.getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void aValueThatIsNoJsonObjectIsDigestedAsItIs() {
        assertThat(SpecificationDigest.of("{not json}\n")).isEqualTo(Sha256.of("{not json}\n".getBytes(StandardCharsets.UTF_8)));
        assertThat(SpecificationDigest.of("hello")).isEqualTo(Sha256.of("hello".getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void differentSpecificationsHaveDifferentDigests() {
        String other = Specification.pack("[ ]".getBytes(StandardCharsets.UTF_8), Optional.empty()).toJson();

        assertThat(SpecificationDigest.of(other)).isNotEqualTo(SpecificationDigest.of(ENVELOPE));
    }
}
