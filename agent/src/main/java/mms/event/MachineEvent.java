package mms.event;

import com.fasterxml.jackson.databind.node.ObjectNode;

/** A notification a machine emits: a transition, a watcher's state, or a step of a rollout it supervises. */
public sealed interface MachineEvent permits TransitionNotification, WatcherStateNotification, RolloutTransition {

    /** The protocol string, which is also the CloudEvent {@code type}. */
    String protocol();

    /** The node identity ({@code subject} of the CloudEvent). */
    String identity();

    /** Name of the machine that emitted it. */
    String machine();

    /** Unix seconds when it happened. */
    long timestamp();

    /** The NATS subject the original publishes it on. */
    String subject();

    /** The payload, members in the original's order. */
    ObjectNode data();

    /** The one-line text form {@code choria machine watch} prints. */
    String text();
}
