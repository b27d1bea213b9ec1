/**
 * The three duration dialects of the original, one class each, parsed and printed exactly as it
 * does. Watcher {@code interval} and {@code announce_interval} use {@link ChoriaDuration} (Go
 * syntax, or one number with a {@code d}, {@code w}, {@code M} or {@code y} suffix); watcher
 * properties use {@link GoDuration}; command-line flags and arguments use {@link CliDuration} (Go
 * syntax with compound {@code d}, {@code w}, {@code M}, {@code y} parts, {@code 1d12h}). Go and CLI
 * durations share one scanner and differ in their units and messages. Generated manager machines
 * and messages print with {@link GoDuration#format(java.time.Duration)} ({@code 2m0s}). Keeping
 * them byte-compatible matters: manager manifests are hashed. Nothing else in mms parses a
 * duration.
 */
package mms.duration;
