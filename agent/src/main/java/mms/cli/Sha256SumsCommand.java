package mms.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.Set;
import java.util.concurrent.Callable;
import mms.archive.FileFailure;
import mms.archive.InvalidChecksumsException;
import mms.archive.Sha256Sums;
import mms.archive.VerificationResult;
import mms.digest.Sha256;
import mms.files.AtomicFiles;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code mms sha256sums DIR}: writes or checks {@code DIR/SHA256SUMS}. */
@Command(name = "sha256sums",
        description = {
            "Writes or checks DIR/SHA256SUMS.",
            "",
            "Writing lists every regular file under DIR exactly as 'choria tool sha256' does and "
                    + "prints the file's own SHA-256 (the archive watcher's verify_checksum).",
            "",
            "With --check, verifies DIR against DIR/SHA256SUMS instead, as the archive watcher does: "
                    + "exit 1 listing every missing or changed file; with --strict files not listed fail too."
        },
        mixinStandardHelpOptions = true)
final class Sha256SumsCommand implements Callable<Integer> {

    static final String FILE = "SHA256SUMS";

    @Parameters(paramLabel = "DIR", description = "the directory")
    Path directory;

    @Option(names = "--check", description = "verify DIR against DIR/SHA256SUMS instead of writing it")
    boolean check;

    @Option(names = "--strict", description = "with --check: also fail on files not listed")
    boolean strict;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws IOException {
        if (!Files.isDirectory(directory)) {
            throw new CliException("cannot read directory " + directory + ": no such directory");
        }
        if (strict && !check) {
            throw new CliException("--strict only applies with --check", 2, null);
        }
        return check ? check() : write();
    }

    private int write() throws IOException {
        byte[] content = Sha256Sums.generate(directory, Set.of(FILE)).getBytes(StandardCharsets.UTF_8);
        Path sums = directory.resolve(FILE);
        AtomicFiles.replace(sums, o -> o.write(content));
        long lines = content.length == 0 ? 0 : new String(content, StandardCharsets.UTF_8).lines().count();
        PrintWriter err = spec.commandLine().getErr();
        err.println("wrote " + sums + " listing " + lines + (lines == 1 ? " file" : " files"));
        err.flush();
        PrintWriter out = spec.commandLine().getOut();
        out.println(Sha256.of(content));
        out.flush();
        return 0;
    }

    private int check() throws IOException {
        Path sums = directory.resolve(FILE);
        if (!Files.isRegularFile(sums, LinkOption.NOFOLLOW_LINKS)) {
            throw new CliException("cannot check " + directory + ": " + sums + " does not exist");
        }
        VerificationResult result;
        try {
            result = Sha256Sums.read(sums).verify(directory, FILE, strict);
        } catch (InvalidChecksumsException e) {
            throw new CliException(sums + ": " + e.getMessage(), 1, e);
        }
        PrintWriter out = spec.commandLine().getOut();
        if (result.ok()) {
            out.println("directory " + directory + " validates correctly using " + FILE + " (" + result.checked()
                    + (result.checked() == 1 ? " file)" : " files)"));
            out.flush();
            return 0;
        }
        for (FileFailure failure : result.failures()) {
            out.println("failed: " + failure.describe());
        }
        out.flush();
        PrintWriter err = spec.commandLine().getErr();
        err.println("mms: directory " + directory + " did not validate using " + FILE + ": "
                + result.failures().size() + " of " + result.checked() + " files failed"
                + (strict ? " or are not listed" : ""));
        err.flush();
        return 1;
    }
}
