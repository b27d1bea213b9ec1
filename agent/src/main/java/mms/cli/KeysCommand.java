package mms.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import mms.spec.Ed25519PrivateKey;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code mms keys}: a new ed25519 key pair for signing machines specifications. */
@Command(name = "keys",
        description = {
            "Creates an ed25519 key pair for signing machines specifications.",
            "",
            "Prints it in the original's format:",
            "   Public Key: <64 hex characters>",
            "  Private Key: <128 hex characters>",
            "",
            "With --private-file the private key is written there (mode 0600) instead of printed, and "
                    + "--public-file also writes the public key. Existing files are kept unless --force."
        },
        mixinStandardHelpOptions = true)
final class KeysCommand implements Callable<Integer> {
    @Option(names = "--private-file", paramLabel = "FILE", description = "write the private key (128 hex characters) here, mode 0600")
    Path privateFile;

    @Option(names = "--public-file", paramLabel = "FILE", description = "write the public key (64 hex characters) here, mode 0600")
    Path publicFile;

    @Option(names = {"--force", "-f"}, description = "overwrite existing key files")
    boolean force;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        refuseOverwrite(privateFile, "private");
        refuseOverwrite(publicFile, "public");
        Ed25519PrivateKey key = Ed25519PrivateKey.generate();
        try {
            if (privateFile != null) {
                key.writeFile(privateFile);
            }
            if (publicFile != null) {
                key.publicKey().writeFile(publicFile);
            }
        } catch (IOException e) {
            throw new CliException("cannot write key file: " + e.getMessage(), 1, e);
        }
        PrintWriter out = spec.commandLine().getOut();
        out.println(" Public Key: " + key.publicKey().hex());
        out.println("Private Key: " + (privateFile == null ? key.hex() : "saved in " + privateFile));
        if (publicFile != null) {
            out.println(" Public key saved in " + publicFile);
        }
        out.flush();
        return 0;
    }

    private void refuseOverwrite(Path file, String which) {
        if (file != null && !force && Files.exists(file, LinkOption.NOFOLLOW_LINKS)) {
            throw new CliException(which + " key file " + file + " exists, use --force to overwrite it");
        }
    }
}
