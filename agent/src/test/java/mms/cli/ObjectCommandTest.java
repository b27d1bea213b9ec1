package mms.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import mms.archive.source.ArchiveSource;
import mms.archive.source.ArchiveSources;
import mms.archive.source.HttpSourceOptions;
import mms.archive.source.ObjectStoreSource;
import mms.archive.source.SourceStream;
import mms.digest.Sha256;
import mms.e2e.Operator;
import mms.json.Json;
import mms.kv.ConnectOptions;
import mms.kv.KeyValueStore;
import mms.kv.KeyValueStores;
import mms.kv.testing.NatsServerExtension;
import mms.kv.testing.ObjectTampering;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** {@code mms object} against a real nats-server, in-process. */
class ObjectCommandTest {
    @RegisterExtension
    static final NatsServerExtension NATS = new NatsServerExtension();

    /** 1 MiB: eight of jnats' 128 KiB chunks. */
    static final int SIZE = 1024 * 1024;

    @TempDir
    Path dir;
    String bucket;
    private final InputStream stdin = System.in;

    @BeforeEach
    void bucket() {
        bucket = NatsServerExtension.uniqueBucket("archives");
    }

    @AfterEach
    void restoreStandardInput() {
        System.setIn(stdin);
    }

    static KvCli object(String verb, String... args) {
        return KvCli.run(Stream.concat(Stream.of("object", verb, "--store", NATS.url()), Arrays.stream(args))
                .toArray(String[]::new));
    }

    static byte[] random(int size) {
        byte[] data = new byte[size];
        new Random(size).nextBytes(data);
        return data;
    }

    Path file(String name, byte[] content) throws Exception {
        return Files.write(dir.resolve(name), content);
    }

    /** What {@code mms object get} wrote to standard output, and how it ended. */
    record Download(KvCli run, byte[] bytes) {}

    Download getToStandardOutput(String name) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        KvCli run = KvCli.run(cli -> ((ObjectGetCommand) cli.getSubcommands().get("object").getSubcommands().get("get")
                .getCommand()).standardOutput = new PrintStream(bytes), "object", "get", "--store", NATS.url(), bucket, name);
        return new Download(run, bytes.toByteArray());
    }

    @Test
    void putPrintsNameSizeSha256AndUrlAndGetRoundTripsTheBytesToAFileAndToStandardOutput() throws Exception {
        byte[] data = random(SIZE);
        Path archive = file("app-1.0.0.tar.gz", data);

        KvCli put = object("put", bucket, archive.toString(), "--name", "fleet/app-1.0.0.tar.gz");
        assertThat(put.exitCode()).as(put.err()).isZero();
        assertThat(put.out()).isEqualTo("stored fleet/app-1.0.0.tar.gz (" + SIZE + " bytes, sha256 "
                + Sha256.ofFile(archive) + ") at nats-os://" + bucket + "/fleet/app-1.0.0.tar.gz\n");

        Path copy = dir.resolve("out").resolve("copy.tgz");
        Files.createDirectories(copy.getParent());
        KvCli get = object("get", bucket, "fleet/app-1.0.0.tar.gz", "-o", copy.toString());
        assertThat(get.exitCode()).as(get.err()).isZero();
        assertThat(copy).hasBinaryContent(data);
        assertThat(get.out()).isEqualTo("wrote " + copy + ": fleet/app-1.0.0.tar.gz (" + SIZE + " bytes, sha256 "
                + Sha256.of(data) + ")\n");
        assertThat(fileNames(copy.getParent())).as("no temporary file left").containsExactly("copy.tgz");

        Download toStdout = getToStandardOutput("fleet/app-1.0.0.tar.gz");
        assertThat(toStdout.run().exitCode()).as(toStdout.run().err()).isZero();
        assertThat(toStdout.bytes()).isEqualTo(data);
        assertThat(toStdout.run().out()).isEmpty();
    }

    @Test
    void putNamesTheObjectAfterTheFileAndReadsStandardInputUnderAGivenName() throws Exception {
        KvCli fromFile = object("put", bucket, file("a.tgz", new byte[] {1, 2, 3}).toString());
        assertThat(fromFile.out()).startsWith("stored a.tgz (3 bytes, sha256 ").endsWith(" at nats-os://" + bucket + "/a.tgz\n");

        byte[] data = random(300_000);
        System.setIn(new ByteArrayInputStream(data));
        KvCli fromStdin = object("put", bucket, "-", "--name", "piped/b.tgz");
        assertThat(fromStdin.exitCode()).as(fromStdin.err()).isZero();
        assertThat(fromStdin.out()).isEqualTo("stored piped/b.tgz (300000 bytes, sha256 " + Sha256.of(data)
                + ") at nats-os://" + bucket + "/piped/b.tgz\n");
        assertThat(getToStandardOutput("piped/b.tgz").bytes()).isEqualTo(data);
    }

    @Test
    void putFromStandardInputNeedsAName() {
        KvCli r = object("put", bucket, "-");
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err()).startsWith("--name is required when FILE is - (standard input has no file name)");
    }

    @Test
    void putOfAMissingFileFailsBeforeCreatingTheBucket() {
        Path missing = dir.resolve("missing.tgz");
        KvCli r = object("put", bucket, missing.toString());
        assertThat(r.exitCode()).isEqualTo(1);
        assertThat(r.err()).isEqualTo("mms: cannot upload " + missing + ": no such file\n");
        assertThat(object("ls", bucket).err()).isEqualTo("mms: object store bucket " + bucket + " not found in " + NATS.url() + "\n");

        assertThat(object("put", bucket, dir.toString()).err()).isEqualTo("mms: cannot upload " + dir + ": it is a directory\n");
    }

    @Test
    void lsShowsNameSizeAndModifiedTimeSortedByName() throws Exception {
        object("put", bucket, file("b.tgz", random(SIZE)).toString(), "--name", "fleet/b.tgz");
        object("put", bucket, file("a.tgz", new byte[] {1}).toString());

        KvCli ls = object("ls", bucket);
        assertThat(ls.exitCode()).as(ls.err()).isZero();
        String time = "\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d";
        assertThat(ls.out()).matches("Name        \\| Size    \\| Modified\n"
                + "------------\\+---------\\+--------------------\n"
                + "a.tgz       \\| 1       \\| " + time + "\n"
                + "fleet/b.tgz \\| " + SIZE + " \\| " + time + "\n");
    }

    @Test
    void rmDeletesTheObjectAndNamesAMissingOne() throws Exception {
        object("put", bucket, file("a.tgz", random(200_000)).toString());
        object("put", bucket, file("b.tgz", new byte[] {2}).toString());

        KvCli rm = object("rm", bucket, "a.tgz", "-f");
        assertThat(rm.exitCode()).as(rm.err()).isZero();
        assertThat(object("ls", bucket).out()).doesNotContain("a.tgz").contains("b.tgz");
        assertThat(object("get", bucket, "a.tgz").err())
                .isEqualTo("mms: object 'a.tgz' not found in object store bucket " + bucket + "\n");

        KvCli again = object("rm", bucket, "a.tgz", "-f");
        assertThat(again.exitCode()).isEqualTo(1);
        assertThat(again.err()).isEqualTo("mms: object 'a.tgz' not found in object store bucket " + bucket + "\n");

        System.setIn(new ByteArrayInputStream("n\n".getBytes()));
        KvCli declined = object("rm", bucket, "b.tgz");
        assertThat(declined.out()).isEqualTo("Really remove object b.tgz from bucket " + bucket + " (y/N) Skipping\n");
        assertThat(object("ls", bucket).out()).contains("b.tgz");

        object("rm", bucket, "b.tgz", "-f");
        assertThat(object("ls", bucket).out()).isEqualTo("No objects in bucket " + bucket + "\n");
    }

    @Test
    void aMissingBucketOrObjectIsAClearErrorAndLeavesNoFile() throws Exception {
        String absent = NatsServerExtension.uniqueBucket("absent");
        for (KvCli r : new KvCli[] {
            KvCli.run("object", "get", "--store", NATS.url(), absent, "a.tgz"),
            KvCli.run("object", "ls", "--store", NATS.url(), absent),
            KvCli.run("object", "rm", "--store", NATS.url(), absent, "a.tgz", "-f")}) {
            assertThat(r.exitCode()).isEqualTo(1);
            assertThat(r.err()).isEqualTo("mms: object store bucket " + absent + " not found in " + NATS.url() + "\n");
        }

        object("put", bucket, file("present.tgz", new byte[] {1}).toString());
        Path kept = file("kept.tgz", new byte[] {7, 7});
        KvCli missing = object("get", bucket, "fleet/absent.tgz", "-o", kept.toString());
        assertThat(missing.exitCode()).isEqualTo(1);
        assertThat(missing.err()).isEqualTo("mms: object 'fleet/absent.tgz' not found in object store bucket " + bucket + "\n");
        assertThat(kept).hasBinaryContent(new byte[] {7, 7});
        assertThat(fileNames(dir)).containsExactlyInAnyOrder("present.tgz", "kept.tgz");
    }

    @Test
    void aDownloadThatFailsTheDigestCheckLeavesTheOldFileAndNoTemporaryOne() throws Exception {
        byte[] data = random(SIZE);
        object("put", bucket, file("app.tgz", data).toString());
        ObjectTampering.flipFirstByte(NATS.url(), bucket, "app.tgz", data);
        Path target = file("target.tgz", new byte[] {1, 2, 3});

        KvCli get = object("get", bucket, "app.tgz", "-o", target.toString());
        assertThat(get.exitCode()).isEqualTo(1);
        assertThat(get.err()).startsWith("mms: cannot download nats-os://" + bucket + "/app.tgz to " + target + ": ")
                .containsIgnoringCase("digest");
        assertThat(target).hasBinaryContent(new byte[] {1, 2, 3});
        assertThat(fileNames(dir)).containsExactlyInAnyOrder("app.tgz", "target.tgz");

        Download toStdout = getToStandardOutput("app.tgz");
        assertThat(toStdout.run().exitCode()).isEqualTo(1);
        assertThat(toStdout.run().err()).startsWith("mms: cannot download nats-os://" + bucket + "/app.tgz: ");
    }

    private static List<String> fileNames(Path directory) throws Exception {
        try (Stream<Path> files = Files.list(directory)) {
            return files.map(p -> p.getFileName().toString()).toList();
        }
    }

    @Test
    void thePrintedUrlResolvesToTheSameObjectThroughArchiveSources() throws Exception {
        byte[] data = random(150_000);
        KvCli put = object("put", bucket, file("app.tgz", data).toString(), "--name", "fleet/my app 100%.tgz");
        Matcher url = Pattern.compile(" at (\\S+)\n$").matcher(put.out());
        assertThat(url.find()).as(put.out()).isTrue();
        assertThat(url.group(1)).isEqualTo("nats-os://" + bucket + "/fleet/my%20app%20100%25.tgz");

        try (KeyValueStore store = KeyValueStores.open(NATS.url(), ConnectOptions.NONE)) {
            ArchiveSource source = ArchiveSources.of(url.group(1), HttpSourceOptions.defaults(), store.objects());
            assertThat(source).isInstanceOfSatisfying(ObjectStoreSource.class, s -> {
                assertThat(s.bucket()).isEqualTo(bucket);
                assertThat(s.name()).isEqualTo("fleet/my app 100%.tgz");
            });
            try (SourceStream stream = source.open()) {
                assertThat(stream.body().readAllBytes()).isEqualTo(data);
            }
        }
    }

    @Test
    void everyVerbRefusesAnSqliteStoreWithoutCreatingIt() throws Exception {
        Path db = dir.resolve("state").resolve("kv.db");
        String store = "--store=sqlite:" + db;
        Path archive = file("a.tgz", new byte[] {1});
        for (String[] args : new String[][] {
            {"object", "put", store, "machines", archive.toString()},
            {"object", "get", store, "machines", "a.tgz"},
            {"object", "ls", store, "machines"},
            {"object", "rm", store, "machines", "a.tgz", "-f"}}) {
            KvCli r = KvCli.run(args);
            assertThat(r.exitCode()).as(String.join(" ", args)).isEqualTo(1);
            assertThat(r.err()).isEqualTo("mms: object storage needs a NATS store (--store nats://...), the store is sqlite:"
                    + db + "\n");
        }
        assertThat(dir.resolve("state")).doesNotExist();
    }

    @Test
    void helpTeachesUploadingABundleAndTheResultingSourceUrl() {
        KvCli group = KvCli.run("object", "--help");
        assertThat(group.out()).contains("mms bundle ./app --source-base nats-os://machines/fleet --out dist")
                .contains("mms object put machines dist/app-1.0.0.tar.gz --name fleet/app-1.0.0.tar.gz")
                .contains("put", "get", "ls", "rm");
        KvCli put = KvCli.run("object", "put", "--help");
        assertThat(put.out()).contains("Usage: mms object put", "BUCKET FILE", "--name=NAME", "--store",
                "  mms object put machines dist/app-1.0.0.tar.gz --name fleet/app-1.0.0.tar.gz\n",
                "at nats-os://machines/fleet/app-1.0.0.tar.gz', the source");
        assertThat(KvCli.run("object", "get", "--help").out()).contains("-o, --output=FILE");
        assertThat(KvCli.run("--help").out()).contains("object");
    }

    @Test
    void bundlePublishUploadsTheArchiveWhereItsSourcePoints() throws Exception {
        Path machine = Files.createDirectories(dir.resolve("app"));
        Files.writeString(machine.resolve("machine.yaml"), Operator.machineYaml("app", "1.0.0"));

        KvCli run = KvCli.run("bundle", machine.toString(), "--out", dir.resolve("dist").toString(), "--source-base",
                "nats-os://" + bucket + "/fleet", "--publish", "--store", NATS.url());

        assertThat(run.exitCode()).as(run.err()).isZero();
        JsonNode entry = Json.mapper().readTree(run.out());
        String checksum = Sha256.ofFile(dir.resolve("dist/app-1.0.0.tar.gz"));
        assertThat(entry.get("source").asText()).isEqualTo("nats-os://" + bucket + "/fleet/app-1.0.0.tar.gz");
        assertThat(entry.get("checksum").asText()).isEqualTo(checksum);
        assertThat(run.err()).contains("stored fleet/app-1.0.0.tar.gz (").contains("sha256 " + checksum + ") at nats-os://"
                + bucket + "/fleet/app-1.0.0.tar.gz\n");
        assertThat(getToStandardOutput("fleet/app-1.0.0.tar.gz").bytes())
                .isEqualTo(Files.readAllBytes(dir.resolve("dist/app-1.0.0.tar.gz")));
    }
}
