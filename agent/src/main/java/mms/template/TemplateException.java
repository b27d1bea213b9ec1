package mms.template;

import java.io.Serial;

/**
 * A template could not be parsed or executed. The message follows Go's text/template, with the
 * template named {@code machine} as in the original and the position given as line and byte column:
 * {@code template: machine:1:14: function "bad" not defined} or {@code template: machine:1:3:
 * executing "machine" at <Base64Decode "%">: error calling Base64Decode: illegal base64 data at
 * input byte 0}. The cause, when there is one, is kept.
 */
public final class TemplateException extends Exception {

    @Serial
    private static final long serialVersionUID = 1L;

    /** The name the original gives every watcher template. */
    static final String NAME = "machine";

    TemplateException(String message, Throwable cause) {
        super(message, cause);
    }

    static TemplateException parse(String text, int pos, String message) {
        return new TemplateException("template: " + NAME + ":" + location(text, pos) + ": " + message, null);
    }

    static TemplateException exec(String text, int pos, String context, String message, Throwable cause) {
        return new TemplateException("template: " + NAME + ":" + location(text, pos) + ": executing \"" + NAME
                + "\" at <" + context + ">: " + message, cause);
    }

    /** {@code line:column} as Go's ErrorContext computes it: 1-based line, 0-based column. */
    private static String location(String text, int pos) {
        int p = Math.min(Math.max(pos, 0), text.length());
        int line = 1;
        int lastNewline = -1;
        for (int i = 0; i < p; i++) {
            if (text.charAt(i) == '\n') {
                line++;
                lastNewline = i;
            }
        }
        int column = lastNewline < 0 ? p : p - (lastNewline + 1);
        return line + ":" + column;
    }
}
