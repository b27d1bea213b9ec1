/**
 * Benchmarks of download sources, run by hand (they are mains, not tests):
 * {@link mms.archive.source.bench.FirstDownloadBench} measures how long the first download of a
 * fresh JVM takes to leave and to complete, against the second one.
 */
package mms.archive.source.bench;
