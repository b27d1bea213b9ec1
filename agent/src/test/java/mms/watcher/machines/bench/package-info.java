/**
 * Benchmarks of the machines watcher, run by hand (mains, not tests):
 * {@link mms.watcher.machines.bench.CrashBench} kills agents at random moments of installs,
 * upgrades and purges, and reports what the kills left and how long the restarted agents took to
 * converge.
 */
package mms.watcher.machines.bench;
