package mms.http;

/**
 * What one path of the agent's HTTP listener answers to {@code GET} (and {@code HEAD}). Called on
 * a virtual thread per request, possibly concurrently: it reads what the agent knows and must not
 * wait on a machine. An exception it throws is answered with 500 and logged.
 */
@FunctionalInterface
public interface Endpoint {

    /** The response to one request; never null. */
    Response get();
}
