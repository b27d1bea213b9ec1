package mms.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.util.Optional;
import java.util.concurrent.Callable;
import mms.archive.source.ArchiveSources;
import mms.digest.Sha256;
import mms.files.AtomicFiles;
import mms.kv.StoredObject;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code mms object get}: downloads an object to a file or standard output. */
@Command(name = "get", mixinStandardHelpOptions = true,
        description = {
            "Downloads an object to a file or to standard output.",
            "",
            "Writes object NAME of BUCKET to FILE, or to standard output without -o, and checks the "
                    + "object store's digest as the bytes arrive. FILE is replaced only by a complete, checked "
                    + "download: the bytes go to a temporary file beside it that is renamed into place at the "
                    + "end. With -o, prints NAME (SIZE bytes, sha256 HEX).",
            "",
            "Example:",
            "  mms object get machines fleet/app-1.0.0.tar.gz -o app-1.0.0.tar.gz"
        })
final class ObjectGetCommand implements Callable<Integer> {
    private static final int BUFFER = 64 * 1024;

    @Parameters(index = "0", paramLabel = "BUCKET")
    String bucket;

    @Parameters(index = "1", paramLabel = "NAME", description = "the object name, e.g. fleet/app-1.0.0.tar.gz")
    String name;

    @Option(names = {"-o", "--output"}, paramLabel = "FILE",
            description = "write to FILE (replaced atomically) and print a summary, instead of standard output")
    Optional<Path> output;

    @Mixin
    KvOptions store;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    /** Where the bytes go without -o: not picocli's PrintWriter, which is for text; tests replace it. */
    PrintStream standardOutput = System.out;

    @Override
    public Integer call() {
        KvOutput.bucket(bucket);
        output.filter(Files::isDirectory).ifPresent(dir -> {
            throw new CliException("cannot write " + dir + ": it is a directory");
        });
        Optional<String> written = store.applyToObjects(objects -> {
            try (StoredObject object = objects.open(bucket, name).orElseThrow(() -> ObjectOutput.notFound(bucket, name))) {
                if (output.isPresent()) {
                    return Optional.of(toFile(object, output.get()));
                }
                toStandardOutput(object);
                return Optional.<String>empty();
            } catch (IOException e) {
                throw new CliException("cannot close object '" + name + "' of bucket " + bucket + ": " + e.getMessage(), 1, e);
            }
        });
        written.ifPresent(summary -> {
            PrintWriter out = spec.commandLine().getOut();
            out.println("wrote " + output.orElseThrow() + ": " + summary);
            out.flush();
        });
        return 0;
    }

    private String toFile(StoredObject object, Path target) {
        Path directory = target.toAbsolutePath().getParent();
        if (!Files.isDirectory(directory)) {
            throw new CliException("cannot write " + target + ": directory " + directory + " does not exist");
        }
        MessageDigest sha256 = Sha256.newDigest();
        try {
            // FILE is the old or the whole new, digest-checked content, never a part
            AtomicFiles.replace(target, out -> object.body().transferTo(new DigestOutputStream(out, sha256)));
        } catch (IOException e) {
            throw new CliException("cannot download " + source() + " to " + target + ": " + e.getMessage(), 1, e);
        }
        return ObjectOutput.summary(name, object.info().size(), Sha256.hex(sha256));
    }

    private void toStandardOutput(StoredObject object) {
        // a PrintStream hides write errors (a closed pipe): checked after every write
        PrintStream out = standardOutput;
        byte[] buffer = new byte[BUFFER];
        try {
            InputStream in = object.body();
            for (int n; (n = in.read(buffer)) >= 0; ) {
                out.write(buffer, 0, n);
                if (out.checkError()) {
                    throw new CliException("cannot download " + source() + ": writing to standard output failed");
                }
            }
        } catch (IOException e) {
            out.flush();
            throw new CliException("cannot download " + source() + ": " + e.getMessage(), 1, e);
        }
        out.flush();
    }

    private String source() {
        return ArchiveSources.objectStoreUrl(bucket, name);
    }
}
