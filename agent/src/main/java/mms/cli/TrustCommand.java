package mms.cli;

import java.util.List;
import picocli.CommandLine.Command;

/** {@code mms trust}: make, rotate and inspect trust documents. */
@Command(name = "trust",
        description = {
            "Makes, rotates and inspects trust documents: which keys sign a fleet's specifications.",
            "",
            "A trust document lists ed25519 public keys with their ids, how many of them must sign a "
                    + "specification (the threshold) and a version, and is itself signed. Nodes start from one "
                    + "(trust_file, or one compiled into the build) and adopt a newer version published under "
                    + "the key 'trust' of the specification's bucket when a threshold of the keys they trust and "
                    + "a threshold of its own keys signed it.",
            "",
            "init, add-key, remove-key and rotate write a new, unsigned version (--sign adds signatures "
                    + "at once); each signer adds theirs with mms sign; mms trust show FILE --previous OLD "
                    + "tells whether it is ready to publish:",
            "  mms kv put MACHINES trust - < trust.json"
        },
        mixinStandardHelpOptions = true)
final class TrustCommand extends CommandGroup {
    @Override
    List<Class<?>> subcommands() {
        return List.of(TrustInitCommand.class, TrustAddKeyCommand.class, TrustRemoveKeyCommand.class,
                TrustRotateCommand.class, TrustShowCommand.class);
    }
}
