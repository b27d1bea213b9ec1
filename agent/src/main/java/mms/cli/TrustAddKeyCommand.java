package mms.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import mms.spec.Ed25519PublicKey;
import mms.spec.TrustDocument;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/** {@code mms trust add-key}: the next version with more keys. */
@Command(name = "add-key",
        description = {
            "Writes the next version of a trust document with more keys.",
            "",
            "The threshold stays unless --threshold is given. The new version needs signatures by a "
                    + "threshold of the keys of TRUST and a threshold of its own keys before nodes adopt it."
        },
        mixinStandardHelpOptions = true)
final class TrustAddKeyCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "TRUST", description = "the current trust document")
    Path trust;

    @Parameters(index = "1..*", arity = "1..*", paramLabel = "PUBKEY", description = "public keys to add (hex or key files)")
    List<String> added;

    @Mixin
    TrustVersionOptions version = new TrustVersionOptions();

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        TrustDocument current = TrustVersionOptions.read(trust);
        List<Ed25519PublicKey> keys = new ArrayList<>(current.keyring().keys());
        for (String text : added) {
            Ed25519PublicKey key = SignedDocuments.publicKey(text);
            if (keys.contains(key)) {
                throw new CliException("key " + key.keyId() + " is already in version " + current.version() + " of "
                        + trust);
            }
            keys.add(key);
        }
        TrustDocument next = current.next(version.keyring(keys, current.keyring().threshold()), version.clock.instant());
        return version.finish(spec, next, Optional.of(current));
    }
}
