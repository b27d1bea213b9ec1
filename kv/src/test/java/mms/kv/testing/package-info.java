/**
 * Test harness shared through the {@code mms-kv} test-jar: real {@code nats-server} processes for
 * tests that need JetStream. {@link mms.kv.testing.NatsServerExtension} runs one server per test
 * class (skipped when the binary is missing, failing under {@code CI=true}),
 * {@link mms.kv.testing.NatsServer} starts and kills single servers, and
 * {@link mms.kv.testing.NatsCluster} runs a three-node JetStream cluster on loopback routes. Every
 * server binds to 127.0.0.1 on random ports and lives in a directory that is removed afterwards.
 * {@link mms.kv.testing.LogCapture} records what a logger logs, for tests of what operators see.
 * {@link mms.kv.testing.PackageGraph} reads package dependencies from compiled classes with
 * {@code jdeps}, for the structure tests of both modules.
 */
package mms.kv.testing;
