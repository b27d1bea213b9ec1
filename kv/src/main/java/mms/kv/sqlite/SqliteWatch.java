package mms.kv.sqlite;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import mms.kv.KeyPattern;
import mms.kv.KvWatch;
import mms.kv.WatchClosed;
import mms.kv.WatchEvent;
import mms.kv.WatchOptions;

final class SqliteWatch implements KvWatch {
    private static final Object CLOSED = new Object();

    final String bucket;
    final KeyPattern pattern;
    final WatchOptions options;
    /** Highest revision looked at; only the poller thread touches it after start. */
    long lastSeq;
    private final LinkedBlockingQueue<Object> queue = new LinkedBlockingQueue<>();
    private final WatchPoller poller;
    private volatile boolean closed;

    SqliteWatch(WatchPoller poller, String bucket, KeyPattern pattern, WatchOptions options, long lastSeq) {
        this.poller = poller;
        this.bucket = bucket;
        this.pattern = pattern;
        this.options = options;
        this.lastSeq = lastSeq;
    }

    void deliver(WatchEvent event) {
        if (!closed) {
            queue.add(event);
        }
    }

    boolean isClosed() {
        return closed;
    }

    @Override
    public WatchEvent next() throws InterruptedException, WatchClosed {
        return unwrap(queue.take());
    }

    @Override
    public Optional<WatchEvent> poll(Duration timeout) throws InterruptedException, WatchClosed {
        Object o = queue.poll(timeout.toNanos(), TimeUnit.NANOSECONDS);
        return o == null ? Optional.empty() : Optional.of(unwrap(o));
    }

    private WatchEvent unwrap(Object o) throws WatchClosed {
        if (o == CLOSED) {
            queue.add(CLOSED); // every later call sees it too
            throw new WatchClosed("watch of " + bucket + " > " + pattern + " is closed");
        }
        return (WatchEvent) o;
    }

    @Override
    public void close() {
        if (!closed) {
            closed = true;
            poller.remove(this);
            queue.clear();
            queue.add(CLOSED);
        }
    }
}
