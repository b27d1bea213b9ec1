package mms.status;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import mms.kv.Entry;
import mms.kv.Operation;
import mms.spec.Ed25519PrivateKey;
import mms.spec.Signers;
import mms.spec.Specification;
import mms.spec.SpecificationDigest;
import org.junit.jupiter.api.Test;

class PublishedSpecificationTest {
    static final Instant T0 = Instant.parse("2026-12-04T10:00:00Z");
    static final Ed25519PrivateKey KEY = Ed25519PrivateKey.generate();
    static final String SUM = "ab".repeat(32);

    static String envelope(String name) {
        String machines = """
                [{"name":"%s","source":"https://repo.example.net/%s.tgz","checksum":"%s","verify_checksum":"%s"}]"""
                .formatted(name, name, SUM, "cd".repeat(32));
        return Specification.pack(machines.getBytes(StandardCharsets.UTF_8), Optional.of(KEY)).toJson() + "\n";
    }

    static Entry put(long revision, String value) {
        return new Entry("MACHINES", "machines", value.getBytes(StandardCharsets.UTF_8), revision, T0.plusSeconds(revision),
                0, Operation.PUT);
    }

    static Entry deleted(long revision) {
        return new Entry("MACHINES", "machines", new byte[0], revision, T0.plusSeconds(revision), 0, Operation.DELETE);
    }

    @Test
    void theLastValueIsCurrentAndEveryKeptValueNamesItsRevision() {
        String v1 = envelope("web");
        String v2 = envelope("db");

        PublishedSpecification s = PublishedSpecification.of("MACHINES", "machines", List.of(put(3, v1), put(5, v2)))
                .orElseThrow();

        assertThat(s.revision()).isEqualTo(5);
        assertThat(s.created()).isEqualTo(T0.plusSeconds(5));
        assertThat(s.digest()).isEqualTo(SpecificationDigest.of(v2));
        assertThat(s.problem()).isEmpty();
        assertThat(s.checksums()).containsExactly(java.util.Map.entry("db", SUM));
        assertThat(s.revisionOf(SpecificationDigest.of(v1))).contains(3L);
        assertThat(s.revisionOf(SpecificationDigest.of(v2))).contains(5L);
        assertThat(s.revisionOf("0".repeat(64))).isEmpty();
    }

    @Test
    void theSameValuePutAgainIsNamedByItsLatestRevision() {
        String v1 = envelope("web");

        PublishedSpecification s = PublishedSpecification.of("MACHINES", "machines",
                List.of(put(3, v1), put(4, envelope("db")), put(6, v1))).orElseThrow();

        assertThat(s.revisionOf(s.digest())).contains(6L);
    }

    @Test
    void aDeletedOrNeverPutKeyHoldsNoSpecification() {
        assertThat(PublishedSpecification.of("MACHINES", "machines", List.of(put(1, envelope("web")), deleted(2))))
                .isEmpty();
        assertThat(PublishedSpecification.of("MACHINES", "machines", List.of())).isEmpty();
    }

    @Test
    void readsTheMachinesOfAVersionedSpecification() {
        String versioned = Signers.spec(3, Signers.K1).toJson();

        PublishedSpecification s = PublishedSpecification.of("MACHINES", "machines", List.of(put(1, versioned)))
                .orElseThrow();

        assertThat(s.problem()).isEmpty();
        assertThat(s.checksums()).containsExactly(Map.entry("web", "a".repeat(64)));
        assertThat(s.digest()).isEqualTo(SpecificationDigest.of(versioned));
    }

    @Test
    void aValueNoNodeCanApplyNamesTheProblem() {
        PublishedSpecification notJson = PublishedSpecification.of("MACHINES", "machines", List.of(put(1, "hello")))
                .orElseThrow();
        String noList = Specification.pack("{\"name\":\"evil\"}".getBytes(StandardCharsets.UTF_8),
                Optional.of(KEY)).toJson();
        PublishedSpecification invalid = PublishedSpecification.of("MACHINES", "machines", List.of(put(2, noList)))
                .orElseThrow();

        assertThat(notJson.problem()).hasValueSatisfying(p -> assertThat(p).startsWith("invalid specification: not json"));
        assertThat(invalid.problem()).hasValueSatisfying(p -> assertThat(p).contains("expected a json array"));
        assertThat(invalid.checksums()).isEmpty();
    }

    @Test
    void entriesNodesSkipAreNoPartOfWhatTheFleetShouldRun() {
        String sums = "\"verify_checksum\":\"" + "b".repeat(64) + "\",\"checksum\":\"" + "a".repeat(64) + "\"";
        String machines = "[{\"name\":\"web\",\"source\":\"https://example.net/web.tgz\"," + sums
                + "},{\"name\":\"../evil\"}]";
        PublishedSpecification s = PublishedSpecification.of("MACHINES", "machines", List.of(put(1,
                Specification.pack(machines.getBytes(StandardCharsets.UTF_8), Optional.of(KEY)).toJson()))).orElseThrow();

        assertThat(s.problem()).isEmpty();
        assertThat(s.checksums()).containsOnlyKeys("web");
    }
}
