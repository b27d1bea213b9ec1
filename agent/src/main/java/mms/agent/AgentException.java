package mms.agent;

/** The agent cannot start: its machines directory or events file is unusable, or a machine cannot load. */
public final class AgentException extends Exception {
    private static final long serialVersionUID = 1L;

    /** @param message what failed, where and why, lowercase */
    public AgentException(String message, Throwable cause) {
        super(message, cause);
    }

    /** @param message what failed, where and why, lowercase */
    public AgentException(String message) {
        super(message);
    }
}
