package mms.watcher.machines;

import java.util.Objects;
import mms.spec.Ed25519PublicKey;

/**
 * The agent's configured specification signing key (setting {@code signing_key}, the original's
 * {@code plugin.choria.machine.signing_key}), offered to machines as a host service. When present
 * it overrides the key compiled into the build and every watcher's {@code public_key} property.
 *
 * @param publicKey the trusted ed25519 public key, not null
 */
public record SigningKey(Ed25519PublicKey publicKey) {

    /** Rejects null. */
    public SigningKey {
        Objects.requireNonNull(publicKey, "publicKey");
    }
}
