package mms.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.util.Optional;
import java.util.concurrent.Callable;
import mms.archive.source.ArchiveSources;
import mms.digest.Sha256;
import mms.kv.StoredObject;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code mms object put}: uploads a file as an object and prints its {@code nats-os://} URL. */
@Command(name = "put", mixinStandardHelpOptions = true,
        description = {
            "Uploads a file as an object and prints its nats-os:// URL.",
            "",
            "Stores FILE ('-' reads standard input) in BUCKET as object NAME, replacing an object of "
                    + "that name; creates BUCKET (file storage, one replica) if missing. Prints one line: NAME "
                    + "(SIZE bytes, sha256 HEX) at URL. HEX is the SHA-256 as sha256sum prints it, to compare "
                    + "with the checksum from 'mms bundle'; URL, the last word, is the archive watcher source "
                    + "(special characters percent-encoded).",
            "",
            "Example, after 'mms bundle ./app --source-base nats-os://machines/fleet':",
            "  mms object put machines dist/app-1.0.0.tar.gz --name fleet/app-1.0.0.tar.gz",
            "",
            "It prints '... at nats-os://machines/fleet/app-1.0.0.tar.gz', the source of the machines.json "
                    + "entry that 'mms bundle' printed."
        })
final class ObjectPutCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "BUCKET", description = "object store bucket: A-Z a-z 0-9 _ -")
    String bucket;

    @Parameters(index = "1", paramLabel = "FILE", description = "the file to upload, or - for standard input")
    String file;

    @Option(names = "--name", paramLabel = "NAME",
            description = "object name such as fleet/app-1.0.0.tar.gz ('/' allowed); the default is FILE's "
                    + "name, required with -")
    Optional<String> name;

    @Mixin
    KvOptions store;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        KvOutput.bucket(bucket);
        boolean stdin = file.equals("-");
        if (stdin && name.isEmpty()) {
            throw new CommandLine.ParameterException(spec.commandLine(),
                    "--name is required when FILE is - (standard input has no file name)");
        }
        if (name.isPresent() && name.get().isBlank()) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--name must not be blank");
        }
        MessageDigest sha256 = Sha256.newDigest();
        StoredObject.Info info;
        // the file is opened first, so a wrong path fails before the bucket is created
        try (InputStream source = stdin ? null : openFile(Path.of(file))) {
            String object = name.orElseGet(() -> Path.of(file).getFileName().toString());
            InputStream content = new DigestInputStream(stdin ? System.in : source, sha256);
            info = store.applyToObjects(objects -> objects.put(bucket, object, content));
        } catch (IOException e) {
            throw new CliException("cannot close " + file + ": " + e.getMessage(), 1, e);
        }
        PrintWriter out = spec.commandLine().getOut();
        out.println("stored " + ObjectOutput.summary(info.name(), info.size(), Sha256.hex(sha256)) + " at "
                + ArchiveSources.objectStoreUrl(bucket, info.name()));
        out.flush();
        return 0;
    }

    private static InputStream openFile(Path path) {
        if (Files.isDirectory(path)) {
            throw new CliException("cannot upload " + path + ": it is a directory");
        }
        try {
            return Files.newInputStream(path);
        } catch (NoSuchFileException e) {
            throw new CliException("cannot upload " + path + ": no such file", 1, e);
        } catch (IOException e) {
            throw new CliException("cannot upload " + path + ": " + e.getMessage(), 1, e);
        }
    }
}
