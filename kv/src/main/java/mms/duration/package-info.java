/**
 * The duration dialects of the original, parsed and printed exactly as it does. Watcher
 * {@code interval} and {@code announce_interval} use {@link ChoriaDuration} (Go syntax plus
 * {@code d}, {@code w}, {@code M}, {@code y} suffixes); watcher properties use {@link GoDuration};
 * generated manager machines and messages print with {@link GoDuration#format(java.time.Duration)}
 * ({@code 2m0s}). Keeping them byte-compatible matters: manager manifests are hashed.
 */
package mms.duration;
