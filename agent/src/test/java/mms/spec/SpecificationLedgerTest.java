package mms.spec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SpecificationLedgerTest {
    @TempDir
    Path dir;

    static SpecificationLedger.Applied applied(long serial) {
        return new SpecificationLedger.Applied(serial, "d".repeat(64), Signers.ISSUED,
                Optional.of(Instant.parse("2026-02-01T00:00:00Z")), "production", Instant.parse("2026-01-02T00:00:00Z"));
    }

    @Test
    void remembersTheHighestSerialAndTheAdoptedTrustPerItemAcrossInstances() throws Exception {
        SpecificationLedger ledger = SpecificationLedger.in(dir.resolve("mms_manager"));
        TrustDocument trust = Signers.trust(2, 1, Signers.publics(Signers.K1), Signers.K1);

        ledger.recordApplied("machines", applied(42));
        ledger.recordApplied("other", applied(7));
        ledger.recordAdopted("trust", trust);

        SpecificationLedger reopened = SpecificationLedger.in(dir.resolve("mms_manager"));
        assertThat(reopened.applied("machines")).contains(applied(42));
        assertThat(reopened.applied("other")).contains(applied(7));
        assertThat(reopened.applied("missing")).isEmpty();
        assertThat(reopened.adopted("trust")).contains(trust);
        assertThat(reopened.adopted("machines")).isEmpty();
    }

    @Test
    void writesAPrivateFileWholeAndLeavesNoTemporaryFile() throws Exception {
        SpecificationLedger ledger = SpecificationLedger.in(dir);

        ledger.recordApplied("machines", applied(1));
        ledger.recordApplied("machines", applied(2));

        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(ledger.file()))).isEqualTo("rw-------");
        try (Stream<Path> files = Files.list(dir)) {
            assertThat(files.map(p -> p.getFileName().toString())).containsExactly(SpecificationLedger.FILE_NAME);
        }
        assertThat(Files.readString(ledger.file())).isEqualTo("{\"protocol\":\"io.mms.specification.state.v1\","
                + "\"specifications\":{\"machines\":{\"serial\":2,\"digest\":\"" + "d".repeat(64) + "\",\"issued\":"
                + "\"2026-01-01T00:00:00Z\",\"expires\":\"2026-02-01T00:00:00Z\",\"audience\":\"production\","
                + "\"recorded\":\"2026-01-02T00:00:00Z\"}}}");
    }

    @Test
    void aCorruptFileIsAnErrorNamingItNeverAnEmptyLedger() throws Exception {
        SpecificationLedger ledger = SpecificationLedger.in(dir);
        Files.writeString(ledger.file(), "{\"protocol\":\"io.mms.specification.state.v1\",\"specifications\":"
                + "{\"machines\":{\"serial\":\"x\"}}}");

        assertThatThrownBy(() -> ledger.applied("machines")).isInstanceOf(IOException.class)
                .hasMessage("specification state file " + ledger.file() + " is unusable (specifications.machines: serial"
                        + " is missing or not a positive integer): it holds the highest serial applied and the adopted"
                        + " trust; repair or remove it (removing it accepts any serial once and returns to the configured"
                        + " trust)");
        Files.writeString(ledger.file(), "[]");
        assertThatThrownBy(() -> ledger.applied("machines"))
                .hasMessageContaining("(not a specification state file of protocol io.mms.specification.state.v1)");
        assertThatThrownBy(() -> ledger.recordApplied("machines", applied(3))).isInstanceOf(IOException.class);
        assertThat(Files.readString(ledger.file())).isEqualTo("[]");
    }
}
