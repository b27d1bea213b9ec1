package mms.cli;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import mms.kv.BucketConfig;
import mms.kv.ConnectOptions;
import mms.kv.KeyValueStore;
import mms.kv.KeyValueStores;
import mms.kv.testing.StoreDamage;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** {@code mms kv get} and {@code put} on a damaged SQLite store: one line naming the file and the reason, the file left alone. */
class KvStoreFaultsCommandTest {
    @TempDir
    Path dir;

    @ParameterizedTest
    @EnumSource(StoreDamage.class)
    void getAndPutOnADamagedStoreFailNamingTheFileAndTheReason(StoreDamage damage) throws Exception {
        Path db = dir.resolve("kv.db");
        String url = "sqlite:" + db;
        try (KeyValueStore store = KeyValueStores.open(url, ConnectOptions.NONE)) {
            store.createBucket(BucketConfig.of("B")).put("k", "x".repeat(20_000).getBytes(UTF_8));
        }
        damage.apply(db);
        byte[] damaged = Files.readAllBytes(db);

        CliRun get = CliRun.run("kv", "get", "--store", url, "B", "k");
        CliRun put = CliRun.run("kv", "put", "--store", url, "B", "k", "new");

        for (CliRun run : new CliRun[] {get, put}) {
            assertThat(run.exitCode()).isNotZero();
            assertThat(run.err().lines()).as(run.err()).hasSize(1)
                    .allSatisfy(line -> assertThat(line).contains(db.toString(), damage.reason()).doesNotContain("\tat "));
        }
        assertThat(Files.readAllBytes(db)).as("the damaged file, byte for byte").isEqualTo(damaged);
    }
}
