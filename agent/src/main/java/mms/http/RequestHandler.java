package mms.http;

/**
 * What one {@link Routes route} of the agent's HTTP listener answers. Unlike an {@link Endpoint}
 * it sees every method and the body, so it may change something (the httpswitch watcher's
 * {@code POST} fires a transition). Called on a virtual thread per request, possibly
 * concurrently. An exception it throws is answered with 500 and logged.
 */
@FunctionalInterface
public interface RequestHandler {

    /**
     * The response to one request; never null. Answers 405 itself for methods it does not serve.
     *
     * @throws InterruptedException when the listener closes while the handler waits
     */
    Response handle(Request request) throws InterruptedException;
}
