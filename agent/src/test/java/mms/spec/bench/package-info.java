/**
 * The fuzzing run of the readers of signed documents ({@link mms.spec.bench.EnvelopeFuzzBench}):
 * minutes of generated and mutated envelopes, trust documents and specifications in the
 * original's format, reporting throughput, the slowest input and every violation. A main, not a
 * test; run it with {@code scripts/bench mms.spec.bench.EnvelopeFuzzBench}.
 */
package mms.spec.bench;
