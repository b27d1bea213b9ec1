/**
 * The governor contract watchers use to limit how many nodes do something at once (the original's
 * JetStream Governor, {@code governor.md}). Watchers ({@code archive}, {@code exec}) look a
 * {@link mms.governor.Governor} up with {@code MachineContext.service(Governor.class)}; an agent
 * without one configured provides none, and a watcher whose {@code governor} property is set must
 * then fail its check rather than run ungoverned. This package holds only the contract: the
 * implementation on NATS lives elsewhere and is registered by the host.
 */
package mms.governor;
