package mms.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code mms kv} on the SQLite store, in-process. */
class KvCommandTest {
    @TempDir
    Path dir;
    String store;
    private final InputStream stdin = System.in;

    @BeforeEach
    void store() {
        store = "--store=sqlite:" + dir.resolve("kv.db");
    }

    @AfterEach
    void restoreStdin() {
        System.setIn(stdin);
    }

    KvCli kv(String verb, String... args) {
        String[] all = new String[args.length + 3];
        all[0] = "kv";
        all[1] = verb;
        all[2] = store;
        System.arraycopy(args, 0, all, 3, args.length);
        return KvCli.run(all);
    }

    @Test
    void addCreatesABucketAndShowsItsSettings() {
        KvCli r = kv("add", "CFG", "--history", "3", "--ttl", "1d12h");
        assertThat(r.exitCode()).isZero();
        assertThat(r.out()).startsWith("CFG Key-Value Store\n\n      Bucket Name: CFG\n          History: 3\n"
                + "              TTL: 36h0m0s\n Storage Replicas: 1\n");
        assertThat(r.out()).doesNotContain("Values Stored");
    }

    @Test
    void putGetLsHistoryDelAndPurgeWorkTogether() {
        kv("add", "CFG");
        KvCli put = kv("put", "CFG", "spec", "{\"a\": 1}");
        assertThat(put.exitCode()).isZero();
        assertThat(put.out()).isEqualTo("{\"a\": 1}\n");

        KvCli get = kv("get", "CFG", "spec");
        assertThat(get.out()).matches("CFG > spec sequence 1 created @ \\d\\d \\w{3} \\d\\d \\d\\d:\\d\\d \\S+\n\n\\{\"a\": 1}\n");
        assertThat(kv("get", "CFG", "spec", "--raw").out()).isEqualTo("{\"a\": 1}");

        kv("put", "CFG", "other", "x");
        assertThat(kv("ls", "CFG").out()).isEqualTo("other\nspec\n");
        assertThat(kv("ls").out()).isEqualTo("Bucket | History | Values\n-------+---------+-------\nCFG    | 5       | 2\n");

        kv("put", "CFG", "spec", "b".repeat(50));
        assertThat(kv("del", "CFG", "spec", "--force").exitCode()).isZero();
        KvCli history = kv("history", "CFG", "spec");
        assertThat(history.out().lines().toList()).hasSize(5);
        assertThat(history.out()).contains("| PUT ").contains("| DELETE ").contains("bbbbbbbbbbbbbbb...bbbbbbbbbbbbbbb");

        KvCli missing = kv("get", "CFG", "spec");
        assertThat(missing.exitCode()).isEqualTo(1);
        assertThat(missing.err()).isEqualTo("mms: key spec not found in bucket CFG\n");

        assertThat(kv("purge", "CFG", "other", "-f").exitCode()).isZero();
        assertThat(kv("history", "CFG", "other").out()).contains("| PURGE ").doesNotContain("| PUT ");
        assertThat(kv("status", "CFG").out()).contains("    Values Stored: ");
    }

    @Test
    void putReadsTheValueFromStandardInput() {
        kv("add", "CFG");
        System.setIn(new ByteArrayInputStream("line1\nline2\n".getBytes(StandardCharsets.UTF_8)));
        assertThat(kv("put", "CFG", "spec", "-").exitCode()).isZero();
        assertThat(kv("get", "CFG", "spec", "--raw").out()).isEqualTo("line1\nline2\n");
    }

    @Test
    void destructiveVerbsAskFirstAndSkipWithoutAYes() {
        kv("add", "CFG");
        kv("put", "CFG", "spec", "v");
        System.setIn(new ByteArrayInputStream("n\n".getBytes(StandardCharsets.UTF_8)));
        KvCli del = kv("del", "CFG", "spec");
        assertThat(del.out()).isEqualTo("Really remove the spec key from bucket CFG (y/N) Skipping\n");
        System.setIn(new ByteArrayInputStream(new byte[0]));
        assertThat(kv("rm", "CFG").out()).isEqualTo("Really remove the CFG bucket (y/N) Skipping\n");
        assertThat(kv("get", "CFG", "spec", "--raw").out()).isEqualTo("v");

        System.setIn(new ByteArrayInputStream("y\n".getBytes(StandardCharsets.UTF_8)));
        assertThat(kv("rm", "CFG").exitCode()).isZero();
        KvCli gone = kv("status", "CFG");
        assertThat(gone.exitCode()).isEqualTo(1);
        assertThat(gone.err()).contains("CFG");
    }

    @Test
    void rejectsBadNamesWithAClearMessage() {
        KvCli bucket = kv("put", "my.bucket", "k", "v");
        assertThat(bucket.exitCode()).isEqualTo(1);
        assertThat(bucket.err()).isEqualTo("mms: invalid bucket name 'my.bucket': only A-Z, a-z, 0-9, '_' and '-' are allowed\n");
        KvCli key = kv("get", "CFG", "a..b");
        assertThat(key.exitCode()).isEqualTo(1);
        assertThat(key.err()).isEqualTo("mms: invalid key 'a..b': it must not contain an empty token '..'\n");
        KvCli ttl = kv("add", "CFG", "--ttl", "3x");
        assertThat(ttl.exitCode()).isNotZero();
        assertThat(ttl.err()).contains("invalid duration '3x': unknown unit 'x'");
        KvCli missing = kv("put", "NOPE", "k", "v");
        assertThat(missing.exitCode()).isEqualTo(1);
        assertThat(missing.err()).startsWith("mms: ").contains("NOPE");
    }

    @Test
    void watchOncePrintsTheCurrentValueAndTimeoutFails() {
        kv("add", "CFG");
        kv("put", "CFG", "spec", "hello");
        assertThat(kv("watch", "CFG", "spec", "--once").out()).isEqualTo("hello");
        KvCli timeout = kv("watch", "CFG", "nothing", "--once", "--timeout", "300ms");
        assertThat(timeout.exitCode()).isEqualTo(1);
        assertThat(timeout.err()).isEqualTo("mms: timeout\n");
    }

    @Test
    void findsTheStoreInTheAgentConfigurationFileLikeTheAgent() throws Exception {
        Path config = dir.resolve("mms.yaml");
        Files.writeString(config, "state_dir: " + dir.resolve("state") + "\n");
        KvCli add = KvCli.run("kv", "add", "--config", config.toString(), "CFG");
        assertThat(add.exitCode()).isZero();
        assertThat(add.out()).contains("SQLite " + dir.resolve("state").resolve("kv.db"));
    }
}
