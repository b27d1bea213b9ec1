package mms.spec.match;

import java.util.EnumSet;
import java.util.Set;

/**
 * Which functions of the environment a matcher may call. The original's machines watcher offers
 * {@code identity}, {@code has_file}, {@code has_directory} and {@code has_command}; its plugins
 * watcher and {@code choria machine plugins matcher} add {@code get_fact}. mms offers
 * {@code get_fact} to both, so a specification can match on facts whichever watcher applies it.
 */
public enum Dialect {
    /** The machines watcher's environment: every function, {@code get_fact} included (the original has no {@code get_fact} here). */
    MACHINES(EnumSet.allOf(Function.class)),
    /** The plugins watcher's environment: every function. */
    PLUGINS(EnumSet.allOf(Function.class));

    private final Set<Function> functions;

    Dialect(Set<Function> functions) {
        this.functions = functions;
    }

    Set<Function> functions() {
        return functions;
    }

    /** The environment's functions, each a one-string-argument function. */
    enum Function {
        IDENTITY("identity", Type.BOOL),
        HAS_FILE("has_file", Type.BOOL),
        HAS_DIRECTORY("has_directory", Type.BOOL),
        HAS_COMMAND("has_command", Type.BOOL),
        GET_FACT("get_fact", Type.ANY);

        final String wireName;
        final Type result;

        Function(String wireName, Type result) {
            this.wireName = wireName;
            this.result = result;
        }

        static Function named(String name) {
            for (Function f : values()) {
                if (f.wireName.equals(name)) {
                    return f;
                }
            }
            return null;
        }
    }
}
