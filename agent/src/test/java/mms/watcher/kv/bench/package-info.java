/**
 * Benchmarks of the kv watcher (mains, not tests): how long a put takes to reach machine data in
 * watch and poll mode on both engines, and raw get/put throughput for context.
 */
package mms.watcher.kv.bench;
