package mms.json;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;

/**
 * Checks the shape of a JSON document by streaming through its tokens, before any tree is built:
 * how deeply it nests and how many elements a top-level array has. Memory stays constant
 * whatever the input, so a hostile document (100,000 nested arrays, millions of entries) is
 * refused with a message naming the bound instead of exhausting the stack or the heap.
 */
public final class JsonBounds {

    private JsonBounds() {}

    /**
     * Reads every token of {@code parser} (which the caller closes).
     *
     * @param parser a fresh parser over the document, not null
     * @param maxDepth how many arrays and objects may be nested in each other (1: a flat array)
     * @param maxElements how many elements a top-level array may have
     * @throws JsonBoundsException naming the bound and where it was exceeded
     * @throws IOException when the document is not valid JSON (the parser's exception, with its location)
     */
    public static void check(JsonParser parser, int maxDepth, int maxElements) throws JsonBoundsException, IOException {
        int depth = 0;
        boolean topLevelArray = false;
        long elements = 0;
        for (JsonToken token = parser.nextToken(); token != null; token = parser.nextToken()) {
            if (depth == 1 && topLevelArray && token != JsonToken.END_ARRAY && ++elements > maxElements) {
                throw new JsonBoundsException("has more than " + maxElements + " elements");
            }
            if (token.isStructStart()) {
                if (depth == 0) {
                    topLevelArray = token == JsonToken.START_ARRAY;
                }
                if (++depth > maxDepth) {
                    throw new JsonBoundsException("is nested more than " + maxDepth + " levels deep"
                            + where(parser.currentTokenLocation()));
                }
            } else if (token.isStructEnd()) {
                depth--;
            }
        }
    }

    private static String where(JsonLocation location) {
        return location == null ? "" : " (at line " + location.getLineNr() + " column " + location.getColumnNr() + ")";
    }

    /** A document exceeds one of the bounds of {@link #check}. */
    public static final class JsonBoundsException extends Exception {
        private static final long serialVersionUID = 1L;

        JsonBoundsException(String message) {
            super(message);
        }
    }
}
