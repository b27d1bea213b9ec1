package mms.cli;

import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import mms.spec.Ed25519PublicKey;
import mms.spec.TrustDocument;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code mms trust init}: the first version of a trust document. */
@Command(name = "init",
        description = {
            "Writes version 1 of a trust document.",
            "",
            "Lists the public keys (hex or key files) and the threshold; the document is unsigned unless "
                    + "--sign is given, and nodes start from it (trust_file) only once a threshold of its own "
                    + "keys signed it."
        },
        mixinStandardHelpOptions = true)
final class TrustInitCommand implements Callable<Integer> {
    @Option(names = "--key", required = true, paramLabel = "PUBKEY", description = "a public key to trust; repeat for each")
    List<String> keys;

    @Mixin
    TrustVersionOptions version = new TrustVersionOptions();

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        if (version.threshold == null) {
            throw new CliException("--threshold is required: how many of the keys must sign", 2, null);
        }
        List<Ed25519PublicKey> publics = keys.stream().map(SignedDocuments::publicKey).distinct().toList();
        TrustDocument document = TrustDocument.create(1, version.clock.instant(), version.keyring(publics, 0));
        return version.finish(spec, document, Optional.empty());
    }
}
