/**
 * The one SHA-256 helper: {@link mms.digest.Sha256} hashes bytes, files and streams into the
 * lowercase hex that {@code sha256sum}, {@code SHA256SUMS} files and the original's checksums use.
 * Manifest hashes, archive downloads, checksums files, bundles and object-store summaries all go
 * through it, so no other class asks {@code MessageDigest} for SHA-256.
 */
package mms.digest;
