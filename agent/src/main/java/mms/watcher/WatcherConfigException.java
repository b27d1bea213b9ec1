package mms.watcher;

/** A watcher definition that cannot be used; the message names the property, value and reason. */
public final class WatcherConfigException extends Exception {
    private static final long serialVersionUID = 1L;

    public WatcherConfigException(String message) {
        super(message);
    }

    public WatcherConfigException(String message, Throwable cause) {
        super(message, cause);
    }
}
