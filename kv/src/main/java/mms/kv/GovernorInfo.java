package mms.kv;

import java.time.Duration;

/**
 * A governor's configuration and how many slots are taken.
 *
 * @param name     governor name
 * @param capacity most holders at once (at least 1)
 * @param expire   how long a slot lives without being kept alive (a crashed holder's slot is freed
 *                 after at most this long)
 * @param replicas copies of the state (JetStream stream replicas; always 1 for SQLite)
 * @param active   slots taken now
 */
public record GovernorInfo(String name, int capacity, Duration expire, int replicas, int active) {}
