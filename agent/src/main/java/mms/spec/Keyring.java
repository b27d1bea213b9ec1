package mms.spec;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Keys and how many of them must sign: the rule an {@link Envelope}'s signatures are checked
 * against. A node's keyring comes from its trust document ({@link TrustDocument#keyring()}), or is
 * its configured public keys with a threshold of one ({@link Trust#keyring()}).
 *
 * @param keys      the trusted keys, at least one, no duplicates; never null
 * @param threshold how many distinct keys must have signed, from 1 to the number of keys
 */
public record Keyring(List<Ed25519PublicKey> keys, int threshold) {

    /**
     * Copies the keys and checks the threshold.
     *
     * @throws IllegalArgumentException when there is no key, a key is listed twice, or the
     *     threshold is below 1 or above the number of keys
     */
    public Keyring {
        keys = List.copyOf(keys);
        if (keys.isEmpty()) {
            throw new IllegalArgumentException("a keyring needs at least one key");
        }
        if (new HashSet<>(keys).size() != keys.size()) {
            throw new IllegalArgumentException("a keyring lists a key twice");
        }
        if (threshold < 1 || threshold > keys.size()) {
            throw new IllegalArgumentException("threshold " + threshold + " is not between 1 and the number of keys, "
                    + keys.size());
        }
    }

    /** The key with id {@code id}, if it is in this keyring. */
    public Optional<Ed25519PublicKey> key(KeyId id) {
        return keys.stream().filter(k -> k.keyId().equals(id)).findFirst();
    }

    /** The ids of the keys, in order. */
    public List<KeyId> ids() {
        return keys.stream().map(Ed25519PublicKey::keyId).toList();
    }

    /**
     * Checks every signature of {@code envelope}: a signature counts when its key is in this
     * keyring and it verifies over the envelope's signed bytes; a key counts once however many
     * signatures it made.
     *
     * @param envelope the envelope, not null
     * @return never null
     */
    public SignatureCheck check(Envelope envelope) {
        Objects.requireNonNull(envelope, "envelope");
        byte[] signed = envelope.signedBytes();
        Map<KeyId, Ed25519PublicKey> byId = new LinkedHashMap<>();
        keys.forEach(k -> byId.put(k.keyId(), k));
        Set<KeyId> counted = new HashSet<>();
        List<SignatureCheck.Checked> checked = new ArrayList<>();
        for (Envelope.Signature signature : envelope.signatures()) {
            Ed25519PublicKey key = byId.get(signature.keyid());
            SignatureCheck.Status status;
            if (key == null) {
                status = SignatureCheck.Status.UNTRUSTED_KEY;
            } else if (!key.verify(signed, signature.bytes())) {
                status = SignatureCheck.Status.INVALID;
            } else if (!counted.add(signature.keyid())) {
                status = SignatureCheck.Status.DUPLICATE;
            } else {
                status = SignatureCheck.Status.VALID;
            }
            checked.add(new SignatureCheck.Checked(signature.keyid(), Optional.ofNullable(key), status));
        }
        return new SignatureCheck(checked, threshold);
    }
}
