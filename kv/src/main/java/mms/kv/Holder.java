package mms.kv;

import java.time.Duration;

/**
 * One taken slot as {@code view} shows it.
 *
 * @param sequence the slot id (JetStream: the stream sequence of the holder's message)
 * @param name     the holder's free-text name, e.g. {@code Auto Agent  m#w @ node1}
 * @param age      time since the slot was taken (JetStream: since its message was last re-published
 *                 to keep it alive)
 */
public record Holder(long sequence, String name, Duration age) {}
