package mms.process;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The environment a child process gets: this JVM's with some variables added, or exactly the
 * variables given. A machine's commands get the latter, as in the original, so that what the agent
 * was started with (store tokens, passwords, {@code MMS_*} settings) never reaches a check script;
 * an operator's own command ({@code mms governor run -- CMD}) gets the former.
 */
public sealed interface Environment {

    /** The variables set in the child on top of, or instead of, this JVM's; iteration order kept. */
    Map<String, String> variables();

    /**
     * This JVM's environment with {@code added} set on top.
     *
     * @param added variables to add or replace
     */
    static Environment inheritedWith(Map<String, String> added) {
        return new Inherited(added);
    }

    /**
     * Exactly {@code variables} and nothing of this JVM's environment.
     *
     * @param variables the child's whole environment
     */
    static Environment exactly(Map<String, String> variables) {
        return new Exactly(variables);
    }

    /** This JVM's environment plus {@link #variables()}. */
    record Inherited(Map<String, String> variables) implements Environment {
        /** Copies, keeping the order. */
        public Inherited {
            variables = Collections.unmodifiableMap(new LinkedHashMap<>(variables));
        }
    }

    /** Only {@link #variables()}. */
    record Exactly(Map<String, String> variables) implements Environment {
        /** Copies, keeping the order. */
        public Exactly {
            variables = Collections.unmodifiableMap(new LinkedHashMap<>(variables));
        }
    }
}
