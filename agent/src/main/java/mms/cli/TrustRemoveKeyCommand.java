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

/** {@code mms trust remove-key}: the next version without some keys. */
@Command(name = "remove-key",
        description = {
            "Writes the next version of a trust document without some keys.",
            "",
            "KEY is a key id or a public key (hex or key file). The threshold stays unless --threshold is "
                    + "given, and must not exceed the keys that remain. Signatures by a removed key no longer "
                    + "count on nodes that adopted the new version."
        },
        mixinStandardHelpOptions = true)
final class TrustRemoveKeyCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "TRUST", description = "the current trust document")
    Path trust;

    @Parameters(index = "1..*", arity = "1..*", paramLabel = "KEY", description = "key ids or public keys to remove")
    List<String> removed;

    @Mixin
    TrustVersionOptions version = new TrustVersionOptions();

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        TrustDocument current = TrustVersionOptions.read(trust);
        List<Ed25519PublicKey> keys = new ArrayList<>(current.keyring().keys());
        for (String text : removed) {
            keys.remove(find(current, trust, text));
        }
        TrustDocument next = current.next(version.keyring(keys, current.keyring().threshold()), version.clock.instant());
        return version.finish(spec, next, Optional.of(current));
    }

    /** The key of {@code document} that {@code text} names by id, public key hex or key file. */
    static Ed25519PublicKey find(TrustDocument document, Path file, String text) {
        String t = text.strip();
        for (Ed25519PublicKey key : document.keyring().keys()) {
            if (key.keyId().hex().equals(t) || key.hex().equalsIgnoreCase(t)) {
                return key;
            }
        }
        Ed25519PublicKey key = SignedDocuments.publicKey(t);
        if (!document.keyring().keys().contains(key)) {
            throw new CliException("key " + key.keyId() + " is not in version " + document.version() + " of " + file);
        }
        return key;
    }
}
