/**
 * Benchmarks run as commands ({@code scripts/bench CLASS}), printing a report: the Key-Value
 * benchmark ({@link mms.kv.bench.KvBench}: throughput and put-to-watch latency of both engines)
 * and the governor benchmark ({@link mms.kv.bench.GovernorBench}: simulated nodes deploying
 * through a governor). Timing goals live here rather than in test assertions, so a loaded machine
 * slows the report, never fails the build.
 */
package mms.kv.bench;
