/**
 * Benchmarks of the archive watcher's install path, run by hand (they are mains, not tests):
 * {@link mms.watcher.archive.bench.ArchiveInstallBench} compares a full mms install with the shell
 * pipeline an operator would otherwise use.
 */
package mms.watcher.archive.bench;
