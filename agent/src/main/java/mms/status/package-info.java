/**
 * Each node's status record in the store ({@link mms.status.NodeStatus}): the one place the fleet
 * learns which node runs what, what it did with the last specification, and whether it is alive.
 *
 * <p>The write side is {@link mms.status.StatusPublisher}, which every agent runs on its one store
 * session: it hears the managers' archive outcomes (as an event sink) and the machines watchers'
 * decisions (as the {@link mms.watcher.SpecificationReporter} of the watcher services), composes
 * the record from a snapshot of the running machines and writes it on change and on a heartbeat.
 *
 * <p>The read side is for every tool that shows the fleet ({@code mms fleet status}, the
 * dashboard, rollouts): {@link mms.status.FleetFeed} keeps every record and the current
 * specification ({@link mms.status.PublishedSpecification}, with the revisions of the digests
 * nodes report) up to date from two watches, and {@link mms.status.FleetView} computes, purely,
 * what they say: liveness, convergence, rejections, failures, versions.
 */
package mms.status;
