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

/** {@code mms trust rotate}: the next version with one key replaced by another. */
@Command(name = "rotate",
        description = {
            "Writes the next version of a trust document with one key replaced by another.",
            "",
            "OLD is a key id or a public key, NEW a public key (hex or key files): what to do when a signer "
                    + "leaves or a key may have been exposed. The threshold stays unless --threshold is given."
        },
        mixinStandardHelpOptions = true)
final class TrustRotateCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "TRUST", description = "the current trust document")
    Path trust;

    @Parameters(index = "1", paramLabel = "OLD", description = "the key to replace: key id or public key")
    String old;

    @Parameters(index = "2", paramLabel = "NEW", description = "the public key replacing it")
    String replacement;

    @Mixin
    TrustVersionOptions version = new TrustVersionOptions();

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        TrustDocument current = TrustVersionOptions.read(trust);
        Ed25519PublicKey leaving = TrustRemoveKeyCommand.find(current, trust, old);
        Ed25519PublicKey coming = SignedDocuments.publicKey(replacement);
        List<Ed25519PublicKey> keys = new ArrayList<>(current.keyring().keys());
        if (keys.contains(coming)) {
            throw new CliException("key " + coming.keyId() + " is already in version " + current.version() + " of " + trust);
        }
        keys.set(keys.indexOf(leaving), coming);
        TrustDocument next = current.next(version.keyring(keys, current.keyring().threshold()), version.clock.instant());
        return version.finish(spec, next, Optional.of(current));
    }
}
