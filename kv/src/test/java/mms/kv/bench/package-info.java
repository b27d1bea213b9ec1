/**
 * The Key-Value benchmark ({@link mms.kv.bench.KvBench}): throughput and put-to-watch latency of
 * both engines, printed as a report. Timing goals live here rather than in test assertions, so a
 * loaded machine slows the report, never fails the build.
 */
package mms.kv.bench;
