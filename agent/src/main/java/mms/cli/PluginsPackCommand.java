package mms.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.Callable;
import mms.files.AtomicFiles;
import mms.spec.Ed25519PrivateKey;
import mms.spec.MachinesValidation;
import mms.spec.Specification;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code mms plugins pack}: validates {@code plugins.json} and prints its (signed) envelope. */
@Command(name = "pack",
        description = {
            "Validates and signs plugins.json, printing the plugins specification envelope.",
            "",
            "The envelope goes into the Key-Value bucket (CHORIA_PLUGINS, key plugins, for the built-in "
                    + "plugins manager) as is:",
            "  {\"plugins\":\"<base64>\",\"signature\":\"<hex>\"}",
            "The signature covers the base64 text, as choria machine plugins pack signs it; the envelope "
                    + "is the same byte for byte.",
            "",
            "KEY is the ed25519 private key: 128 (or 64) hex characters, or a file holding them such as "
                    + "a seed file of choria jwt keys. Without it the envelope is unsigned and a warning is "
                    + "printed, unless --force.",
            "",
            "Every problem is listed, naming the entry and field; any error means nothing is packed (exit "
                    + "1). An empty list needs --force: nodes with purge_unknown would remove every plugin."
        },
        mixinStandardHelpOptions = true)
final class PluginsPackCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "PLUGINS", description = "the plugins.json file")
    Path source;

    @Parameters(index = "1", arity = "0..1", paramLabel = "KEY", description = "private key as hex or a key file")
    String key;

    @Option(names = {"--force", "-f"}, description = "pack an empty list, do not warn without a key, overwrite --output")
    boolean force;

    @Option(names = "--output", paramLabel = "FILE", description = "write the envelope to FILE (mode 0600, no newline)"
            + " instead of standard output")
    Path output;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        byte[] bytes = PackCommand.readFile(source);
        PrintWriter err = spec.commandLine().getErr();
        MachinesValidation validation = PackCommand.validForPacking(bytes, "plugins specification " + source, err);
        if (validation.machines().isEmpty() && !force) {
            throw new CliException("no plugins listed in specification " + source + ": nodes with purge_unknown would"
                    + " remove every plugin, use --force to write an empty list");
        }
        Optional<Ed25519PrivateKey> signer = Optional.ofNullable(key).filter(k -> !k.isBlank())
                .map(SignedDocuments::privateKey);
        if (signer.isEmpty() && !force) {
            err.println("warning: no ed25519 private key given, encoding without signing");
            err.flush();
        }
        String envelope = Specification.pack(Specification.Kind.PLUGINS, bytes, signer).toJson();
        if (output == null) {
            PrintWriter out = spec.commandLine().getOut();
            out.println(envelope);
            out.flush();
            return 0;
        }
        if (Files.exists(output, LinkOption.NOFOLLOW_LINKS) && !force) {
            throw new CliException("output file " + output + " exists, use --force to overwrite");
        }
        try {
            AtomicFiles.replace(output, AtomicFiles.PRIVATE, out -> out.write(envelope.getBytes(StandardCharsets.UTF_8)));
        } catch (IOException e) {
            throw new CliException("cannot write " + output + ": " + e.getMessage(), 1, e);
        }
        return 0;
    }
}
