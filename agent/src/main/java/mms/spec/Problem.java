package mms.spec;

import java.util.Optional;
import java.util.OptionalInt;

/**
 * One finding of {@link MachinesValidator}: where it is and what is wrong.
 *
 * @param index position of the entry in the array (0-based), empty for the whole document
 * @param name the entry's name as written, empty when unknown or not a string
 * @param field the JSON member concerned (e.g. {@code checksum}), empty for the entry as a whole
 * @param message lowercase description naming the bad value, never null
 */
public record Problem(OptionalInt index, Optional<String> name, Optional<String> field, String message) {

    /**
     * The full text, e.g. {@code machine 0 'facts': checksum: must be 64 lowercase hex characters, got 'abc'}
     * or, for the document, just the message.
     */
    public String describe() {
        StringBuilder out = new StringBuilder();
        if (index.isPresent()) {
            out.append("machine ").append(index.getAsInt());
            name.ifPresent(n -> out.append(' ').append(MachinesValidator.quote(n)));
            out.append(": ");
        }
        field.ifPresent(f -> out.append(f).append(": "));
        return out.append(message).toString();
    }

    /** Same as {@link #describe()}. */
    @Override
    public String toString() {
        return describe();
    }
}
