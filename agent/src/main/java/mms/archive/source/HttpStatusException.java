package mms.archive.source;

import java.io.IOException;

/** An HTTP server answered with a status code outside 200–299 (after following redirects). */
public final class HttpStatusException extends IOException {

    private final int statusCode;

    HttpStatusException(String description, int statusCode) {
        super("http request for " + description + " failed with status " + statusCode);
        this.statusCode = statusCode;
    }

    /** @param why what the status means here, e.g. a redirect that was not followed */
    HttpStatusException(String description, int statusCode, String why) {
        super("http request for " + description + " failed with status " + statusCode + ": " + why);
        this.statusCode = statusCode;
    }

    /** The status code of the final response, e.g. 404. */
    public int statusCode() {
        return statusCode;
    }
}
