/**
 * Signed machines specifications: what an operator publishes to the Key-Value bucket and what
 * every node checks before installing machines. {@link mms.spec.Ed25519PrivateKey} and
 * {@link mms.spec.Ed25519PublicKey} read and write the original's hex key formats (Go's 64-byte
 * expanded private key, 32-byte seeds, 32-byte public keys) on top of the JDK's Ed25519;
 * {@link mms.spec.Specification} is the {@code {"machines":…,"signature":…}} envelope, byte
 * compatible with go-choria's {@code mms pack} (the signature covers the decoded
 * {@code machines.json} bytes); {@link mms.spec.ManagedMachine} and
 * {@link mms.spec.MachinesValidator} model and check {@code machines.json}, stricter than the
 * original so that unsafe names or uncompilable matchers are caught before signing rather than on
 * every node. Matchers themselves live in {@link mms.spec.match}. Nothing here does I/O except
 * reading and writing key files.
 */
package mms.spec;
