/**
 * The deployment benchmark ({@link mms.e2e.bench.DeployBench}): how long a new specification takes
 * to become a running machine on each store and kv watcher mode, and what evaluating a
 * specification of 1,000 entries costs the machines watcher. A main, not a test; run it with
 * {@code scripts/bench-deploy}.
 */
package mms.e2e.bench;
