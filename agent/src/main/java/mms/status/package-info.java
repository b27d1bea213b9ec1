/**
 * Each node's status record in the store ({@link mms.status.NodeStatus}): the one place the fleet
 * learns which node runs what, what it did with the last specification, and whether it is alive.
 */
package mms.status;
