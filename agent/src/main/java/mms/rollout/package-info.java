/**
 * Rollouts in waves with no coordinator. Every node and every tool reads the same status records
 * ({@link mms.status.NodeStatus}) and computes from them, purely, the same answer:
 * {@link mms.rollout.Waves} places the nodes taking part in a rollout in its waves from a hash of
 * their identity, and {@link mms.rollout.RolloutProgress} says how each supervised entry's rollout
 * stands (waves done, nodes failed, halted or paused) and whether a given node may install now.
 * {@link mms.rollout.RolloutFeed} is the agent's service that keeps the records up to date for
 * its machines watchers, from one watch of the status bucket.
 */
package mms.rollout;
