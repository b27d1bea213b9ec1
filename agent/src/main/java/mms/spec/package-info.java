/**
 * Signed machines specifications: what an operator publishes to the Key-Value bucket and what
 * every node checks before installing machines.
 *
 * <p>Two formats. The original's {@link mms.spec.Specification},
 * {@code {"machines":"<base64>","signature":"<hex>"}}, byte compatible with go-choria's
 * {@code mms pack} (one ed25519 signature over the decoded {@code machines.json} bytes). And the
 * versioned {@link mms.spec.VersionedSpecification}: {@code machines.json} signed together with a
 * serial, an issue time, an optional expiry and an audience, in a DSSE v1
 * {@link mms.spec.Envelope} whose signatures ({@code {keyid, sig}}, key ids the SHA-256 of the
 * public key, {@link mms.spec.KeyId}) cover the exact bytes carried. Which keys count, and how
 * many of them, is a {@link mms.spec.Keyring}; for a fleet it comes from a signed
 * {@link mms.spec.TrustDocument}, rotated by a newer one signed by thresholds of the trusted keys
 * and of its own.
 *
 * <p>A node's policy is a {@link mms.spec.Trust} (keys or trust document, {@code allow_unsigned},
 * {@code allow_legacy}, audience); {@link mms.spec.SpecificationGate} applies it: trust
 * rotations, format, signatures, audience, serial and expiry, validation, matching, and either a
 * rejection naming its {@link mms.spec.Refusal} or the machines this node should run. What a node
 * must not forget (the highest serial applied, the trust it adopted) is its
 * {@link mms.spec.SpecificationLedger}. {@link mms.spec.ManagedMachine} and
 * {@link mms.spec.MachinesValidator} model and check {@code machines.json}, stricter than the
 * original so that unsafe names or uncompilable matchers are caught before signing rather than on
 * every node. {@link mms.spec.Ed25519PrivateKey} and {@link mms.spec.Ed25519PublicKey} read and
 * write the original's hex key formats on top of the JDK's Ed25519. Matchers live in
 * {@link mms.spec.match}. Nothing here does I/O except key files, the ledger and the compiled-in
 * trust.
 */
package mms.spec;
